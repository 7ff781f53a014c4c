import { describe, expect, test } from 'vitest';
import {
  byteRangesBody,
  contentRange,
  generateBoundary,
  parseRange,
  unsatisfiedRange,
  type ByteRange,
  type RangeLimits,
  type RangeResult,
} from '../../src/http/range.js';

const r = (...pairs: [number, number][]): RangeResult => ({
  kind: 'ranges',
  ranges: pairs.map(([start, end]) => ({ start, end })),
});
const UNSATISFIABLE: RangeResult = { kind: 'unsatisfiable' };
const MALFORMED: RangeResult = { kind: 'malformed' };
const OTHER_UNIT: RangeResult = { kind: 'other-unit' };
const TOO_MANY: RangeResult = { kind: 'too-many' };

describe('parseRange', () => {
  // [size, Range, expected]
  test.each<[number, string, RangeResult]>([
    // jshttp range-parser's vectors (-2 = malformed, -1 = unsatisfiable). Where ferroserve
    // answers otherwise, the row says why.
    [200, 'malformed', MALFORMED],
    [200, 'bytes=', MALFORMED],
    [200, 'bytes= ', MALFORMED],
    [200, 'bytes=x-100', MALFORMED],
    [200, 'bytes=100-x', MALFORMED],
    [200, 'bytes=--100', MALFORMED],
    [200, 'bytes=100--200', MALFORMED],
    [200, 'bytes=-', MALFORMED],
    [200, 'bytes= - ', MALFORMED],
    [200, 'bytes=100-200-300', MALFORMED],
    [200, 'bytes=-100-150', MALFORMED],
    [200, 'bytes=01a-150', MALFORMED],
    [200, 'bytes=100-15b0', MALFORMED],
    [200, 'bytes=500-600', UNSATISFIABLE],
    [200, 'bytes=500-600,601-700', UNSATISFIABLE],
    [200, 'bytes=500-20', MALFORMED], // range-parser: -1; last < first is an invalid spec (§14.1.1): ignored, 200
    [200, 'bytes=500-999', UNSATISFIABLE],
    [200, 'bytes=500-999,1000-1499', UNSATISFIABLE],
    [1000, 'bytes=0-499', r([0, 499])],
    [200, 'bytes=0-499', r([0, 199])], // end capped at size
    [1000, 'bytes=40-80', r([40, 80])],
    [1000, 'bytes=-400', r([600, 999])],
    [1000, 'bytes=400-', r([400, 999])],
    [1000, 'bytes=0-', r([0, 999])],
    [1000, 'bytes=0-0', r([0, 0])],
    [1000, 'bytes=-1', r([999, 999])],
    [1000, 'bytes=40-80,-1', r([40, 80], [999, 999])],
    [1000, 'bytes=40-80,81-90,-1', r([40, 90], [999, 999])], // range-parser keeps 40-80 and 81-90 apart; adjacent merge here
    [150, 'bytes=0-4,90-99,5-75,100-199,101-102', r([0, 75], [90, 149])], // range-parser with combine
    [150, 'bytes=-1,20-100,0-1,101-120', r([0, 1], [20, 120], [149, 149])], // range-parser keeps request order; sorted here
    [200, 'bytes=0-499,1000-,500-999', r([0, 199])],
    [1000, 'bytes=   40-80 , 81-90 , -1 ', r([40, 90], [999, 999])],
    [1000, 'items=0-5', OTHER_UNIT], // range-parser parses other units; ferroserve ignores them (§14.2)

    // RFC 9110 §14.1.2's examples, on a 10000-byte representation.
    [10000, 'bytes=0-499', r([0, 499])],
    [10000, 'bytes=500-999', r([500, 999])],
    [10000, 'bytes=-500', r([9500, 9999])],
    [10000, 'bytes=9500-', r([9500, 9999])],
    [10000, 'bytes=0-0,-1', r([0, 0], [9999, 9999])],
    [10000, 'bytes=0-999, 4500-5499, -1000', r([0, 999], [4500, 5499], [9000, 9999])],
    [10000, 'bytes=500-600,601-999', r([500, 999])], // not canonical, same bytes
    [10000, 'bytes=500-700,601-999', r([500, 999])],

    // The brief's cases and edges.
    [1000, 'bytes=-100', r([900, 999])],
    [1000, 'bytes=-1000', r([0, 999])],
    [1000, 'bytes=-5000', r([0, 999])], // suffix longer than the file: all of it
    [1000, 'bytes=100-', r([100, 999])],
    [1000, 'bytes=999-', r([999, 999])],
    [1000, 'bytes=1000-', UNSATISFIABLE],
    [1000, 'bytes=5-1', MALFORMED],
    [1000, 'bytes=-0', UNSATISFIABLE], // a zero-length suffix selects nothing
    [1000, 'bytes=-0,0-0', r([0, 0])],
    [1000, 'bytes=0-1,\t2-3', r([0, 3])],
    [1000, 'bytes=0-1 ,4-5', r([0, 1], [4, 5])],
    [1000, 'bytes=0-1,,4-5,', r([0, 1], [4, 5])], // empty list elements are skipped
    [1000, 'bytes=,', MALFORMED],
    [1000, 'Bytes=0-1', r([0, 1])], // the unit is case-insensitive
    [1000, 'BYTES=0-1', r([0, 1])],
    [1000, 'bytes = 0-1', MALFORMED], // no OWS around `=`
    [1000, 'bytes=0 - 1', MALFORMED],
    [1000, 'bytes=+1-2', MALFORMED],
    [1000, 'bytes=1.5-2', MALFORMED],
    [1000, 'bytes=0x1-2', MALFORMED],
    [1000, 'bytes=0-1;q=1', MALFORMED],
    [1000, 'bytes=0-1,abc', MALFORMED], // an other-range in a bytes range-set
    [1000, 'bytes 0-1', MALFORMED],
    [1000, '=0-1', MALFORMED],
    [1000, '', MALFORMED],
    [1000, 'bytes=0-1=2', MALFORMED],
    [1000, 'none=0-1', OTHER_UNIT],
    [1000, 'x-custom=anything', OTHER_UNIT],
    [1000, 'by tes=0-1', MALFORMED],
    [1000, 'bytes=0-99999999999999999999999', r([0, 999])], // huge last-pos: clamped
    [1000, 'bytes=99999999999999999999999-', UNSATISFIABLE],
    [1000, 'bytes=-99999999999999999999999', r([0, 999])],
    [1000, `bytes=${'9'.repeat(400)}-`, UNSATISFIABLE], // reads as Infinity
    [1000, 'bytes=0-0,0-0,0-0', r([0, 0])],
    [1000, 'bytes=10-20,0-5,30-40', r([0, 5], [10, 20], [30, 40])],
    [1000, 'bytes=0-10,5-6', r([0, 10])], // contained
    [1000, 'bytes=0-4,6-9', r([0, 4], [6, 9])], // a gap of one byte stays a gap
    [1000, 'bytes=0-4,5-9', r([0, 9])], // adjacent
    [1000, 'bytes=900-,-200', r([800, 999])],
    [1000, 'bytes=0-,500-600', r([0, 999])],

    // A file of size 0: every range is unsatisfiable.
    [0, 'bytes=0-', UNSATISFIABLE],
    [0, 'bytes=0-0', UNSATISFIABLE],
    [0, 'bytes=-1', UNSATISFIABLE],
    [0, 'bytes=-0', UNSATISFIABLE],
    [0, 'bytes=5-1', MALFORMED], // malformed comes before satisfiability
    [0, 'items=0-1', OTHER_UNIT],
    [1, 'bytes=0-', r([0, 0])],
    [1, 'bytes=-1', r([0, 0])],
    [1, 'bytes=1-', UNSATISFIABLE],
  ])('size %d, %j -> %j', (size, header, expected) => {
    expect(parseRange(size, header)).toEqual(expected);
  });

  // The denial-of-service limits: [size, Range, limits, expected]
  const many = (n: number, step: number): string =>
    `bytes=${Array.from({ length: n }, (_, i) => `${i * step}-${i * step}`).join(',')}`;
  test.each<[string, number, string, RangeLimits | undefined, RangeResult]>([
    ['100 specs, 16 parts: within both defaults', 1000, `${many(84, 0)},${many(16, 10).slice(6)}`, undefined, r(...Array.from({ length: 16 }, (_, i): [number, number] => [i * 10, i * 10]))],
    ['101 specs: too many, even though they merge into one', 1000, many(101, 0), undefined, TOO_MANY],
    ['101 specs with empty elements: only specs count', 1000, `${many(100, 0)},,,`, undefined, r([0, 0])],
    ['16 parts', 1000, many(16, 2), undefined, r(...Array.from({ length: 16 }, (_, i): [number, number] => [i * 2, i * 2]))],
    ['17 parts', 1000, many(17, 2), undefined, TOO_MANY],
    ['17 specs merging into 1 part', 1000, many(17, 1), undefined, r([0, 16])],
    ['17 specs of which 1 is satisfiable', 10, many(17, 10), undefined, r([0, 0])],
    ['malformed beyond the spec limit is too-many (counted first)', 1000, `${many(101, 0)},x`, undefined, TOO_MANY],
    ['custom limits: 2 specs allowed', 1000, 'bytes=0-0,2-2,4-4', { maxSpecs: 2, maxParts: 16 }, TOO_MANY],
    ['custom limits: 1 part allowed', 1000, 'bytes=0-0,2-2', { maxSpecs: 100, maxParts: 1 }, TOO_MANY],
    ['custom limits: 1 part, merged', 1000, 'bytes=0-1,2-2', { maxSpecs: 100, maxParts: 1 }, r([0, 2])],
  ])('%s', (_name, size, header, limits, expected) => {
    expect(parseRange(size, header, limits)).toEqual(expected);
  });
});

