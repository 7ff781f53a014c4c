/**
 * Shutdown and crashes: no temporary upload file survives SIGTERM, the stale ones a crash left
 * are removed at start (and only those), --shutdown-grace lets what is in flight finish, and
 * --send-timeout releases a connection whose client never reads.
 */
import { spawn } from 'node:child_process';
import { readdir, readlink, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { HERE } from '../../src/files/temp-names.js';
import {
  BIG_SIZE,
  buildRequest,
  createFixture,
  eventually,
  expectStillServing,
  type Fixture,
  PARSERS,
  RawConnection,
  type RunningServer,
  sleep,
  startServer,
  TRANSPORTS,
  type Transport,
} from './harness.js';

const TEMP = '.ferroserve-upload-';

let fixture: Fixture | undefined;
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.stop('SIGKILL');
  server = undefined;
  await fixture?.cleanup();
  fixture = undefined;
}, 20_000);

async function serve(transport: Transport, args: readonly string[] = []): Promise<{ server: RunningServer; fixture: Fixture }> {
  fixture = await createFixture();
  const nodeHttp = transport === 'node-http';
  server = await startServer({ args: [...(nodeHttp ? [] : ['--parser', transport]), '--directory', fixture.served, ...args], nodeHttp });
  return { server, fixture };
}

/** Every temporary upload file under `root` (recursive; the fixture's symlinks, `link-*`, not followed), relative paths. */
async function temporaries(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true });
  return entries.filter((entry) => path.basename(entry).startsWith(TEMP) && !entry.startsWith('link-'));
}

const uploadHead = (name: string, length: number, extra = ''): string =>
  `PUT /files/${name} HTTP/1.1\r\nHost: x\r\nContent-Length: ${length}\r\n${extra}\r\n`;

describe.each(TRANSPORTS)('SIGTERM with an upload mid-body (%s)', (transport) => {
  test('exit 0, no temporary file and no target left', async () => {
    const { server, fixture } = await serve(transport, ['--shutdown-grace', '200']);
    const connection = await RawConnection.open(server.port);
    try {
      // Half of the body: the temporary file exists and is being written to.
      await connection.write(uploadHead('partial.bin', 1024 * 1024) + 'x'.repeat(256 * 1024));
      expect(await eventually(async () => (await temporaries(fixture.served)).length === 1, 5000), 'the temporary file appears').toBe(true);
      const exit = await server.stop('SIGTERM', 10_000);
      expect(exit).toEqual({ code: 0, signal: null, forced: false });
      expect(await temporaries(fixture.served)).toEqual([]);
      expect(await readdir(fixture.served)).not.toContain('partial.bin');
    } finally {
      connection.destroy();
    }
  }, 30_000);
});

describe.each(PARSERS)('--shutdown-grace: what is in flight finishes within it (%s)', (parser) => {
  test('an upload whose body ends after SIGTERM is stored; a download paused by its client completes', async () => {
    const { server, fixture } = await serve(parser, ['--shutdown-grace', '10000']);
    const body = Buffer.from('0123456789abcdef'.repeat(64 * 1024)); // 1 MiB
    const upload = await RawConnection.open(server.port);
    const download = await RawConnection.open(server.port);
    try {
      await upload.write(uploadHead('late.bin', body.length, 'Expect: 100-continue\r\n'));
      expect((await upload.readResponse()).status, 'the head arrived: 100 Continue').toBe(100);
      await upload.write(body.subarray(0, body.length / 2));
      await download.write(buildRequest({ target: '/files/big.bin' }));
      await download.waitReceived(1);
      download.socket.pause();

      server.child.kill('SIGTERM');
      await sleep(300);
      await upload.write(body.subarray(body.length / 2));
      download.socket.resume();
      const stored = await upload.readResponse({ timeoutMs: 10_000 });
      expect(stored.status).toBe(201);
      expect(stored.header('connection')).toBe('close');
      const got = await download.readResponse({ timeoutMs: 10_000 });
      expect(got.status).toBe(200);
      expect(got.body.equals(fixture.big)).toBe(true);
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect((await stat(path.join(fixture.served, 'late.bin'))).size).toBe(body.length);
      expect(await temporaries(fixture.served)).toEqual([]);
    } finally {
      upload.destroy();
      download.destroy();
    }
  }, 40_000);
});

