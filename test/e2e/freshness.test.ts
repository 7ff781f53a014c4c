/**
 * Never stale: a file changed on disk is served changed at the very next request, whatever
 * the server remembered of it (the small-file cache's copy and its encoded representations and
 * 304 heads, the compiled heads of streamed files, the ETags).
 *
 * A table of kinds of change × file sizes × first request after the change, with each parser.
 * Each row has its own file, read before the change the way that fills what the server keeps
 * (a plain GET, twice for a cached size; a gzip GET where the old gzip ETag is asked with; then
 * the probe request itself, twice for a cached size: the second ask is the one answered from
 * what was kept), all on one keep-alive connection; the file is changed; the probe request is
 * the very next one on that connection. Its answer must
 * be what a fresh server answers: an oracle server started over the same folder, which never saw
 * the file before the change, is asked the same request (status, every validator and framing
 * header, body), and the answer is also checked against the bytes on disk (status, body decoded,
 * Content-Length, Content-Range). Then one more plain GET, compared again.
 *
 * Sizes: 100 B and SMALL_FILE_BYTES (64 KiB when written, the largest file the server keeps in
 * memory) are cached: their mtime is set years back (the cache skips files modified within
 * ~2 s), and the second GET is checked to be answered from memory where /proc/PID/io tells (the
 * server's read(2) bytes grow by the request only, not by the file). 1 MiB (or SMALL_FILE_BYTES
 * + 256 KiB, if larger) is streamed; every file's ctime is 2 s old before the first request, so
 * that the compiled head of its plain GET is remembered too.
 *
 * The servers run with their capabilities dropped (setpriv) where that is possible, so that
 * `chmod 000` refuses them as it refuses any user (403); where it is not (or the tests do not run
 * as root), the row states what holds then.
 *
 * Known today and asserted as policy at the end: the ETag is inode, size and mtime; a rewrite in
 * place that keeps the size and restores the mtime (`cp -p`, `rsync --inplace -t`) keeps the ETag,
 * so a client revalidating with it is told 304 and keeps the old bytes.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { chmod, link, mkdir, mkdtemp, readFile, rename, rm, symlink, truncate, unlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SMALL_FILE_BYTES } from '../../src/files/file-store.js';
import { buildRequest, PARSERS, sleep, startServer, type Parser, type RunningServer } from './harness.js';
import { parserArgs, probeWithoutCapabilities, WITHOUT_CAPABILITIES } from './faults/fault-helpers.js';
import { KeepAliveClient, type Answer } from './keep-alive-client.js';

/** Seconds since the epoch (2023-11-14): long past the cache's racy window, and exact to the µs. */
const FIXED_TIME = 1_700_000_000;
/** The small-file cache and the plain-GET heads remember nothing younger than 2 s (file-store.ts). */
const SETTLE_MS = 2100;
const OUTSIDE_MARKER = 'OUTSIDE-THE-SERVED-FOLDER';

const capabilities = probeWithoutCapabilities();
/** Whether the servers are bound by permission bits (chmod 000 refuses them). */
const BOUND_BY_PERMISSIONS = capabilities.kind === 'available' || process.getuid?.() !== 0;
const THROUGH = capabilities.kind === 'available' ? WITHOUT_CAPABILITIES : [];

interface Size {
  readonly name: string;
  readonly bytes: number;
  /** Answered from memory after the first read. */
  readonly cached: boolean;
}

