// bench:instructions' arithmetic: fewest, median and most per server, ratios of the fewest.
import { describe, expect, test } from 'vitest';
import { summariseInstructions } from './instructions-report.mjs';

const batch = (server, testCase, perRequest) => ({ server, case: testCase, perRequest });

describe('summariseInstructions', () => {
  const options = { cases: ['echo'], servers: ['native', 'js', 'node'] };
  // One twin batch took a garbage collection (41,000): it moves the twin's median, not its fewest.
  const records = [
    batch('native', 'echo', 20_000),
    batch('native', 'echo', 19_000),
    batch('native', 'echo', 21_000),
    batch('js', 'echo', 20_900),
    batch('js', 'echo', 41_000),
    batch('js', 'echo', 41_500),
    batch('node', 'echo', 76_000),
  ];

  test('fewest, median and most per server', () => {
    const { echo } = summariseInstructions(records, options);
    expect(echo.native).toEqual({ min: 19_000, median: 20_000, max: 21_000 });
    expect(echo.js).toEqual({ min: 20_900, median: 41_000, max: 41_500 });
    expect(echo.node).toEqual({ min: 76_000, median: 76_000, max: 76_000 });
  });

  test('ratios compare the fewest, above 1 when native executes fewer', () => {
    const { echo } = summariseInstructions(records, options);
    expect(echo.jsOverNative).toBeCloseTo(1.1, 10);
    expect(echo.nodeOverNative).toBeCloseTo(4, 10);
  });

  test('a server left out has no ratio', () => {
    const { echo } = summariseInstructions(records.filter((r) => r.server !== 'node'), { cases: ['echo'], servers: ['native', 'js'] });
    expect(echo.nodeOverNative).toBeUndefined();
    expect(echo.jsOverNative).toBeCloseTo(1.1, 10);
  });
});
