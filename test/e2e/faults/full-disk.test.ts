/**
 * A full disk, for real: the server serves a 1 MiB tmpfs and uploads larger than its free space
 * arrive, streamed (Content-Length, chunked) and whole (a small body onto a nearly full disk).
 * Each gets 507 Insufficient Storage; nothing of it is left (no temporary, no target, a replaced
 * file untouched), its space is free again, and the server goes on serving and storing.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildRequest, chunkedBody, eventually, send, startServer, TRANSPORTS, type RunningServer } from '../harness.js';
import { announceSkip, freeBytes, mountTmpfs, parserArgs, probeMounting, unmount, uploadTemporaries } from './fault-helpers.js';

const skip = announceSkip('full disk (tmpfs)', await probeMounting());

const DISK = 1024 * 1024;
/** The file present before the uploads, replaced by one of them: it must stay whole. */
const KEPT = Buffer.from('the file as it was before the disk filled up\n');

interface Row {
  readonly name: string;
  /** Bytes a filler file leaves free before the upload (none: the disk is as the suite left it). */
  readonly leaveFree?: number;
  readonly request: (body: Buffer) => Buffer;
  readonly bodyBytes: number;
  readonly target: string;
}

const ROWS: readonly Row[] = [
  {
    name: 'a 2 MiB body with Content-Length, streamed to disk',
    bodyBytes: 2 * DISK,
    target: 'streamed.bin',
    request: (body) => buildRequest({ method: 'PUT', target: '/files/streamed.bin', body }),
  },
  {
    name: 'a 2 MiB chunked body',
    bodyBytes: 2 * DISK,
    target: 'chunked.bin',
    request: (body) =>
      Buffer.concat([
        buildRequest({ method: 'POST', target: '/files/chunked.bin', headers: [['Transfer-Encoding', 'chunked']] }),
        chunkedBody(body, 64 * 1024),
      ]),
  },
  {
    name: 'a 2 MiB body replacing a file: the file stays as it was',
    bodyBytes: 2 * DISK,
    target: 'kept.txt',
    request: (body) => buildRequest({ method: 'PUT', target: '/files/kept.txt', body }),
  },
  {
    // Arrives in one read: written whole (one writeFile) while the target is inspected.
    name: 'a 48 KiB body that arrives whole, onto a disk with 16 KiB left',
    leaveFree: 16 * 1024,
    bodyBytes: 48 * 1024,
    target: 'whole.bin',
    request: (body) => buildRequest({ method: 'PUT', target: '/files/whole.bin', body }),
  },
];

describe.skipIf(skip).each(TRANSPORTS)('a full disk over %s', (transport) => {
  let base = '';
  let disk = '';
  let server: RunningServer | undefined;

  beforeAll(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'ferroserve-full-disk-'));
    disk = path.join(base, 'served');
    await mkdir(disk);
    mountTmpfs(disk, `size=${DISK}`);
    await writeFile(path.join(disk, 'kept.txt'), KEPT);
    server = await startServer({ args: [...parserArgs(transport), '--idle-timeout', '30000', '--directory', disk], nodeHttp: transport === 'node-http' });
  }, 20_000);

  afterAll(async () => {
    await server?.stop();
    if (disk !== '') unmount(disk);
    await rm(base, { recursive: true, force: true });
  }, 15_000);

  test.each(ROWS)('$name: 507, nothing left, the space free again', async (row) => {
    const port = server!.port;
    const filler = path.join(disk, 'filler.bin');
    if (row.leaveFree !== undefined) await writeFile(filler, Buffer.alloc((await freeBytes(disk)) - row.leaveFree));
    const before = await freeBytes(disk);
    expect(row.bodyBytes, 'the upload does not fit').toBeGreaterThan(before);

    const response = await send(port, row.request(randomBytes(row.bodyBytes)), { timeoutMs: 10_000 });
    expect(response.statusLine).toBe('HTTP/1.1 507 Insufficient Storage');

    expect(await uploadTemporaries(disk)).toEqual([]);
    const target = path.join(disk, row.target);
    if (row.target === 'kept.txt') expect(await readFile(target)).toEqual(KEPT);
    else await expect(stat(target)).rejects.toMatchObject({ code: 'ENOENT' });
    // The temporary of a streamed upload is deleted once its stream closed, maybe just after the answer.
    expect(await eventually(async () => (await freeBytes(disk)) === before), `free space back to ${before} bytes`).toBe(true);

    if (row.leaveFree !== undefined) await unlink(filler);
    // Still serving, and still storing what fits.
    const small = Buffer.from(`stored after "${row.name}"\n`);
    const stored = await send(port, buildRequest({ method: 'PUT', target: '/files/after.txt', body: small }));
    expect([201, 204]).toContain(stored.status);
    const read = await send(port, buildRequest({ target: '/files/after.txt' }));
    expect(read.statusLine).toBe('HTTP/1.1 200 OK');
    expect(read.body).toEqual(small);
  }, 30_000);
});
