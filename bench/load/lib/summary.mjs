// From per-round results to the figures the report shows: medians over rounds, and ratios
// taken per round (servers measured seconds apart in the same round) and then their median.

export function median(values) {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function sumErrors(records) {
  const total = {};
  for (const record of records) {
    for (const [kind, count] of Object.entries(record.errors)) total[kind] = (total[kind] ?? 0) + count;
  }
  return total;
}

/** One case on one server over all rounds: medians of the figures, errors summed (never hidden by a median). */
function summariseRecords(records) {
  const pick = (field) => median(records.map((record) => record[field]));
  const base = {
    rounds: records.length,
    rps: pick('rps'),
    p50Us: pick('p50Us'),
    p99Us: pick('p99Us'),
    cpuUsPerRequest: pick('cpuUsPerRequest'),
    errorCount: records.reduce((sum, record) => sum + record.errorCount, 0),
    errors: sumErrors(records),
  };
  if (records[0].perConnectionKiB === undefined && records[0].rssAfterKiB === undefined) return base;
  return {
    ...base,
    connections: Math.min(...records.map((record) => record.connections)),
    stillOpen: Math.min(...records.map((record) => record.stillOpen)),
    rssBeforeKiB: pick('rssBeforeKiB'),
    rssAfterKiB: pick('rssAfterKiB'),
    perConnectionKiB: pick('perConnectionKiB'),
  };
}

function ratioPerRound(results, testCase, numerator, denominator, field) {
  const ratios = [];
  for (const record of results) {
    if (record.case !== testCase || record.server !== numerator) continue;
    const other = results.find((r) => r.case === testCase && r.server === denominator && r.round === record.round);
    if (other !== undefined && other[field] > 0) ratios.push(record[field] / other[field]);
  }
  return median(ratios);
}

/**
 * ferroserve-native against the best of `peers` in each round (the fastest peer of that round,
 * whichever it is), then the median over rounds: a peer that wins one round by luck counts only
 * in that round.
 */
export function ratioOverBestPerRound(results, testCase, numerator, peers) {
  const ratios = [];
  for (const record of results) {
    if (record.case !== testCase || record.server !== numerator) continue;
    const rivals = results.filter((r) => r.case === testCase && r.round === record.round && peers.includes(r.server) && r.rps > 0);
    if (rivals.length > 0) ratios.push(record.rps / Math.max(...rivals.map((r) => r.rps)));
  }
  return median(ratios);
}

/** The peer with the highest median req/s on a case, or undefined when none answered. */
export function bestPeer(caseSummary, peers) {
  let best;
  for (const peer of peers) {
    const rps = caseSummary[peer]?.rps;
    // A peer that never answered in time (0 req/s) is no "best" of anything.
    if (rps > 0 && (best === undefined || rps > caseSummary[best].rps)) best = peer;
  }
  return best;
}

/**
 * @param results [{ round, server, case, rps, p50Us, p99Us, errorCount, errors, ... }]
 * @param peers the servers "best Node peer" is chosen from (issue 12)
 * @returns {{ byCase: Record<string, Record<string, object>>, ratios: Record<string, { nativeOverNode?: number, nativeOverJs?: number, jsCpuOverNativeCpu?: number, nodeCpuOverNativeCpu?: number, nativeOverNginx?: number, nativeOverBestPeer?: number, bestPeer?: string }> }}
 */
export function summarise(results, cases, servers, { peers = [] } = {}) {
  const byCase = {};
  const ratios = {};
  for (const testCase of cases) {
    byCase[testCase] = {};
    for (const server of servers) {
      const records = results.filter((record) => record.case === testCase && record.server === server);
      if (records.length > 0) byCase[testCase][server] = summariseRecords(records);
    }
    // The idle case's latency run uses one connection: its req/s is no throughput figure.
    if (testCase === 'idle') continue;
    ratios[testCase] = {
      nativeOverNode: ratioPerRound(results, testCase, 'native', 'node', 'rps'),
      nativeOverJs: ratioPerRound(results, testCase, 'native', 'js', 'rps'),
      // CPU per request the other way up, so that above 1 means native is cheaper here too.
      jsCpuOverNativeCpu: ratioPerRound(results, testCase, 'js', 'native', 'cpuUsPerRequest'),
      nodeCpuOverNativeCpu: ratioPerRound(results, testCase, 'node', 'native', 'cpuUsPerRequest'),
      nativeOverNginx: ratioPerRound(results, testCase, 'native', 'nginx', 'rps'),
      nativeOverBestPeer: ratioOverBestPerRound(results, testCase, 'native', peers),
      bestPeer: bestPeer(byCase[testCase], peers),
    };
  }
  return { byCase, ratios };
}
