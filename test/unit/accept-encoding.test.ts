import { describe, expect, test } from 'vitest';
import { acceptsGzip, parseQValue } from '../../src/http/accept-encoding.js';

describe('acceptsGzip (RFC 9110 §12.5.3)', () => {
  test.each<[string | undefined, boolean]>([
    [undefined, false],
    ['', false],
    ['gzip', true],
    ['GZIP', true],
    ['x-gzip', true],
    ['gzip, deflate, br', true],
    ['deflate, gzip', true],
    ['br,gzip', true],
    ['  gzip  ', true],
    ['invalid-encoding', false],
    ['invalid-encoding, gzip', true],
    ['encoding-1, gzip, encoding-2', true],
    ['deflate', false],
    ['gzipped', false],
    ['gzip;q=0', false],
    ['gzip; q=0', false],
    ['gzip ;q=0.000', false],
    ['gzip;Q=0', false],
    ['gzip;q=0.001', true],
    ['gzip;q=0.5', true],
    ['gzip;q=1', true],
    ['gzip;q=1.000', true],
    ['gzip;q=1.5', false], // malformed weight: element ignored
    ['gzip;q=abc', false],
    ['gzip;q=', false],
    ['gzip;level=1', false], // unknown parameter: element ignored
    ['*', true],
    ['*;q=0', false],
    ['*, gzip;q=0', false], // explicit refusal beats the wildcard
    ['gzip;q=0, *', false],
    ['deflate, *;q=0.1', true],
    ['identity', false],
    ['gzip;q=0.5, identity;q=1', false], // client prefers identity
    ['gzip;q=1, identity;q=0.5', true],
    ['gzip;q=0.5, identity;q=0.5', true],
    ['gzip;q=0, gzip;q=0.8', true], // listed twice: the more generous weight
    [',,gzip,,', true],
    [', ,', false],
  ])('%j -> %s', (value, expected) => {
    expect(acceptsGzip(value)).toBe(expected);
  });
});

describe('parseQValue', () => {
  test.each<[string, number]>([
    ['0', 0],
    ['0.', 0],
    ['0.5', 500],
    ['0.05', 50],
    ['0.123', 123],
    ['1', 1000],
    ['1.', 1000],
    ['1.000', 1000],
    ['0.1234', -1],
    ['1.001', -1],
    ['2', -1],
    ['.5', -1],
    ['', -1],
    [' 0.5', -1],
  ])('%j -> %d', (value, expected) => {
    expect(parseQValue(value)).toBe(expected);
  });
});
