import { describe, expect, test } from 'vitest';
import { percentDecode } from '../../src/http/percent.js';

describe('percentDecode (once)', () => {
  // Expected: the decoded bytes in hex, or null when the input is malformed.
  test.each<[string, string | null]>([
    ['abc', '61 62 63'],
    ['', ''],
    ['a%20b', '61 20 62'],
    ['%41%42', '41 42'],
    ['%4a%4A', '4a 4a'],
    ['%25', '25'],
    ['%2541', '25 34 31'], // decoded once: %25 -> %, the 41 stays
    ['%C3%A9', 'c3 a9'],
    ['%00', '00'],
    ['a+b', '61 2b 62'],
    ['%', null],
    ['%4', null],
    ['abc%', null],
    ['%zz', null],
    ['%g1', null],
    ['%1g', null],
  ])('%j', (input, expected) => {
    const src = Buffer.from(`xx${input}yy`, 'latin1');
    const decoded = percentDecode(src, 2, 2 + input.length);
    if (expected === null) expect(decoded).toBeNull();
    else expect([...(decoded ?? [1, 2, 3])].map((b) => b.toString(16).padStart(2, '0')).join(' ')).toBe(expected);
  });

  test('without escapes, the result is a view of the input (no copy)', () => {
    const src = Buffer.from('/echo/abc');
    const decoded = percentDecode(src, 6, 9);
    expect(decoded?.buffer).toBe(src.buffer);
    expect(decoded?.toString()).toBe('abc');
  });
});