/** 1 MiB, or more where the server keeps larger files in memory: always streamed. */
const STREAMED_BYTES = Math.max(1024 * 1024, SMALL_FILE_BYTES + 256 * 1024);
const sizeName = (bytes: number): string => (bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MiB` : `${bytes / 1024} KiB`);

const SIZES: readonly Size[] = [
  { name: '100 B', bytes: 100, cached: true },
  { name: `${sizeName(SMALL_FILE_BYTES)} (SMALL_FILE_BYTES)`, bytes: SMALL_FILE_BYTES, cached: true },
  { name: `${sizeName(STREAMED_BYTES)} (streamed)`, bytes: STREAMED_BYTES, cached: false },
];

/** Text (compressible: gzip applies from 1 KiB) of exactly `size` bytes, unlike any other call's. */
function text(size: number, marker = randomBytes(6).toString('hex')): Buffer {
  const line = `${marker} the quick brown fox jumps over the lazy dog\n`;
  return Buffer.from(line.repeat(Math.ceil(size / line.length) + 1).slice(0, size), 'latin1');
}

/** One row's file: `served/<key>/file.txt`, at `/files/<key>/file.txt`. */
interface Case {
  readonly key: string;
  readonly dir: string;
  readonly file: string;
  readonly target: string;
  readonly size: number;
  readonly original: Buffer;
  /** Beside the served folder: what must never be served. */
  readonly outside: string;
}

/** What is at the name after the change: what a fresh server serves. */
type Truth =
  | { readonly kind: 'file'; readonly bytes: Buffer }
  | { readonly kind: 'refused'; readonly status: number }
  | { readonly kind: 'folder'; readonly location: string };

const file = (bytes: Buffer): Truth => ({ kind: 'file', bytes });
const refused = (status: number): Truth => ({ kind: 'refused', status });

/** Writes `bytes` elsewhere with the fixed mtime and renames it over `target` (atomic). */
async function replaceAtomically(target: string, bytes: Buffer): Promise<void> {
  await writeFile(`${target}.next`, bytes);
  await utimes(`${target}.next`, FIXED_TIME, FIXED_TIME);
  await rename(`${target}.next`, target);
}

/** Puts a symlink to `to` at `at`, atomically (renamed over the file). */
async function symlinkOver(to: string, at: string): Promise<void> {
  await symlink(to, `${at}.link`);
  await rename(`${at}.link`, at);
}

/**
 * Dates `files` at FIXED_TIME within one tick of the kernel's coarse clock, so that their
 * ctimes are equal too (retried a few times; best effort where the file system stamps ctime
 * finer than a tick: the row then also differs by ctime).
 */
function datedInOneTick(files: readonly string[]): void {
  for (let attempt = 0; attempt < 20; attempt++) {
    for (const name of files) utimesSync(name, FIXED_TIME, FIXED_TIME);
    if (new Set(files.map((name) => statSync(name, { bigint: true }).ctimeNs)).size === 1) return;
  }
}

interface Change {
  readonly name: string;
  /** Before the first request, once the file is written and dated FIXED_TIME (the suite's settle follows). */
  prepare?(c: Case): Promise<void>;
  /** Changes the file; returns what is there now. */
  apply(c: Case): Promise<Truth>;
}

const CHANGES: readonly Change[] = [
  {
    name: 'rewritten in place, same size, mtime restored (only ctime moves)',
    async apply(c) {
      const next = text(c.size);
      await writeFile(c.file, next);
      await utimes(c.file, FIXED_TIME, FIXED_TIME);
      return file(next);
    },
  },
  {
    // SMALL_FILE_BYTES + 1 is no longer a small file: it leaves the cache for the streamed path.
    name: 'rewritten with one byte more',
    async apply(c) {
      const next = text(c.size + 1);
      await writeFile(c.file, next);
      return file(next);
    },
  },
  {
    name: 'truncated to 0 bytes',
    async apply(c) {
      await truncate(c.file, 0);
      return file(Buffer.alloc(0));
    },
  },
  {
    name: 'truncated to half, mtime restored (only size and ctime move)',
    async apply(c) {
      await truncate(c.file, c.size / 2);
      await utimes(c.file, FIXED_TIME, FIXED_TIME);
      return file(c.original.subarray(0, c.size / 2));
    },
  },
  {
    name: 'another file renamed over it, same size and mtime (only the inode moves)',
    async apply(c) {
      const next = text(c.size);
      await replaceAtomically(c.file, next);
      return file(next);
    },
  },
  {
    // A rename moves the ctime of the renamed file: only a folder swapped under the name can
    // leave size, mtime and ctime all as they were (both files are dated in one clock tick).
    name: 'its folder swapped for a twin whose file has the same size, mtime and ctime (only the inode moves)',
    async prepare(c) {
      const twin = path.join(`${c.dir}-twin`, 'file.txt');
      await mkdir(path.dirname(twin));
      await writeFile(twin, text(c.size));
      datedInOneTick([c.file, twin]);
    },
    async apply(c) {
      const next = await readFile(path.join(`${c.dir}-twin`, 'file.txt'));
      await rename(c.dir, `${c.dir}-moved`);
      await rename(`${c.dir}-twin`, c.dir);
      return file(next);
    },
  },
  {
    name: 'replaced by a symlink to another file inside the folder',
    async apply(c) {
      const next = text(c.size);
      const other = path.join(c.dir, 'other.txt');
      await writeFile(other, next);
      await utimes(other, FIXED_TIME, FIXED_TIME);
      await symlinkOver('other.txt', c.file);
      return file(next);
    },
  },
  {
    name: 'replaced by a symlink leading outside the folder',
    async apply(c) {
      const secret = path.join(c.outside, `${c.key}.txt`);
      await writeFile(secret, text(c.size, OUTSIDE_MARKER));
      await utimes(secret, FIXED_TIME, FIXED_TIME);
      await symlinkOver(secret, c.file);
      return refused(404);
    },
  },
  {
    // The very same inode, untouched: a stat of the path matches what was cached in every
    // field; only the real path (now outside) tells.
    name: 'its folder replaced by a symlink leading outside, to the very same file',
    async prepare(c) {
      await mkdir(path.join(c.outside, c.key));
      await link(c.file, path.join(c.outside, c.key, 'file.txt'));
    },
    async apply(c) {
      await rename(c.dir, `${c.dir}-moved`);
      await symlink(path.join(c.outside, c.key), c.dir);
      return refused(404);
    },
  },
  {
    name: BOUND_BY_PERMISSIONS ? 'chmod 000 (the server is bound by permission bits: 403)' : 'chmod 000 (the server runs as root with its capabilities: still read)',
    async apply(c) {
      await chmod(c.file, 0o000);
      return BOUND_BY_PERMISSIONS ? refused(403) : file(c.original);
    },
  },
  {
    name: 'deleted',
    async apply(c) {
      await unlink(c.file);
      return refused(404);
    },
  },
  {
    name: 'replaced by a folder of the same name',
    async apply(c) {
      await unlink(c.file);
      await mkdir(c.file);
      return { kind: 'folder', location: `${c.target}/` };
    },
  },
];

/** The validators known before the change. */
interface OldTags {
  readonly identity: string;
  readonly gzip: string;
}

interface Probe {
  readonly name: string;
  readonly method: 'GET' | 'HEAD';
  headers(old: OldTags): [string, string][];
  /** Asks with the old gzip ETag (learnt before with a gzip GET). */
  readonly gzipTag?: boolean;
}

const GZIP: [string, string] = ['Accept-Encoding', 'gzip'];

const PROBES: readonly Probe[] = [
  { name: 'GET', method: 'GET', headers: () => [] },
  { name: 'GET, gzip accepted', method: 'GET', headers: () => [GZIP] },
  { name: 'GET, If-None-Match: the old ETag', method: 'GET', headers: (old) => [['If-None-Match', old.identity]] },
  { name: 'GET, gzip accepted, If-None-Match: the old gzip ETag', method: 'GET', headers: (old) => [GZIP, ['If-None-Match', old.gzip]], gzipTag: true },
  { name: 'HEAD', method: 'HEAD', headers: () => [] },
  { name: 'HEAD, gzip accepted', method: 'HEAD', headers: () => [GZIP] },
  { name: 'GET bytes=0-9, If-Range: the old ETag', method: 'GET', headers: (old) => [['Range', 'bytes=0-9'], ['If-Range', old.identity]] },
];

interface Row {
  readonly name: string;
  readonly change: Change;
  readonly size: Size;
  readonly probe: Probe;
  readonly key: string;
}

const ROWS: readonly Row[] = CHANGES.flatMap((change, c) =>
  SIZES.flatMap((size, s) =>
    PROBES.map((probe, p) => ({ name: `${change.name} | ${size.name} | then ${probe.name}`, change, size, probe, key: `c${c}-s${s}-p${p}` })),
  ),
);

const request = (target: string, probe: Pick<Probe, 'method'>, headers: [string, string][]): Buffer =>
  buildRequest({ method: probe.method, target, headers });

/** What must be equal between two answers to the same request. */
function projection(answer: Answer): Record<string, unknown> {
  const fields = ['content-type', 'content-length', 'content-encoding', 'transfer-encoding', 'etag', 'last-modified', 'cache-control', 'vary', 'content-range', 'accept-ranges', 'location'];
  const projected: Record<string, unknown> = { status: answer.statusLine };
  for (const name of fields) projected[name] = answer.header(name);
  // Multipart boundaries are random; no probe asks for several ranges.
  projected.bodyLength = answer.body.length;
  projected.body = answer.body.toString('latin1', 0, 64);
  return projected;
}

/** The body with its content coding removed. */
function decoded(answer: Answer): Buffer {
  const coding = answer.header('content-encoding');
  // A HEAD (or a 304) has no body to decode.
  if (answer.body.length === 0) return answer.body;
  if (coding === 'gzip') return gunzipSync(answer.body);
  if (coding === 'br') return brotliDecompressSync(answer.body);
  if (coding !== undefined) throw new Error(`unexpected Content-Encoding ${coding}`);
  return answer.body;
}

/**
 * How `answer` disagrees with what is on disk (empty: it agrees). `changed`: the bytes are not
 * the ones the old validators were given for, so no conditional probe (each asks with an old
 * ETag) may be answered 304 or 206.
 */
function disagreements(answer: Answer, truth: Truth, probe: Probe, changed = false): string[] {
  const problems: string[] = [];
  const head = probe.method === 'HEAD';
  if (decoded(answer).includes(OUTSIDE_MARKER)) problems.push('bytes from outside the served folder');
  switch (truth.kind) {
    case 'refused':
      if (answer.status !== truth.status) problems.push(`status ${answer.status}, expected ${truth.status}`);
      if (answer.body.length !== 0) problems.push(`a body of ${answer.body.length} bytes with the refusal`);
      break;
    case 'folder':
      if (answer.status !== 301) problems.push(`status ${answer.status}, expected 301`);
      if (answer.header('location') !== truth.location) problems.push(`Location ${answer.header('location')}, expected ${truth.location}`);
      break;
    case 'file': {
      const bytes = truth.bytes;
      const identity = answer.header('content-encoding') === undefined;
      const length = answer.header('content-length');
      if (answer.status === 200) {
        if (!head && !decoded(answer).equals(bytes)) problems.push(`200 with ${decoded(answer).length} bytes (decoded) that are not the file's ${bytes.length}`);
        if (identity && length !== String(bytes.length)) problems.push(`Content-Length ${length}, the file has ${bytes.length}`);
      } else if (answer.status === 206) {
        const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(answer.header('content-range') ?? '');
        if (range === null) problems.push(`206 with Content-Range ${answer.header('content-range')}`);
        else {
          const [start, end, total] = range.slice(1).map(Number);
          if (total !== bytes.length) problems.push(`Content-Range total ${total}, the file has ${bytes.length}`);
          if (!answer.body.equals(bytes.subarray(start, end + 1))) problems.push('206 with bytes that are not the file\'s');
        }
      } else if (answer.status !== 304) problems.push(`status ${answer.status} for a readable file`);
      if (changed && (answer.status === 304 || answer.status === 206)) problems.push(`${answer.status} to a request with the old ETag, after the bytes changed`);
      break;
    }
  }
  return problems;
}

