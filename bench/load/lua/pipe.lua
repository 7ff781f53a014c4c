-- 16 pipelined GET /echo/abc per write (wrk's pipeline idiom: the requests concatenated in one
-- string). wrk parses that string once, expects 16 responses per write and counts each response
-- as a request, so its request count needs no multiplying; latency is per batch of 16.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")

local depth = 16
local batch

function init(args)
   local one = wrk.format("GET", "/echo/abc")
   batch = string.rep(one, depth)
end

function request()
   return batch
end
