import { describe, expect, test } from 'vitest';
import { chooseCoding, type CodingChoice, type OfferedCoding } from '../../src/http/content-coding.js';

const BOTH: readonly OfferedCoding[] = ['br', 'gzip'];
const GZIP: readonly OfferedCoding[] = ['gzip'];
const BR: readonly OfferedCoding[] = ['br'];
const NONE: readonly OfferedCoding[] = [];

describe('chooseCoding (RFC 9110 §12.5.3)', () => {
  // [Accept-Encoding, available encoded copies, expected]
  test.each<[string | undefined, readonly OfferedCoding[], CodingChoice]>([
    // No field, or an empty one.
    [undefined, BOTH, 'identity'],
    ['', BOTH, 'identity'],
    [' , ', BOTH, 'identity'],
    // Plain lists: ties go to br, then gzip, then identity.
    ['gzip', BOTH, 'gzip'],
    ['br', BOTH, 'br'],
    ['gzip, br', BOTH, 'br'],
    ['br, gzip', BOTH, 'br'],
    ['gzip, deflate, br, zstd', BOTH, 'br'],
    ['gzip, deflate, br, zstd', GZIP, 'gzip'],
    ['gzip, deflate, br, zstd', BR, 'br'],
    ['gzip, deflate, br, zstd', NONE, 'identity'],
    ['deflate', BOTH, 'identity'], // nothing we have is listed: identity is acceptable by default
    ['deflate;q=0.001', BOTH, 'identity'],
    ['gzip;q=0.5', BOTH, 'gzip'], // an unlisted identity ranks below every listed coding
    ['identity', BOTH, 'identity'],
    ['identity, gzip', BOTH, 'gzip'], // tie with identity: the smaller body
    // q-values decide before server order.
    ['gzip;q=1, br;q=0.9', BOTH, 'gzip'],
    ['br;q=0.5, gzip;q=0.6', BOTH, 'gzip'],
    ['br;q=0.5, gzip;q=0.5', BOTH, 'br'],
    ['gzip;q=0.5, identity;q=1', BOTH, 'identity'],
    ['gzip;q=1, identity;q=0.5', BOTH, 'gzip'],
    ['gzip;q=0.001', BOTH, 'gzip'],
    ['gzip;q=0.001, identity;q=0.002', BOTH, 'identity'],
    // q=0 excludes.
    ['gzip;q=0', BOTH, 'identity'],
    ['br;q=0, gzip', BOTH, 'gzip'],
    ['br;q=0, gzip;q=0', BOTH, 'identity'],
    ['gzip;q=0, gzip;q=0.8', BOTH, 'gzip'], // listed twice: the more generous weight
    // The wildcard.
    ['*', BOTH, 'br'],
    ['*', GZIP, 'gzip'],
    ['*', NONE, 'identity'],
    ['*;q=0.5', BOTH, 'br'], // identity gets the wildcard's 0.5 too: tie, smaller body
    ['*, br;q=0', BOTH, 'gzip'], // an explicit entry beats the wildcard
    ['*;q=0.1, gzip;q=0.5', BOTH, 'gzip'],
    ['*;q=0.8, identity;q=0.9', BOTH, 'identity'],
    ['br;q=0.5, *;q=0.9', BOTH, 'gzip'], // gzip and identity get 0.9 from *; gzip wins the tie
    // none: even identity refused; the caller sends identity anyway.
    ['identity;q=0', NONE, 'none'],
    ['identity;q=0', BOTH, 'none'], // br and gzip are not listed: not acceptable
    ['*;q=0', BOTH, 'none'],
    ['*;q=0', NONE, 'none'],
    ['*;q=0, identity', BOTH, 'identity'], // the more specific entry for identity
    ['*;q=0, gzip', BOTH, 'gzip'],
    ['identity;q=0, gzip', BOTH, 'gzip'],
    ['identity;q=0, gzip', BR, 'none'],
    ['identity;q=0, *', BOTH, 'br'],
    ['br;q=0, gzip;q=0, identity;q=0', BOTH, 'none'],
    // Spelling.
    ['GZIP', BOTH, 'gzip'],
    ['Br', BOTH, 'br'],
    ['x-gzip', BOTH, 'gzip'],
    ['X-GZIP;q=0.5, br;q=0.4', BOTH, 'gzip'],
    ['IDENTITY;Q=0', NONE, 'none'],
    ['gzip ; q=0.5 , br\t;\tq=0.4', BOTH, 'gzip'],
    ['  br  ', BOTH, 'br'],
    [',,gzip,,', BOTH, 'gzip'],
    ['gzipped', BOTH, 'identity'],
    ['brotli', BOTH, 'identity'],
    // Malformed elements are ignored, as are unknown parameters.
    ['br;q=1.5, gzip', BOTH, 'gzip'],
    ['br;q=abc, gzip', BOTH, 'gzip'],
    ['br;q=, gzip', BOTH, 'gzip'],
    ['br;q=0.1234, gzip', BOTH, 'gzip'],
    ['br;level=1, gzip', BOTH, 'gzip'],
    ['br;q=0.5;x=1, gzip;q=0.1', BOTH, 'gzip'],
    ['identity;q=2', BOTH, 'identity'], // ignored: identity keeps its default
    ['*;q=x', BOTH, 'identity'],
    ['b r, gzip', BOTH, 'gzip'],
    ['"br", gzip', BOTH, 'gzip'],
    ['br;q=1.000', BOTH, 'br'],
    ['br;q=1.', BOTH, 'br'],
    ['br;q=0.', GZIP, 'identity'],
  ])('%j with %j -> %s', (field, available, expected) => {
    expect(chooseCoding(field, available)).toBe(expected);
  });
});