/** read(2) bytes of process `pid` so far, or null where /proc does not tell. */
function readBytes(pid: number): number | null {
  const io = `/proc/${pid}/io`;
  if (!existsSync(io)) return null;
  try {
    return Number(/^rchar: (\d+)$/m.exec(readFileSync(io, 'utf8'))![1]);
  } catch {
    return null;
  }
}

describe.each(PARSERS)('never stale, with the %s parser', (parser: Parser) => {
  let base = '';
  let served = '';
  let outside = '';
  let server: RunningServer | undefined;
  /** Asked only after a change: it never saw the file before. */
  let oracle: RunningServer | undefined;
  let client: KeepAliveClient | undefined;
  let oracleClient: KeepAliveClient | undefined;
  const cases = new Map<string, Case>();

  beforeAll(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'ferroserve-freshness-'));
    served = path.join(base, 'served');
    outside = path.join(base, 'outside');
    await mkdir(served);
    await mkdir(outside);
    for (const row of ROWS) {
      const dir = path.join(served, row.key);
      const c: Case = {
        key: row.key,
        dir,
        file: path.join(dir, 'file.txt'),
        target: `/files/${row.key}/file.txt`,
        size: row.size.bytes,
        original: text(row.size.bytes),
        outside,
      };
      await mkdir(dir);
      await writeFile(c.file, c.original);
      await utimes(c.file, FIXED_TIME, FIXED_TIME);
      await row.change.prepare?.(c);
      cases.set(row.key, c);
    }
    const settled = Date.now() + SETTLE_MS;
    const args = [...parserArgs(parser), '--idle-timeout', '120000', '--directory', served];
    [server, oracle] = await Promise.all([startServer({ args, through: THROUGH }), startServer({ args, through: THROUGH })]);
    client = new KeepAliveClient(server.port);
    oracleClient = new KeepAliveClient(oracle.port);
    // Every file's ctime is then past the racy window: what the server remembers, it remembers.
    await sleep(Math.max(0, settled - Date.now()));
  }, 60_000);

  afterAll(async () => {
    client?.close();
    oracleClient?.close();
    await Promise.all([server?.stop(), oracle?.stop()]);
    await rm(base, { recursive: true, force: true });
  }, 20_000);

  // Named in full (test.each shortens a $name to 40 characters).
  for (const row of ROWS) test(row.name, async () => {
    const c = cases.get(row.key)!;
    const main = client!;
    const pid = server!.child.pid!;
    const plain = request(c.target, { method: 'GET' }, []);

    // Before: what the server keeps of this file is filled (a cached file's copy, its encoded
    // representations and 304 heads: the second ask of each; a streamed file's plain-GET head:
    // the first).
    const first = await main.request(plain);
    expect(first.statusLine).toBe('HTTP/1.1 200 OK');
    expect(first.body.equals(c.original)).toBe(true);
    if (row.size.cached) {
      // From memory: the server reads the request (and a few bytes of its own wake-ups), not
      // the file. Its other reads now and then (a /proc file, ~1 KiB) can land in one
      // measurement: the least of three is taken (a file read from disk is in every one).
      let extra = Infinity;
      for (let attempt = 0; attempt < 3 && extra >= row.size.bytes / 2; attempt++) {
        const readBefore = readBytes(pid);
        const again = await main.request(plain);
        const readAfter = readBytes(pid);
        expect(again.body.equals(c.original)).toBe(true);
        expect(again.header('etag')).toBe(first.header('etag'));
        extra = readBefore === null || readAfter === null ? 0 : Math.min(extra, readAfter - readBefore - plain.length);
      }
      expect(extra, 'read(2) bytes beyond the request of a GET answered from memory').toBeLessThan(row.size.bytes / 2);
    }
    let gzipTag = first.header('etag')!;
    if (row.probe.gzipTag) {
      const gzipped = await main.request(request(c.target, { method: 'GET' }, [GZIP]));
      expect(gzipped.status).toBe(200);
      expect(decoded(gzipped).equals(c.original)).toBe(true);
      gzipTag = gzipped.header('etag')!;
    }
    const old: OldTags = { identity: first.header('etag')!, gzip: gzipTag };
    const probeRequest = request(c.target, row.probe, row.probe.headers(old));
    const head = row.probe.method === 'HEAD';
    for (let i = 0; i < (row.size.cached ? 2 : 1); i++) {
      const before = await main.request(probeRequest, head);
      expect([200, 206, 304], before.statusLine).toContain(before.status);
      expect(disagreements(before, file(c.original), row.probe)).toEqual([]);
    }

    const truth = await row.change.apply(c);

    const after = await main.request(probeRequest, head);
    const fresh = await oracleClient!.request(probeRequest, head);
    const changed = truth.kind === 'file' && !truth.bytes.equals(c.original);
    expect(disagreements(fresh, truth, row.probe, changed), 'the fresh server agrees with the disk').toEqual([]);
    expect(disagreements(after, truth, row.probe, changed), 'the very next answer agrees with the disk').toEqual([]);
    expect(projection(after), 'the very next answer is the fresh server\'s').toEqual(projection(fresh));
    expect(after.body.equals(fresh.body)).toBe(true);

    if (row.probe !== PROBES[0]) {
      // And the plain GET after it (the probe was not one).
      const again = await main.request(plain);
      const freshAgain = await oracleClient!.request(plain);
      expect(disagreements(again, truth, PROBES[0])).toEqual([]);
      expect(projection(again), 'and the next plain GET too').toEqual(projection(freshAgain));
      expect(again.body.equals(freshAgain.body)).toBe(true);
    }
    expect(server!.isRunning()).toBe(true);
  }, 20_000);

  test('every row was asked on one keep-alive connection', () => {
    expect(client!.connections).toBe(1);
  });
});

