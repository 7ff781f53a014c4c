// Benchmark arithmetic: medians, per-round ratios, target verdicts. No timing is asserted.
import { describe, expect, test } from 'vitest';
import { median, summarise } from './summary.mjs';
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
