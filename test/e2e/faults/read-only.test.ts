/**
 * Writes where the file system says no: a tmpfs remounted read-only (EROFS), and a folder
 * without write permission (chmod 0555) or a file without read permission (chmod 0000) under a
 * server that, like any user's, is bound by permission bits (root ignores them: the server runs
 * with its capabilities dropped). Every refusal is 403, nothing is written, reads go on.
 */
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildRequest, send, startServer, TRANSPORTS, type RunningServer } from '../harness.js';
import {
  announceSkip,
  mountTmpfs,
  parserArgs,
  probeMounting,
  probeWithoutCapabilities,
  remount,
  unmount,
  WITHOUT_CAPABILITIES,
} from './fault-helpers.js';

const noMount = announceSkip('read-only file system (tmpfs)', await probeMounting());
const noSetpriv = announceSkip('unwritable folder (setpriv)', probeWithoutCapabilities());

const HELLO = Buffer.from('hello from a read-only disk\n');

interface Row {
  readonly name: string;
  readonly request: Buffer;
  readonly status: string;
}

const put = (target: string, body: Buffer = Buffer.from('new bytes\n')): Buffer => buildRequest({ method: 'PUT', target, body });
const FORBIDDEN = 'HTTP/1.1 403 Forbidden';

describe.skipIf(noMount).each(TRANSPORTS)('a read-only file system over %s', (transport) => {
  let base = '';
  let disk = '';
  let server: RunningServer | undefined;

  beforeAll(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'ferroserve-read-only-'));
    disk = path.join(base, 'served');
    await mkdir(disk);
    mountTmpfs(disk, 'size=4m');
    await mkdir(path.join(disk, 'sub'));
    await writeFile(path.join(disk, 'hello.txt'), HELLO);
    remount(disk, 'remount,ro');
    const args = [...parserArgs(transport), '--idle-timeout', '30000', '--allow-delete', '--directory', disk];
    server = await startServer({ args, nodeHttp: transport === 'node-http' });
  }, 20_000);

  afterAll(async () => {
    await server?.stop();
    if (disk !== '') unmount(disk);
    await rm(base, { recursive: true, force: true });
  }, 15_000);

  const rows: readonly Row[] = [
    { name: 'PUT of a new file', request: put('/files/new.txt'), status: FORBIDDEN },
    { name: 'PUT replacing a file', request: put('/files/hello.txt'), status: FORBIDDEN },
    { name: 'POST into a subfolder', request: buildRequest({ method: 'POST', target: '/files/sub/new.txt', body: 'x' }), status: FORBIDDEN },
    { name: 'a 1 MiB streamed PUT', request: put('/files/big.bin', randomBytes(1024 * 1024)), status: FORBIDDEN },
    { name: 'DELETE', request: buildRequest({ method: 'DELETE', target: '/files/hello.txt' }), status: FORBIDDEN },
    { name: 'GET still reads', request: buildRequest({ target: '/files/hello.txt' }), status: 'HTTP/1.1 200 OK' },
  ];

  test.each(rows)('$name: $status', async (row) => {
    const response = await send(server!.port, row.request, { timeoutMs: 10_000 });
    expect(response.statusLine).toBe(row.status);
    expect((await readdir(disk, { recursive: true })).sort()).toEqual(['hello.txt', 'sub']);
    expect(await readFile(path.join(disk, 'hello.txt'))).toEqual(HELLO);
  });
});

describe.skipIf(noSetpriv).each(TRANSPORTS)('permissions that forbid, for a server bound by them, over %s', (transport) => {
  let base = '';
  let served = '';
  let server: RunningServer | undefined;

  beforeAll(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'ferroserve-permissions-'));
    served = path.join(base, 'served');
    await mkdir(path.join(served, 'locked'), { recursive: true });
    await writeFile(path.join(served, 'locked', 'inside.txt'), HELLO);
    await writeFile(path.join(served, 'secret.txt'), HELLO);
    await chmod(path.join(served, 'locked'), 0o555);
    await chmod(path.join(served, 'secret.txt'), 0o000);
    const args = [...parserArgs(transport), '--idle-timeout', '30000', '--allow-delete', '--directory', served];
    server = await startServer({ args, nodeHttp: transport === 'node-http', through: WITHOUT_CAPABILITIES });
  }, 20_000);

  afterAll(async () => {
    await server?.stop();
    await rm(base, { recursive: true, force: true });
  }, 15_000);

  const rows: readonly Row[] = [
    { name: 'PUT into a folder without write permission', request: put('/files/locked/new.txt'), status: FORBIDDEN },
    { name: 'PUT replacing a file in it', request: put('/files/locked/inside.txt'), status: FORBIDDEN },
    { name: 'a 1 MiB streamed PUT into it', request: put('/files/locked/big.bin', randomBytes(1024 * 1024)), status: FORBIDDEN },
    { name: 'DELETE of a file in it', request: buildRequest({ method: 'DELETE', target: '/files/locked/inside.txt' }), status: FORBIDDEN },
    { name: 'GET of a file without read permission', request: buildRequest({ target: '/files/secret.txt' }), status: FORBIDDEN },
    { name: 'GET of a readable file in the locked folder', request: buildRequest({ target: '/files/locked/inside.txt' }), status: 'HTTP/1.1 200 OK' },
  ];

  test.each(rows)('$name: $status', async (row) => {
    const response = await send(server!.port, row.request, { timeoutMs: 10_000 });
    expect(response.statusLine).toBe(row.status);
    expect((await readdir(path.join(served, 'locked'))).sort()).toEqual(['inside.txt']);
    expect(await readFile(path.join(served, 'locked', 'inside.txt'))).toEqual(HELLO);
  });
});