describe('Content-Range values (RFC 9110 §14.4)', () => {
  test.each<[ByteRange, number, string]>([
    [{ start: 0, end: 99 }, 1000, 'bytes 0-99/1000'],
    [{ start: 42, end: 1233 }, 1234, 'bytes 42-1233/1234'], // §14.4's example
    [{ start: 999, end: 999 }, 1000, 'bytes 999-999/1000'],
  ])('%j of %d -> %s', (range, size, expected) => {
    expect(contentRange(range, size)).toBe(expected);
  });

  test.each<[number, string]>([
    [1000, 'bytes */1000'],
    [1234, 'bytes */1234'], // §14.4's example
    [0, 'bytes */0'],
  ])('unsatisfied, %d -> %s', (size, expected) => {
    expect(unsatisfiedRange(size)).toBe(expected);
  });
});

describe('generateBoundary', () => {
  test.each<[number[], string]>([
    [Array.from({ length: 16 }, () => 0), '00000000000000000000000000000000'],
    [Array.from({ length: 16 }, (_, i) => i * 17), '00112233445566778899aabbccddeeff'],
  ])('%j -> %s', (bytes, expected) => {
    const asked: number[] = [];
    const boundary = generateBoundary((n) => {
      asked.push(n);
      return Uint8Array.from(bytes);
    });
    expect(boundary).toBe(expected);
    expect(asked).toEqual([16]);
  });
});

