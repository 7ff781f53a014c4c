import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { forTests, gzipSmall, gzipStored, STORED_LIMIT } from '../../src/http/gzip.js';

describe('gzip of small bodies', () => {
  test.each<[string, Buffer]>([
    ['empty', Buffer.alloc(0)],
    ['abc', Buffer.from('abc')],
    ['utf-8', Buffer.from('été 🚀')],
    ['binary', Buffer.from([0, 255, 13, 10, 31, 139])],
    ['at the stored limit', Buffer.alloc(STORED_LIMIT, 0x61)],
    ['above the stored limit', Buffer.from('hello world '.repeat(100))],
  ])('%s: gunzip gives the body back', (_name, body) => {
    expect(gunzipSync(gzipSmall(body)).equals(body)).toBe(true);
  });

  test('stored member: exact bytes for "abc"', () => {
    expect(gzipStored(Buffer.from('abc')).toString('hex')).toBe(
      '1f8b0800000000000003' + // header
        '01' + '0300' + 'fcff' + // final stored block, LEN 3, NLEN
        '616263' + // data
        'c2412435' + // CRC-32 of "abc" (0x352441c2), little-endian
        '03000000', // ISIZE
    );
  });

  test('bodies above the limit are really compressed', () => {
    const body = Buffer.from('hello world '.repeat(100));
    expect(gzipSmall(body).length).toBeLessThan(body.length / 4);
  });

  test.each<[string, number]>([
    ['', 0],
    ['abc', 0x352441c2],
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
  ])('table CRC-32 of %j', (text, expected) => {
    expect(forTests.tableCrc32(Buffer.from(text))).toBe(expected);
  });
});
