// Benchmark arithmetic: medians, per-round ratios, target verdicts. No timing is asserted.
import { describe, expect, test } from 'vitest';
import { bestPeer, median, ratioOverBestPerRound, summarise } from './summary.mjs';
import { evaluateTargets } from './targets.mjs';

const errors = { connect: 0, read: 0, write: 0, timeout: 0, status: 0 };
const record = (round, server, testCase, rps, extra = {}) => ({
  round,
  server,
  case: testCase,
  rps,
  p50Us: 100,
  p99Us: 1000,
  errorCount: 0,
  errors,
  ...extra,
});

describe('median', () => {
  test.each([
    [[], undefined],
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
    [[1, Number.NaN, 2, undefined, 3], 2],
  ])('median(%j) = %j', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('summarise', () => {
  // Round 2 is a slow round for everyone: a ratio of medians (300/150 = 2) would differ from the
  // median of per-round ratios (rounds: 3, 3, 1.5 -> 3).
  const results = [
    record(1, 'native', 'echo', 300),
    record(1, 'node', 'echo', 100),
    record(2, 'native', 'echo', 150),
    record(2, 'node', 'echo', 50),
    record(3, 'native', 'echo', 300),
    record(3, 'node', 'echo', 200),
  ];

  test('ratios are medians of per-round ratios', () => {
    const { ratios } = summarise(results, ['echo'], ['native', 'node']);
    expect(ratios.echo.nativeOverNode).toBe(3);
    expect(ratios.echo.nativeOverJs).toBeUndefined();
  });

  test('CPU per request is compared the other way up: above 1 means native costs less', () => {
    const cpu = [
      record(1, 'native', 'echo', 300, { cpuUsPerRequest: 10 }),
      record(1, 'js', 'echo', 280, { cpuUsPerRequest: 12 }),
      record(2, 'native', 'echo', 150, { cpuUsPerRequest: 20 }),
      record(2, 'js', 'echo', 160, { cpuUsPerRequest: 22 }),
      record(3, 'native', 'echo', 300, { cpuUsPerRequest: 10 }),
      record(3, 'js', 'echo', 310, { cpuUsPerRequest: 13 }),
    ];
    const { byCase, ratios } = summarise(cpu, ['echo'], ['native', 'js']);
    expect(byCase.echo.native.cpuUsPerRequest).toBe(10);
    expect(byCase.echo.js.cpuUsPerRequest).toBe(13);
    // Per round 1.2, 1.1, 1.3: the median is 1.2.
    expect(ratios.echo.jsCpuOverNativeCpu).toBeCloseTo(1.2, 10);
    expect(ratios.echo.nodeCpuOverNativeCpu).toBeUndefined();
  });

  test('req/s is the median over rounds and errors are summed, never hidden by a median', () => {
    const withErrors = [...results, record(4, 'node', 'echo', 100, { errorCount: 2, errors: { ...errors, status: 2 } })];
    const { byCase } = summarise(withErrors, ['echo'], ['native', 'node']);
    expect(byCase.echo.native.rps).toBe(300);
    expect(byCase.echo.node.rps).toBe(100);
    expect(byCase.echo.node.errorCount).toBe(2);
    expect(byCase.echo.node.errors.status).toBe(2);
  });

  test('the idle case carries memory figures and no throughput ratio', () => {
    const idle = [
      record(1, 'native', 'idle', 10, { connections: 2000, stillOpen: 2000, rssBeforeKiB: 1000, rssAfterKiB: 9000, perConnectionKiB: 4 }),
      record(1, 'node', 'idle', 10, { connections: 2000, stillOpen: 1990, rssBeforeKiB: 1000, rssAfterKiB: 21000, perConnectionKiB: 10 }),
    ];
    const { byCase, ratios } = summarise(idle, ['idle'], ['native', 'node']);
    expect(byCase.idle.native.perConnectionKiB).toBe(4);
    expect(byCase.idle.node.stillOpen).toBe(1990);
    expect(ratios.idle).toBeUndefined();
  });
});

describe('evaluateTargets', () => {
  const verdicts = (summary, probeProblems = []) =>
    Object.fromEntries(evaluateTargets(summary, probeProblems).map((t) => [t.target, t.status]));
  const server = (p99Us, errorCount = 0, extra = {}) => ({ rps: 1, p50Us: 1, p99Us, errorCount, errors, ...extra });

  test.each([
    ['echo', 1.6, 'met'],
    ['echo', 1.59, 'not met'],
    ['pipe', 10, 'met'],
    ['pipe', 9.9, 'not met'],
    ['big', 1.0, 'met'],
  ])('%s: native / node:http ratio %d is %s', (testCase, value, status) => {
    const summary = { byCase: {}, ratios: { [testCase]: { nativeOverNode: value } } };
    const threshold = { echo: 1.6, pipe: 10, big: 1 }[testCase];
    expect(verdicts(summary)[`${testCase}: native / node:http req/s >= ${threshold}`]).toBe(status);
  });

  test.each([
    ['pipe', 1.2, 1.19, 'not met'],
    ['pipe', 1.2, 1.2, 'met'],
    ['echo', 1, 0.99, 'not met'],
  ])('%s: native / js >= %d with %d is %s', (testCase, threshold, value, status) => {
    const summary = { byCase: {}, ratios: { [testCase]: { nativeOverJs: value } } };
    expect(verdicts(summary)[`${testCase}: native / js req/s >= ${threshold}`]).toBe(status);
  });

  test('p99, idle memory and errors', () => {
    const summary = {
      byCase: {
        echo: { native: server(900), js: server(800, 3), node: server(1000) },
        idle: { native: server(1100, 0, { perConnectionKiB: 12 }), node: server(1000) },
      },
      ratios: {},
    };
    const v = verdicts(summary);
    expect(v['echo: native p99 <= node:http p99 (ratio <= 1)']).toBe('met');
    expect(v['idle: native p99 <= node:http p99 (ratio <= 1)']).toBe('not met');
    expect(v['idle: native RSS per connection < 10 KiB']).toBe('not met');
    expect(v['native: no errors or non-2xx/3xx responses, correct answers']).toBe('met');
    expect(v['js: no errors or non-2xx/3xx responses, correct answers']).toBe('not met');
    expect(v['root: native / node:http req/s >= 1.6']).toBe('not measured');
  });

  test('a wrong answer found by the probe fails the no-errors target', () => {
    const summary = { byCase: { echo: { native: server(900) } }, ratios: {} };
    const v = verdicts(summary, [{ round: 1, server: 'native', problem: 'gzip: Content-Encoding (none), expected gzip' }]);
    expect(v['native: no errors or non-2xx/3xx responses, correct answers']).toBe('not met');
  });
});

describe('issue 12: ferroserve-native against nginx and the best Node peer', () => {
  // Round 1: sirv is the fastest peer; round 2: serve is. The best peer is chosen per round.
  const results = [
    record(1, 'native', 'small', 400),
    record(1, 'nginx', 'small', 800),
    record(1, 'sirv', 'small', 100),
    record(1, 'serve', 'small', 50),
    record(2, 'native', 'small', 300),
    record(2, 'nginx', 'small', 1000),
    record(2, 'sirv', 'small', 60),
    record(2, 'serve', 'small', 75),
    record(3, 'native', 'small', 500),
    record(3, 'nginx', 'small', 500),
    record(3, 'sirv', 'small', 125),
    record(3, 'serve', 'small', 0),
  ];
  const peers = ['sirv', 'serve'];

  test('native / nginx is the median of per-round ratios (0.5, 0.3, 1.0 -> 0.5)', () => {
    expect(summarise(results, ['small'], ['native', 'nginx', 'sirv', 'serve'], { peers }).ratios.small.nativeOverNginx).toBe(0.5);
  });

  test('native / best peer takes the fastest peer of each round (4, 4, 4), skipping a peer with no answer', () => {
    expect(ratioOverBestPerRound(results, 'small', 'native', peers)).toBe(4);
  });

  test('the node:http anchor is no peer: leaving it out of `peers` keeps it out of the ratio', () => {
    const withAnchor = [...results, record(1, 'node', 'small', 4000), record(2, 'node', 'small', 4000), record(3, 'node', 'small', 4000)];
    expect(ratioOverBestPerRound(withAnchor, 'small', 'native', peers)).toBe(4);
  });

  test('best peer names the peer with the highest median req/s', () => {
    const { byCase, ratios } = summarise(results, ['small'], ['native', 'nginx', 'sirv', 'serve'], { peers });
    expect(byCase.small.sirv.rps).toBe(100);
    expect(ratios.small.bestPeer).toBe('sirv');
    expect(bestPeer({}, peers)).toBeUndefined();
  });

  test('targets: met, missed, and not measured without nginx or peers', () => {
    const { byCase, ratios } = summarise(results, ['small'], ['native', 'nginx', 'sirv', 'serve'], { peers });
    const targets = evaluateTargets({ byCase, ratios }, []);
    const find = (text) => targets.find((t) => t.target === text);
    expect(find('small: native / nginx req/s >= 0.8')).toMatchObject({ status: 'not met', value: 0.5 });
    expect(find('small: native / best Node peer req/s >= 4')).toMatchObject({ status: 'met', value: 4 });
    expect(find('put1k: native / nginx req/s >= 1')).toMatchObject({ status: 'not measured' });
    expect(targets.some((t) => t.target.startsWith('put1k: native / best'))).toBe(false);
  });
});

describe('bestPeer', () => {
  test('a peer that never answered (0 req/s) is not the best, however the others did', () => {
    expect(bestPeer({ sirv: { rps: 0 }, serve: { rps: 3 } }, ['sirv', 'serve'])).toBe('serve');
    expect(bestPeer({ sirv: { rps: 0 } }, ['sirv'])).toBeUndefined();
  });
});