describe('byteRangesBody (RFC 9110 §14.6)', () => {
  // Expected: the whole body with each part's bytes written as <a-b>, and the Content-Type.
  test.each<[string, ByteRange[], number, string | undefined, string, string]>([
    [
      "§14.6's example",
      [
        { start: 500, end: 999 },
        { start: 7000, end: 7999 },
      ],
      8000,
      'application/pdf',
      'THIS_STRING_SEPARATES',
      '--THIS_STRING_SEPARATES\r\nContent-Type: application/pdf\r\nContent-Range: bytes 500-999/8000\r\n\r\n' +
        '<500-999>' +
        '\r\n--THIS_STRING_SEPARATES\r\nContent-Type: application/pdf\r\nContent-Range: bytes 7000-7999/8000\r\n\r\n' +
        '<7000-7999>' +
        '\r\n--THIS_STRING_SEPARATES--\r\n',
    ],
    [
      'no content type',
      [
        { start: 0, end: 0 },
        { start: 9, end: 9 },
      ],
      10,
      undefined,
      'b',
      '--b\r\nContent-Range: bytes 0-0/10\r\n\r\n<0-0>\r\n--b\r\nContent-Range: bytes 9-9/10\r\n\r\n<9-9>\r\n--b--\r\n',
    ],
    [
      'one part',
      [{ start: 2, end: 5 }],
      10,
      'text/plain; charset=utf-8',
      '0123456789abcdef0123456789abcdef',
      '--0123456789abcdef0123456789abcdef\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 2-5/10\r\n\r\n' +
        '<2-5>\r\n--0123456789abcdef0123456789abcdef--\r\n',
    ],
  ])('%s', (_name, ranges, size, type, boundary, expected) => {
    const body = byteRangesBody(ranges, size, type, boundary);
    const written =
      body.parts.map((p) => `${p.head.toString('latin1')}<${p.range.start}-${p.range.end}>`).join('') +
      body.tail.toString('latin1');
    expect(written).toBe(expected);
    expect(body.contentType).toBe(`multipart/byteranges; boundary=${boundary}`);
    expect(body.parts.map((p) => p.range)).toEqual(ranges);
    // length counts the real slice lengths where the test wrote <a-b> placeholders.
    const placeholders = ranges.reduce((n, x) => n + `<${x.start}-${x.end}>`.length, 0);
    const slices = ranges.reduce((n, x) => n + x.end - x.start + 1, 0);
    expect(body.length).toBe(Buffer.byteLength(written, 'latin1') - placeholders + slices);
  });

  test.each<[string]>([[''], ['a b'], ['"quoted"'], ['x'.repeat(71)], ['a\r\nb']])(
    'boundary %j is refused',
    (boundary) => {
      expect(() => byteRangesBody([{ start: 0, end: 0 }], 1, undefined, boundary)).toThrow(RangeError);
    },
  );
});
