import { link, mkdir, mkdtemp, realpath, rename, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { buildConfig } from '../../src/options.js';
import { DiskFileStore, SMALL_FILE_BYTES } from '../../src/files/file-store.js';
import { FerroServer } from '../../src/server/server.js';
import { ServedTree } from '../../src/files/tree.js';
import { jsWire } from '../../src/wire/js/index.js';

let root = '';
let outside = '';
beforeEach(async () => {
  root = await realpath(await mkdtemp(path.join(tmpdir(), 'ferroserve-cache-')));
  outside = await realpath(await mkdtemp(path.join(tmpdir(), 'ferroserve-outside-')));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

/** Writes `text` and dates it `ageSeconds` back, so that the cache may keep it (not racy). */
async function writeOld(file: string, text: string, ageSeconds = 3600): Promise<void> {
  await writeFile(file, text);
  const when = Date.now() / 1000 - ageSeconds;
  await utimes(file, when, when);
}

/** A fixed past time (seconds), for files whose mtime must stay the same across a rewrite. */
const FIXED_TIME = 1_700_000_000;

/** Waits out the racy window, so that a just-changed file becomes cacheable again. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 2100));

async function read(store: DiskFileStore, file: string): Promise<string> {
  const opened = await store.open(file, true);
  if (opened.kind !== 'contents') throw new Error(`expected contents, got ${opened.kind}`);
  return opened.bytes.toString();
}

describe('small-file cache', () => {
  test('a file read twice is answered from the cache the second time', async () => {
    const file = path.join(root, 'a.txt');
    await writeOld(file, 'hello');
    const store = new DiskFileStore(new ServedTree(root, root));
    const first = await store.open(file, true);
    const second = await store.open(file, true);
    expect(first.kind === 'contents' && first.cached !== null).toBe(true);
    expect(second).toEqual(first);
    expect(second.kind === 'contents' && second.cached === (first.kind === 'contents' ? first.cached : null)).toBe(true);
    expect(await store.open(file, false)).toMatchObject({ kind: 'size', version: { size: 5 } });
    expect(store.cache.count).toBe(1);
  });

  test.each<[string, (file: string) => Promise<void>]>([
    ['same size, other content and mtime', (file) => writeOld(file, 'world', 7200)],
    [
      'same size and mtime, other content (ctime moved)',
      async (file) => {
        // Past the clock tick of the first read, so that ctime can move.
        await new Promise((resolve) => setTimeout(resolve, 30));
        await writeFile(file, 'world');
        await utimes(file, FIXED_TIME, FIXED_TIME);
      },
    ],
    [
      'replaced by rename (another inode)',
      async (file) => {
        await writeOld(`${file}.new`, 'world');
        await rename(`${file}.new`, file);
      },
    ],
  ])('a changed file is served changed: %s', async (_name, change) => {
    const file = path.join(root, 'a.txt');
    await writeFile(file, 'hello');
    await utimes(file, FIXED_TIME, FIXED_TIME);
    const store = new DiskFileStore(new ServedTree(root, root));
    expect(await read(store, file)).toBe('hello');
    expect(await read(store, file)).toBe('hello');
    expect(store.cache.count).toBe(1);
    await change(file);
    expect(await read(store, file)).toBe('world');
    expect(await read(store, file)).toBe('world');
  });

  test('a cached path whose folder becomes a symlink leading outside, to the very same file, is 404', async () => {
    // The file is one inode with a name inside and one outside: after the swap, a stat of the
    // path still matches the copy in every field, and only the realpath check can refuse it.
    const secret = path.join(outside, 'a.txt');
    await writeOld(secret, 'hello');
    await mkdir(path.join(root, 'sub'));
    const file = path.join(root, 'sub', 'a.txt');
    await link(secret, file);
    const store = new DiskFileStore(new ServedTree(root, root));
    expect(await read(store, file)).toBe('hello');
    expect(store.cache.count).toBe(1);
    await rename(path.join(root, 'sub'), path.join(root, 'sub-old'));
    await symlink(outside, path.join(root, 'sub'));
    expect(await store.open(file, true)).toEqual({ kind: 'refused', status: 404 });
    expect(store.cache.count).toBe(0);
  });

  test('a deleted file is 404, and a cached name swapped for a symlink leading outside is 404', async () => {
    const file = path.join(root, 'a.txt');
    await writeOld(file, 'hello');
    const store = new DiskFileStore(new ServedTree(root, root));
    expect(await read(store, file)).toBe('hello');
    await rm(file);
    expect(await store.open(file, true)).toEqual({ kind: 'refused', status: 404 });
    await writeOld(file, 'hello');
    expect(await read(store, file)).toBe('hello');
    await writeOld(path.join(outside, 'secret'), 'hello');
    await rm(file);
    await symlink(path.join(outside, 'secret'), file);
    expect(await store.open(file, true)).toEqual({ kind: 'refused', status: 404 });
    expect(store.cache.count).toBe(0);
  });

  test('a file changed within the racy window is served but not cached', async () => {
    const file = path.join(root, 'a.txt');
    await writeFile(file, 'fresh');
    const store = new DiskFileStore(new ServedTree(root, root));
    const opened = await store.open(file, true);
    expect(opened).toMatchObject({ kind: 'contents', cached: null });
    expect(store.cache.count).toBe(0);
  });

  test('a file above the small size still streams, uncached', async () => {
    const file = path.join(root, 'big.bin');
    await writeOld(file, 'x'.repeat(SMALL_FILE_BYTES + 1));
    const store = new DiskFileStore(new ServedTree(root, root));
    const opened = await store.open(file, true);
    expect(opened.kind).toBe('handle');
    if (opened.kind === 'handle') {
      expect(opened.version.size).toBe(SMALL_FILE_BYTES + 1);
      opened.file.close();
    }
    expect(store.cache.count).toBe(0);
  });

  test('the cache stays within its byte bound, evicting the least recently used', async () => {
    const store = new DiskFileStore(new ServedTree(root, root), 64 * 1024);
    const names = Array.from({ length: 8 }, (_, i) => path.join(root, `f${i}`));
    for (const name of names) await writeOld(name, 'y'.repeat(4096));
    for (const name of names) expect(await read(store, name)).toBe('y'.repeat(4096));
    expect(store.cache.bytesUsed).toBeLessThanOrEqual(64 * 1024);
    expect(store.cache.count).toBeGreaterThan(0);
    expect(store.cache.count).toBeLessThan(names.length);
    expect(store.cache.peek(names[names.length - 1])).toBeDefined();
    expect(store.cache.peek(names[0])).toBeUndefined();
  });
});

describe('small-file cache through the server', () => {
  let server: FerroServer | null = null;
  afterEach(async () => {
    await server?.shutdown(100);
    server = null;
  });

  async function start(): Promise<string> {
    const config = buildConfig({ directory: root }, {}, '/', 1);
    server = new FerroServer({ options: config, wire: jsWire, tree: new ServedTree(root, root) });
    const { port } = await server.listen(0, '127.0.0.1');
    return `http://127.0.0.1:${port}/files/`;
  }

  test('a same-size rewrite with another mtime is served new', async () => {
    const base = await start();
    await writeOld(path.join(root, 'small.txt'), 'aaaa');
    expect(await (await fetch(`${base}small.txt`)).text()).toBe('aaaa');
    expect(await (await fetch(`${base}small.txt`)).text()).toBe('aaaa');
    await writeOld(path.join(root, 'small.txt'), 'bbbb', 60);
    expect(await (await fetch(`${base}small.txt`)).text()).toBe('bbbb');
  });

  test('revalidations of a cached file: the 304 of each representation carries its own validators, again and again', async () => {
    const base = await start();
    await writeOld(path.join(root, 'page.html'), '<p>compressible</p>\n'.repeat(200));
    const plain = await fetch(`${base}page.html`, { headers: { 'Accept-Encoding': 'identity' } });
    await plain.text();
    const gzipped = await fetch(`${base}page.html`, { headers: { 'Accept-Encoding': 'gzip' } });
    await gzipped.text();
    const [identityTag, gzipTag] = [plain.headers.get('etag')!, gzipped.headers.get('etag')!];
    expect(gzipTag).not.toBe(identityTag);
    for (let round = 0; round < 3; round++) {
      for (const [coding, tag] of [['identity', identityTag], ['gzip', gzipTag]] as const) {
        const again = await fetch(`${base}page.html`, { headers: { 'Accept-Encoding': coding, 'If-None-Match': tag } });
        expect([coding, again.status, again.headers.get('etag'), again.headers.get('vary')]).toEqual([coding, 304, tag, 'Accept-Encoding']);
        expect(again.headers.get('last-modified')).toBe(plain.headers.get('last-modified'));
        expect(again.headers.get('content-length')).toBeNull();
      }
    }
    // The other representation's tag does not match: the whole answer.
    const other = await fetch(`${base}page.html`, { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': identityTag } });
    expect(other.status).toBe(200);
  });

  test('an upload over a cached file is served new', { timeout: 10_000 }, async () => {
    const base = await start();
    await writeOld(path.join(root, 'small.txt'), 'old!');
    expect(await (await fetch(`${base}small.txt`)).text()).toBe('old!');
    const posted = await fetch(`${base}small.txt`, { method: 'POST', body: 'new!' });
    expect(posted.status).toBe(201);
    expect(await (await fetch(`${base}small.txt`)).text()).toBe('new!');
    // Once the upload is old enough to be cached, it is the upload that is cached.
    await settle();
    expect(await (await fetch(`${base}small.txt`)).text()).toBe('new!');
    expect(await (await fetch(`${base}small.txt`, { method: 'HEAD' })).headers.get('content-length')).toBe('4');
  });
});
