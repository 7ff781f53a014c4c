-- Included by every benchmark script: at the end of a wrk run, print one line
--   @@ferroserve-bench {json}
-- that bench/load/lib/wrk.mjs parses, so that no figure is scraped from wrk's human text.
--
-- What wrk measures: it counts one request per response received (also when requests are
-- pipelined), and records one latency sample per write (per batch of responses when pipelined).
-- Before done() runs, wrk corrects the histogram for coordinated omission, spreading synthetic
-- samples below each slow one. With pipelining, that correction assumes one response per write
-- and can put samples below the recorded minimum, where latency:percentile() never looks: high
-- percentiles then read 0. So percentiles here are taken over the samples percentile() can see
-- (visibleShare says which fraction of all samples that is; 1 in the ordinary case).

-- The largest p for which latency:percentile(p) still finds a sample, by bisection.
local function visible_percent(latency)
   if latency:percentile(100) ~= 0 then return 100 end
   local low, high = 0, 100
   for _ = 1, 40 do
      local mid = (low + high) / 2
      if latency:percentile(mid) ~= 0 then low = mid else high = mid end
   end
   return low
end

local function percentiles(latency, visible)
   local parts = {}
   for _, p in ipairs({ { "p50", 50 }, { "p75", 75 }, { "p90", 90 }, { "p99", 99 }, { "p99_9", 99.9 } }) do
      parts[#parts + 1] = string.format('"%s":%d', p[1], latency:percentile(p[2] * visible / 100))
   end
   return table.concat(parts, ",")
end

function done(summary, latency, requests)
   local e = summary.errors
   local visible = visible_percent(latency)
   io.write(string.format(
      '@@ferroserve-bench {"requests":%d,"durationUs":%d,"bytes":%d,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d},' ..
      '"latencyUs":{"min":%d,"mean":%.1f,"max":%d,%s,"visibleShare":%.4f}}\n',
      summary.requests, summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.timeout, e.status,
      latency.min, latency.mean, latency.max, percentiles(latency, visible), visible / 100))
end
