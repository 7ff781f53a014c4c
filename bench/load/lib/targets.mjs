// Issue 4's and issue 12's targets, each checked against the summary: met, not met, or not
// measured (a server or case was left out of this run, or the server has no such feature).

/** ferroserve-native / node:http, req/s, median of per-round ratios. */
export const THROUGHPUT_TARGETS = Object.freeze({
  root: 1.6,
  echo: 1.6,
  ua: 1.6,
  gzip: 2,
  small: 3,
  big: 1.0,
  post: 2,
  pipe: 10,
});

/** native / js, req/s; every other case: 1.0. */
export const NATIVE_OVER_JS_TARGETS = Object.freeze({ pipe: 1.2 });
export const IDLE_KIB_PER_CONNECTION = 10;

/**
 * Issue 12: ferroserve-native / nginx and / best Node peer, req/s, medians of per-round ratios.
 * put1k has no peer target: no peer stores uploads.
 */
export const FILE_TARGETS = Object.freeze({
  small: { nginx: 0.8, peer: 4 },
  mid: { nginx: 0.7, peer: 3 },
  big: { nginx: 0.7, peer: 2 },
  revalidate: { nginx: 0.9, peer: 4 },
  range: { nginx: 0.7, peer: 2 },
  put1k: { nginx: 1.0 },
});

const verdict = (value, ok) => (value === undefined ? 'not measured' : ok ? 'met' : 'not met');

export function evaluateTargets({ byCase, ratios }, probeProblems) {
  const targets = [];
  for (const [testCase, threshold] of Object.entries(THROUGHPUT_TARGETS)) {
    const value = ratios[testCase]?.nativeOverNode;
    targets.push({ target: `${testCase}: native / node:http req/s >= ${threshold}`, value, status: verdict(value, value >= threshold) });
  }
  for (const testCase of Object.keys(THROUGHPUT_TARGETS)) {
    const threshold = NATIVE_OVER_JS_TARGETS[testCase] ?? 1.0;
    const value = ratios[testCase]?.nativeOverJs;
    targets.push({ target: `${testCase}: native / js req/s >= ${threshold}`, value, status: verdict(value, value >= threshold) });
  }
  for (const [testCase, { nginx, peer }] of Object.entries(FILE_TARGETS)) {
    const overNginx = ratios[testCase]?.nativeOverNginx;
    targets.push({ target: `${testCase}: native / nginx req/s >= ${nginx}`, value: overNginx, status: verdict(overNginx, overNginx >= nginx) });
    if (peer === undefined) continue;
    const overPeer = ratios[testCase]?.nativeOverBestPeer;
    targets.push({ target: `${testCase}: native / best Node peer req/s >= ${peer}`, value: overPeer, status: verdict(overPeer, overPeer >= peer) });
  }
  for (const [testCase, servers] of Object.entries(byCase)) {
    // Issue 4's latency target compares with the node:http anchor, which serves its cases only.
    if (!(testCase in THROUGHPUT_TARGETS) && testCase !== 'revalidate' && testCase !== 'idle') continue;
    const native = servers.native?.p99Us;
    const node = servers.node?.p99Us;
    const value = native === undefined || node === undefined ? undefined : native / node;
    targets.push({ target: `${testCase}: native p99 <= node:http p99 (ratio <= 1)`, value, status: verdict(value, value <= 1) });
  }
  const perConnection = byCase.idle?.native?.perConnectionKiB;
  targets.push({
    target: `idle: native RSS per connection < ${IDLE_KIB_PER_CONNECTION} KiB`,
    value: perConnection,
    status: verdict(perConnection, perConnection < IDLE_KIB_PER_CONNECTION),
  });
  for (const server of ['native', 'js']) {
    const measured = Object.values(byCase).some((servers) => servers[server] !== undefined);
    const failing = Object.entries(byCase)
      .filter(([, servers]) => (servers[server]?.errorCount ?? 0) > 0)
      .map(([testCase, servers]) => `${testCase} ${servers[server].errorCount}`);
    const wrong = probeProblems.filter((problem) => problem.server === server).map((problem) => problem.problem);
    targets.push({
      target: `${server}: no errors or non-2xx/3xx responses, correct answers`,
      value: measured ? [...failing, ...wrong].join('; ') || 'none' : undefined,
      status: verdict(measured ? 0 : undefined, failing.length === 0 && wrong.length === 0),
    });
  }
  return targets;
}