/** A pid that has certainly exited: a child that ran and was waited for. */
async function goneProcessId(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('stale temporaries of a crash are removed at start, and only those', () => {
  test('the stale one goes; a user file named like it, and one of a process still running, stay', async () => {
    fixture = await createFixture();
    const gone = await goneProcessId();
    // Left by a ferroserve of this machine that is gone (kill -9), in the root and in a subfolder.
    const stale = `${TEMP}${HERE.machine}-${gone}-${HERE.start}-0`;
    // Of a process still running on this folder (this test process plays that part).
    const live = `${TEMP}${HERE.machine}-${HERE.pid}-${HERE.start}-0`;
    const userFiles = [`${TEMP}notes.txt`, `${stale}.txt`, `${TEMP}${HERE.machine}-${gone}`];
    for (const folder of ['', 'sub']) {
      for (const name of [stale, live, ...userFiles]) await writeFile(path.join(fixture.served, folder, name), `${folder}/${name}`);
    }
    // In a dot-folder uploads cannot write to: not swept.
    await writeFile(path.join(fixture.served, '.git', stale), 'kept');

    server = await startServer({ args: ['--directory', fixture.served] });
    const served = fixture.served;
    expect(
      await eventually(async () => (await temporaries(served)).filter((name) => path.basename(name) === stale).length === 1, 5000),
      'the stale ones in the tree are removed',
    ).toBe(true);
    expect((await temporaries(served)).sort()).toEqual(
      [path.join('.git', stale), ...['', 'sub'].flatMap((folder) => [live, ...userFiles].map((name) => path.join(folder, name)))].sort(),
    );
    expect(await eventually(async () => server!.stdout().includes('removed 2 stale temporary upload files'), 3000), server.stdout()).toBe(true);
    await expectStillServing(server.port);
  }, 30_000);
});

describe.each(PARSERS)('after kill -9 mid-upload (%s)', (parser) => {
  test('the temporary the crash left is removed by the next start', async () => {
    const { server: first, fixture } = await serve(parser);
    const connection = await RawConnection.open(first.port);
    try {
      await connection.write(uploadHead('crashed.bin', 1024 * 1024) + 'x'.repeat(256 * 1024));
      expect(await eventually(async () => (await temporaries(fixture.served)).length === 1, 5000)).toBe(true);
      expect(await first.stop('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });
    } finally {
      connection.destroy();
    }
    const [left] = await temporaries(fixture.served);
    expect(left, 'kill -9 left its temporary').toBeDefined();
    server = await startServer({ args: ['--parser', parser, '--directory', fixture.served] });
    expect(await eventually(async () => (await temporaries(fixture.served)).length === 0, 5000)).toBe(true);
    expect(await eventually(async () => server!.stdout().includes(`removed 1 stale temporary upload file left by a process that is gone (${left})`), 3000), server.stdout()).toBe(true);
    expect(await readdir(fixture.served)).not.toContain('crashed.bin');
  }, 30_000);
});

/** The descriptors of process `pid` (Linux /proc): how many are sockets, and whether one is `file` open. */
async function descriptors(pid: number, file: string): Promise<{ sockets: number; fileOpen: boolean }> {
  let sockets = 0;
  let fileOpen = false;
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    if (target.startsWith('socket:')) sockets++;
    if (target === file) fileOpen = true;
  }
  return { sockets, fileOpen };
}

describe.each(TRANSPORTS)('--send-timeout: a client that never reads (%s)', (transport) => {
  test('the connection is closed and its descriptors released; others are served', async () => {
    const { server, fixture } = await serve(transport, ['--send-timeout', '500']);
    const pid = server.child.pid!;
    const big = path.join(fixture.served, 'big.bin');
    const before = await descriptors(pid, big);
    // A raw socket that is never read from: the server's bytes pile up on both sides.
    const socket = net.connect(server.port, '127.0.0.1');
    socket.pause();
    let closed = false;
    socket.on('close', () => (closed = true));
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(buildRequest({ target: '/files/big.bin' }));
    expect(await eventually(async () => (await descriptors(pid, big)).fileOpen, 5000), 'the file is being sent').toBe(true);
    expect(
      await eventually(async () => {
        const now = await descriptors(pid, big);
        return !now.fileOpen && now.sockets === before.sockets;
      }, 15_000),
      'the file and the connection are released',
    ).toBe(true);
    await expectStillServing(server.port);
    // Read now: what the kernel had taken arrives, then the end: the body is cut short.
    let received = 0;
    socket.on('data', (chunk: Buffer) => (received += chunk.length));
    socket.resume();
    expect(await eventually(async () => closed, 10_000), 'the connection ends').toBe(true);
    expect(received).toBeLessThan(BIG_SIZE);
    socket.destroy();
  }, 40_000);
});
