import { describe, expect, test } from 'vitest';
import {
  entityTag,
  parseEntityTag,
  parseEntityTagList,
  strongMatch,
  weakMatch,
  type Coding,
  type EntityTag,
  type EntityTagList,
  type FileIdentity,
} from '../../src/http/etag.js';

const FILE: FileIdentity = { ino: 0x1234, size: 1000, mtimeMs: 1600000000000, ctimeMs: 1700000000123.456 };

describe('entityTag', () => {
  test.each<[FileIdentity, Coding, string]>([
    [FILE, 'identity', '"1234-3e8-60a2418202240"'],
    [FILE, 'gzip', '"1234-3e8-60a2418202240-gzip"'],
    [FILE, 'br', '"1234-3e8-60a2418202240-br"'],
    [{ ino: 0, size: 0, mtimeMs: 0, ctimeMs: 0 }, 'identity', '"0-0-0"'],
    [{ ...FILE, ctimeMs: 1700000000123.456 + 0.0003 }, 'identity', '"1234-3e8-60a2418202240"'], // below a µs: same
    [{ ...FILE, ctimeMs: 1700000000123.458 }, 'identity', '"1234-3e8-60a2418202242"'], // 2 µs later: differs
    [{ ...FILE, mtimeMs: 1500000000000 }, 'identity', '"1234-3e8-60a2418202240"'], // mtime alone does not enter the tag (any write moves ctime too)
    [{ ...FILE, size: 1001 }, 'identity', '"1234-3e9-60a2418202240"'],
    [{ ...FILE, ino: 0x1235 }, 'identity', '"1235-3e8-60a2418202240"'],
  ])('%j %s -> %s', (file, coding, expected) => {
    const tag = entityTag(file, coding);
    expect(tag).toBe(expected);
    // Every tag it makes is a strong entity-tag by the grammar.
    expect(parseEntityTag(tag)).toEqual({ weak: false, opaque: expected.slice(1, -1) });
  });

  test('each coding of one file has its own tag', () => {
    const tags = (['identity', 'gzip', 'br'] as const).map((c) => entityTag(FILE, c));
    expect(new Set(tags).size).toBe(3);
  });
});

const strong = (opaque: string): EntityTag => ({ weak: false, opaque });
const weak = (opaque: string): EntityTag => ({ weak: true, opaque });

describe('parseEntityTag', () => {
  test.each<[string, EntityTag | null]>([
    ['"xyzzy"', strong('xyzzy')],
    ['W/"xyzzy"', weak('xyzzy')],
    ['""', strong('')],
    ['W/""', weak('')],
    ['"a,b"', strong('a,b')], // a comma is an etagc
    ['"\u00e9"', strong('\u00e9')], // obs-text
    ['xyzzy', null],
    ['"xyzzy', null],
    ['xyzzy"', null],
    ['w/"xyzzy"', null], // %s"W/": case-sensitive
    ['W/ "xyzzy"', null],
    ['"a b"', null], // SP is not an etagc
    ['"a"b"', null],
    [' "a"', null],
    ['"a" ', null],
    ['*', null],
    ['', null],
  ])('%j -> %j', (value, expected) => {
    expect(parseEntityTag(value)).toEqual(expected);
  });
});

describe('parseEntityTagList', () => {
  test.each<[string, EntityTagList]>([
    // RFC 9110 §13.1.1 and §13.1.2's examples.
    ['"xyzzy"', { kind: 'tags', tags: [strong('xyzzy')] }],
    ['"xyzzy", "r2d2xxxx", "c3piozzzz"', { kind: 'tags', tags: [strong('xyzzy'), strong('r2d2xxxx'), strong('c3piozzzz')] }],
    ['*', { kind: 'any' }],
    ['W/"xyzzy", W/"r2d2xxxx", W/"c3piozzzz"', { kind: 'tags', tags: [weak('xyzzy'), weak('r2d2xxxx'), weak('c3piozzzz')] }],
    // OWS and empty elements (§5.6.1.2).
    ['  *  ', { kind: 'any' }],
    ['"a","b"', { kind: 'tags', tags: [strong('a'), strong('b')] }],
    ['"a" ,\t"b"', { kind: 'tags', tags: [strong('a'), strong('b')] }],
    [' "a" ', { kind: 'tags', tags: [strong('a')] }],
    [', , "a",, "b" ,', { kind: 'tags', tags: [strong('a'), strong('b')] }],
    ['"a", W/"a"', { kind: 'tags', tags: [strong('a'), weak('a')] }],
    ['', { kind: 'tags', tags: [] }],
    [' , ', { kind: 'tags', tags: [] }],
    // Commas inside quotes belong to the tag.
    ['"a,b", "c"', { kind: 'tags', tags: [strong('a,b'), strong('c')] }],
    // Malformed: the whole field.
    ['xyzzy', { kind: 'malformed' }],
    ['"a", xyzzy', { kind: 'malformed' }],
    ['"a" "b"', { kind: 'malformed' }],
    ['"a"b', { kind: 'malformed' }],
    ['"a', { kind: 'malformed' }],
    ['"a, "b"', { kind: 'malformed' }], // the quote closes at `, `: then b" is garbage
    ['*, "a"', { kind: 'malformed' }], // `*` only alone
    ['"a", *', { kind: 'malformed' }],
    ['**', { kind: 'malformed' }],
    ['w/"a"', { kind: 'malformed' }],
    ['W/a', { kind: 'malformed' }],
    ['"a b"', { kind: 'malformed' }],
  ])('%j -> %j', (field, expected) => {
    expect(parseEntityTagList(field)).toEqual(expected);
  });
});

describe('strongMatch / weakMatch (RFC 9110 §8.8.3.2 table)', () => {
  // [a, b, strong comparison, weak comparison]
  test.each<[EntityTag, EntityTag, boolean, boolean]>([
    [weak('1'), weak('1'), false, true],
    [weak('1'), weak('2'), false, false],
    [weak('1'), strong('1'), false, true],
    [strong('1'), strong('1'), true, true],
    [strong('1'), weak('1'), false, true],
    [strong('1'), strong('2'), false, false],
    [strong(''), strong(''), true, true],
    [strong('a'), strong('A'), false, false], // opaque-tags compare octet by octet
  ])('%j vs %j: strong %s, weak %s', (a, b, strongExpected, weakExpected) => {
    expect(strongMatch(a, b)).toBe(strongExpected);
    expect(weakMatch(a, b)).toBe(weakExpected);
  });
});
