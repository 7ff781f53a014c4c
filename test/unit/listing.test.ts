import { describe, expect, test } from 'vitest';
import { sortEntries, type ListingEntry } from '../../src/files/listing/entries.js';
import { humanSize, utcMinute } from '../../src/files/listing/format.js';
import { entryHref } from '../../src/files/listing/url-path.js';

const MTIME = Date.UTC(2026, 11, 1, 14, 3, 27, 500); // 2026-12-01 14:03:27.500 UTC

function file(name: string, size = 10): ListingEntry {
  return { name, kind: 'file', size, mtimeMs: MTIME };
}
function folder(name: string): ListingEntry {
  return { name, kind: 'folder', size: 4096, mtimeMs: MTIME };
}

describe('sortEntries: folders first, then natural, case-insensitive order', () => {
  test.each<[string, ListingEntry[], string[]]>([
    ['numbers compare as numbers', [file('10.txt'), file('9.txt'), file('1.txt'), file('100.txt')], ['1.txt', '9.txt', '10.txt', '100.txt']],
    ['folders before files', [file('a'), folder('z'), file('b'), folder('c')], ['c', 'z', 'a', 'b']],
    ['case-insensitive', [file('b'), file('A'), file('C')], ['A', 'b', 'C']],
    ['same but case: raw name decides', [file('readme'), file('README'), file('Readme')], ['README', 'Readme', 'readme']],
    ['same number, other digits: raw name decides', [file('f1'), file('f01'), file('f001')], ['f001', 'f01', 'f1']],
    ['digits inside names', [file('img12.png'), file('img2.png'), file('img1.png')], ['img1.png', 'img2.png', 'img12.png']],
    ['accents are not ignored', [file('é'), file('e'), file('f')], ['e', 'é', 'f']],
    ['huge numbers', [file('99999999999999999999'), file('100000000000000000000')], ['99999999999999999999', '100000000000000000000']],
    ['empty', [], []],
  ])('%s', (_, entries, expected) => {
    const before = entries.map((e) => e.name);
    expect(sortEntries(entries).map((e) => e.name)).toEqual(expected);
    expect(entries.map((e) => e.name)).toEqual(before); // the input is left as it was
  });
});

describe('humanSize', () => {
  test.each<[number, string]>([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1229, '1.2 KiB'],
    [10180, '9.9 KiB'],
    [10200, '10 KiB'], // 9.96 KiB: no '10.0'
    [10240, '10 KiB'],
    [1023 * 1024, '1023 KiB'],
    [1048575, '1.0 MiB'], // 1023.999 KiB rounds into the next unit
    [5 * 1024 ** 3, '5.0 GiB'],
    [3 * 1024 ** 4, '3.0 TiB'],
    [2048 * 1024 ** 5, '2048 PiB'],
  ])('%d -> %s', (bytes, expected) => {
    expect(humanSize(bytes)).toBe(expected);
  });
});

describe('utcMinute', () => {
  test.each<[number, string]>([
    [MTIME, '2026-12-01 14:03'],
    [0, '1970-01-01 00:00'],
    [Date.UTC(2026, 0, 2, 3, 4, 59, 999), '2026-01-02 03:04'], // truncated, not rounded
  ])('%d -> %s', (ms, expected) => {
    expect(utcMinute(ms)).toBe(expected);
  });
});

describe('entryHref: one percent-encoded segment per name', () => {
  test.each<[string, ListingEntry, string]>([
    ['/', file('a b.txt'), '/a%20b.txt'],
    ['/', file('100%.txt'), '/100%25.txt'],
    ['/', file('%41'), '/%2541'],
    ['/', file('#frag'), '/%23frag'],
    ['/', file('what?.txt'), '/what%3F.txt'],
    ['/', file('<b>'), '/%3Cb%3E'],
    ['/', file('say "hi"'), '/say%20%22hi%22'],
    ['/', file('été'), '/%C3%A9t%C3%A9'],
    ['/', file('😀'), '/%F0%9F%98%80'],
    ['/', file('a:b'), '/a%3Ab'],
    ['/', file('lone \uD800'), '/lone%20%EF%BF%BD'], // not encodable: U+FFFD instead of a throw
    ['/', folder('docs'), '/docs/'],
    ['/files/', folder('a b'), '/files/a%20b/'],
    ['/files/my docs/#1/', file('x?'), '/files/my%20docs/%231/x%3F'],
  ])('%s + %j -> %s', (folderUrlPath, entry, expected) => {
    expect(entryHref(folderUrlPath, entry)).toBe(expected);
  });
});