/**
 * Policy: an ETag names one content. A client that kept the old bytes and revalidates with the
 * old ETag after a rewrite in place that kept size and mtime (`cp -p`, `rsync --inplace -t`,
 * `touch -r`) must get the new bytes, not 304; and If-Range with the old ETag must not splice
 * new bytes into the old copy. The ETag is made of inode, size and ctime (etag.ts), which no
 * call can set back; a fresh server answers the same (it is the validator, not the cache).
 */
describe.each(PARSERS)('an old ETag never validates changed bytes, with the %s parser', (parser: Parser) => {
  let base = '';
  let server: RunningServer | undefined;

  beforeAll(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'ferroserve-etag-'));
    for (const size of SIZES) {
      await writeFile(path.join(base, `${size.bytes}.txt`), text(size.bytes));
      await utimes(path.join(base, `${size.bytes}.txt`), FIXED_TIME, FIXED_TIME);
    }
    server = await startServer({ args: [...parserArgs(parser), '--idle-timeout', '60000', '--directory', base] });
  }, 20_000);

  afterAll(async () => {
    await server?.stop();
    await rm(base, { recursive: true, force: true });
  }, 15_000);

  test.each(SIZES)('$name rewritten in place, same size, mtime restored', async (size) => {
    const client = new KeepAliveClient(server!.port);
    try {
      const name = path.join(base, `${size.bytes}.txt`);
      const target = `/files/${size.bytes}.txt`;
      const before = await client.request(request(target, { method: 'GET' }, []));
      await client.request(request(target, { method: 'GET' }, []));
      const oldTag = before.header('etag')!;
      const next = text(size.bytes);
      await writeFile(name, next);
      await utimes(name, FIXED_TIME, FIXED_TIME);

      const revalidated = await client.request(request(target, { method: 'GET' }, [['If-None-Match', oldTag]]));
      const ranged = await client.request(request(target, { method: 'GET' }, [['Range', 'bytes=0-9'], ['If-Range', oldTag]]));
      expect({ status: revalidated.status, newBytes: revalidated.body.equals(next) }, 'If-None-Match: the old ETag').toEqual({ status: 200, newBytes: true });
      expect(revalidated.header('etag')).not.toBe(oldTag);
      expect({ status: ranged.status, newBytes: ranged.body.equals(next) }, 'If-Range: the old ETag').toEqual({ status: 200, newBytes: true });
    } finally {
      client.close();
    }
  }, 15_000);
});
