import { describe, expect, test } from 'vitest';
import { Responses } from '../../src/http/compiled.js';
import { PlainHeads } from '../../src/files/plain-heads.js';
import type { FileVersion } from '../../src/files/small-file-cache.js';
import { jsWire } from '../../src/wire/js/index.js';

const NOW = 1_800_000_000_000;
const responses = new Responses(jsWire.writeResponse, null);
const make = () => responses.head(200, ['Content-Type', 'application/octet-stream']);
const settled: FileVersion = { dev: 1, ino: 7, size: 1 << 20, mtimeMs: NOW - 60_000, ctimeMs: NOW - 60_000 };

describe('PlainHeads: a head is taken back only for the very version it was decided for', () => {
  test.each<[string, FileVersion, boolean]>([
    ['the same version', settled, true],
    ['another inode (the file was replaced)', { ...settled, ino: 8 }, false],
    ['another device', { ...settled, dev: 2 }, false],
    ['another size', { ...settled, size: settled.size + 1 }, false],
    ['another mtime', { ...settled, mtimeMs: settled.mtimeMs + 1 }, false],
    ['another ctime (touch -d, chmod)', { ...settled, ctimeMs: settled.ctimeMs + 1 }, false],
  ])('%s -> %s', (_what, asked, found) => {
    const heads = new PlainHeads();
    const head = heads.remember('/srv/big.bin', settled, make, NOW);
    expect(head).not.toBeNull();
    expect(heads.get('/srv/big.bin', asked)).toBe(found ? head : undefined);
    expect(heads.get('/srv/other.bin', settled)).toBeUndefined();
  });

  test.each<[string, Partial<FileVersion>]>([
    ['modified within the last two seconds', { mtimeMs: NOW - 1000 }],
    ['changed (ctime) within the last two seconds', { ctimeMs: NOW - 500 }],
    ['modified in the future', { mtimeMs: NOW + 60_000 }],
  ])('a version %s is not remembered, and nothing is made for it', (_what, change) => {
    const heads = new PlainHeads();
    let made = 0;
    const version = { ...settled, ...change };
    expect(heads.remember('/srv/young.bin', version, () => (made++, make()), NOW)).toBeNull();
    expect(made).toBe(0);
    expect(heads.get('/srv/young.bin', version)).toBeUndefined();
  });

  test('bounded: past 512 paths the oldest is forgotten', () => {
    const heads = new PlainHeads();
    for (let i = 0; i < 600; i++) heads.remember(`/srv/${i}`, settled, make, NOW);
    expect(heads.size).toBe(512);
    expect(heads.get('/srv/0', settled)).toBeUndefined();
    expect(heads.get('/srv/599', settled)).toBeDefined();
  });
});
