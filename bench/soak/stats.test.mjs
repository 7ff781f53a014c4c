import { describe, expect, test } from 'vitest';
import { readOptions } from './args.mjs';
import { secondHalf, slope } from './stats.mjs';

describe('slope (least squares)', () => {
  test.each([
    ['flat', [[0, 5], [1, 5], [2, 5]], 0],
    ['one per unit', [[0, 0], [1, 1], [2, 2], [3, 3]], 1],
    ['noise around a rise of 2', [[0, 1], [1, 2], [2, 5], [3, 7]], 2.1],
    ['falling', [[0, 10], [2, 6]], -2],
  ])('%s', (_name, points, expected) => {
    expect(slope(points.map(([x, y]) => ({ x, y })))).toBeCloseTo(expected, 9);
  });
  test.each([
    ['one point', [[1, 1]]],
    ['one x twice', [[1, 1], [1, 2]]],
  ])('%s has no slope', (_name, points) => {
    expect(slope(points.map(([x, y]) => ({ x, y })))).toBeNaN();
  });
});

test('the second half is the samples from half the duration on', () => {
  const samples = [0, 20, 49, 50, 90].map((atMs) => ({ atMs }));
  expect(secondHalf(samples, 100).map((s) => s.atMs)).toEqual([50, 90]);
});

describe('soak flags', () => {
  test.each([
    [['--minutes', '10'], { minutes: 10, parser: 'native', sampleSeconds: 5, clients: 2 }],
    [['--minutes', '0.5', '--parser', 'js', '--sample', '2', '--clients', '3'], { minutes: 0.5, parser: 'js', sampleSeconds: 2, clients: 3 }],
  ])('%j', (argv, expected) => {
    expect(readOptions(argv)).toEqual({ help: false, ...expected });
  });
  test.each([
    [[], '--minutes is required'],
    [['--minutes', '0'], '--minutes must be a positive number'],
    [['--minutes', 'ten'], '--minutes must be a positive number'],
    [['--minutes', '1', '--parser', 'llhttp'], '--parser must be native or js'],
    [['--minutes', '1', '--clients', '1.5'], '--clients must be a positive integer'],
    [['--minutes', '1', '--bogus'], "Unknown option '--bogus'"],
  ])('%j is refused', (argv, message) => {
    expect(() => readOptions(argv)).toThrow(message);
  });
});
