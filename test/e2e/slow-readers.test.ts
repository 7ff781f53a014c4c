/**
 * Memory stays flat whatever the file size or the client's pace, and every descriptor a
 * download opened is closed once it is over, however it ended.
 *
 * - 200 slow readers of a 100 MiB file (sparse: its bytes cost no disk): each sends its GET and
 *   then takes a few KiB now and then. While they hang on, the server's resident memory (VmRSS)
 *   grows by less than 300 MiB: a server that buffered 4 MiB of each would need 800 MiB, one that
 *   buffered the files 20 GiB. Each download holds its socket and its file open meanwhile (the
 *   descriptor count says so: the test really has 200 downloads in flight). Once the readers
 *   are gone, the descriptors are back to what the server held at rest.
 * - A table of ways a request ends (whole GETs of each size, downloads cut mid-body, a download
 *   encoded as it is sent cut mid-body, ranges, HEAD, 304, 404, a request cut before its
 *   answer): after each row's connections are closed, the descriptors are back to the count
 *   at rest within 5 s.
 *
 * The server is a child process: /proc/PID/status and /proc/PID/fd tell its memory and its
 * descriptors (Linux only, as the fault suites).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildRequest, eventually, PARSERS, RawConnection, send, sleep, startServer, type Parser, type RunningServer } from './harness.js';
import { SMALL_FILE_BYTES } from '../../src/files/file-store.js';
import { openDescriptors, parserArgs } from './faults/fault-helpers.js';
import { KeepAliveClient } from './keep-alive-client.js';

const MiB = 1024 * 1024;
const HUGE_SIZE = 100 * MiB;
/** Streamed (above SMALL_FILE_BYTES): 1 MiB, or more where the server keeps larger files in memory. */
const BIG_SIZE = Math.max(MiB, SMALL_FILE_BYTES + 256 * 1024);
const READERS = 200;
/** How long the readers may wait for their answer to begin. */
const START_MS = 20_000;
/** How long they then hang on, reading a little every tick. */
const HOLD_MS = 2000;
const TICK_MS = 150;
const SIP_BYTES = 4096;
/**
 * Growth of the server's resident memory allowed with every reader in flight: 80-140 MiB is
 * measured on a 2-core machine (a 256 KiB chunk in flight per download, and the chunks already
 * sent until the collector frees them); 1.5 MiB held per reader would already be 300 MiB, and a
 * server that buffers 4 MiB per reader grows by 890 MiB.
 */
const RSS_GROWTH_BOUND = 300 * MiB;
/** How long closed connections may take to release their descriptors. */
const RELEASE_MS = 5000;

/** The server's resident memory (VmRSS), in bytes. */
function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)![1]) * 1024;
}

/** A client that sends a GET and then reads at most `SIP_BYTES` per `sip()`. */
class SlowReader {
  received = 0;
  head = '';
  closedByServer = false;

  private constructor(readonly socket: net.Socket) {
    socket.on('end', () => (this.closedByServer = true));
    socket.on('error', () => (this.closedByServer = true));
  }

  static async start(port: number, request: Buffer): Promise<SlowReader> {
    const socket = net.connect({ port, host: '127.0.0.1' });
    // Paused: nothing is read unless sip() asks (the rest waits in the kernel's buffers).
    socket.pause();
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const reader = new SlowReader(socket);
    socket.write(request);
    return reader;
  }

  sip(): void {
    const chunk = this.socket.read(SIP_BYTES) as Buffer | null;
    if (chunk === null) return;
    if (this.received === 0) this.head = chunk.toString('latin1', 0, Math.max(0, chunk.indexOf('\r\n\r\n')));
    this.received += chunk.length;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

describe.each(PARSERS)('memory and descriptors with the %s parser', (parser: Parser) => {
  let base = '';
  let server: RunningServer | undefined;
  let pid = 0;
  /** Descriptors the server holds at rest, once every kind of request was answered once. */
  let atRest = 0;
  const files = new Map<string, Buffer>();

  const target = (name: string) => `/files/${name}`;
  const get = (name: string, headers: [string, string][] = [], method = 'GET') => buildRequest({ method, target: target(name), headers });
  const backToRest = async (): Promise<number> => {
    let now = await openDescriptors(pid);
    await eventually(async () => (now = await openDescriptors(pid)) <= atRest, RELEASE_MS);
    return now;
  };

  beforeAll(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'ferroserve-slow-readers-'));
    const served = path.join(base, 'served');
    await mkdir(served);
    // Sparse: 100 MiB of zeros that take no disk.
    await writeFile(path.join(served, 'huge.bin'), '');
    await truncate(path.join(served, 'huge.bin'), HUGE_SIZE);
    files.set('small.txt', Buffer.from('a small file, answered from memory\n'.repeat(3)));
    files.set('mid.bin', randomBytes(SMALL_FILE_BYTES));
    files.set('big.bin', randomBytes(BIG_SIZE));
    files.set('story.txt', Buffer.from(Array.from({ length: 40_000 }, (_, i) => `line ${i}: the quick brown fox jumps over the lazy dog\n`).join('')));
    for (const [name, bytes] of files) await writeFile(path.join(served, name), bytes);
    server = await startServer({ args: [...parserArgs(parser), '--idle-timeout', '30000', '--directory', served] });
    pid = server.child.pid!;
    // Warm: one request of each kind opens what the server keeps (the thread pool, the wire).
    const client = new KeepAliveClient(server.port);
    for (const name of files.keys()) {
      const whole = await client.request(get(name));
      expect(whole.body.equals(files.get(name)!)).toBe(true);
      await client.request(get(name, [['If-None-Match', whole.header('etag')!]]));
      await client.request(get(name, [['Range', 'bytes=0-9']]));
      await client.request(get(name, [['Accept-Encoding', 'gzip']]));
      await client.request(get(name, [], 'HEAD'), true);
    }
    await client.request(get('missing.txt'));
    // At rest: once the server closed its end of the warming connection.
    const withConnection = await openDescriptors(pid);
    client.close();
    expect(await eventually(async () => (atRest = await openDescriptors(pid)) < withConnection, RELEASE_MS)).toBe(true);
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
    await rm(base, { recursive: true, force: true });
  }, 15_000);

  test(`${READERS} slow readers of a 100 MiB file: memory flat, every download in flight, descriptors back after`, async () => {
    const baseline = residentBytes(pid);
    const readers: SlowReader[] = [];
    try {
      for (let i = 0; i < READERS; i += 50) {
        readers.push(...(await Promise.all(Array.from({ length: Math.min(50, READERS - i) }, () => SlowReader.start(server!.port, get('huge.bin'))))));
      }
      let peak = baseline;
      let descriptorsInFlight = 0;
      const tick = async (): Promise<void> => {
        await sleep(TICK_MS);
        for (const reader of readers) reader.sip();
        peak = Math.max(peak, residentBytes(pid));
        descriptorsInFlight = Math.max(descriptorsInFlight, await openDescriptors(pid));
      };
      // The server first fills every socket's kernel buffers (megabytes each on the loopback),
      // so the last heads take a few seconds to come; then every download is in flight.
      const started = Date.now() + START_MS;
      while (readers.some((reader) => reader.received === 0) && Date.now() < started) await tick();
      const until = Date.now() + HOLD_MS;
      while (Date.now() < until) await tick();

      const heads = new Set(readers.map((reader) => reader.head.split('\r\n')[0]));
      const silent = readers.filter((reader) => reader.received === 0).length;
      expect([...heads], `every reader got its answer head (${silent} got nothing)`).toEqual(['HTTP/1.1 200 OK']);
      expect(readers.every((reader) => reader.head.includes(`\r\nContent-Length: ${HUGE_SIZE}`))).toBe(true);
      expect(readers.filter((reader) => reader.closedByServer).length, 'no reader was dropped').toBe(0);
      expect(readers.every((reader) => reader.received > 0 && reader.received < HUGE_SIZE)).toBe(true);
      // Each download holds its socket and its file.
      expect(descriptorsInFlight, 'descriptors with every download in flight').toBeGreaterThanOrEqual(atRest + 2 * READERS);
      expect(peak - baseline, `VmRSS ${Math.round(baseline / MiB)} MiB at rest, ${Math.round(peak / MiB)} MiB at most with ${READERS} readers`).toBeLessThan(RSS_GROWTH_BOUND);
    } finally {
      for (const reader of readers) reader.destroy();
    }
    expect(await backToRest(), `back to ${atRest} descriptors`).toBeLessThanOrEqual(atRest);
    expect(server!.isRunning()).toBe(true);
    // And it still serves the file whole.
    const whole = await send(server!.port, get('big.bin'), { timeoutMs: 10_000 });
    expect(whole.body.equals(files.get('big.bin')!)).toBe(true);
  }, 45_000);

  interface Row {
    readonly name: string;
    /** Makes the requests; every connection it opens is closed by the time it resolves. */
    run(port: number): Promise<void>;
  }

  const TIMES = 20;
  const NAMES = ['small.txt', 'mid.bin', 'big.bin'];

  /** `TIMES` rounds of `requests` on one keep-alive connection, each answer checked by `check`. */
  const onOneConnection = async (port: number, requests: () => Array<[Buffer, boolean]>, check: (status: number, body: Buffer, index: number) => void) => {
    const client = new KeepAliveClient(port);
    try {
      for (let round = 0; round < TIMES; round++) {
        const batch = requests();
        for (let i = 0; i < batch.length; i++) {
          const answer = await client.request(batch[i][0], batch[i][1]);
          check(answer.status, answer.body, i);
        }
      }
    } finally {
      client.close();
    }
  };

  /** Asks for `request`, waits until `bytes` of the answer arrived, and hangs up. */
  const cutAfter = async (port: number, request: Buffer, bytes: number) => {
    const connection = await RawConnection.open(port);
    try {
      await connection.write(request);
      await connection.waitReceived(bytes, 10_000);
      expect(connection.all().toString('latin1', 0, 15)).toBe('HTTP/1.1 200 OK');
    } finally {
      connection.destroy();
    }
  };

  const ROWS: readonly Row[] = [
    {
      name: `whole GETs of 100 B, ${SMALL_FILE_BYTES / 1024} KiB (SMALL_FILE_BYTES) and ${BIG_SIZE / 1024} KiB files`,
      run: (port) =>
        onOneConnection(port, () => NAMES.map((name) => [get(name), false]), (status, body, i) => {
          expect(status).toBe(200);
          expect(body.equals(files.get(NAMES[i])!)).toBe(true);
        }),
    },
    {
      name: 'whole GETs, each on a connection of its own',
      async run(port) {
        for (let i = 0; i < TIMES; i++) {
          for (const name of NAMES) expect((await send(port, get(name), { timeoutMs: 10_000 })).body.length).toBe(files.get(name)!.length);
        }
      },
    },
    {
      name: 'downloads of the 100 MiB file cut mid-body',
      async run(port) {
        for (let i = 0; i < TIMES; i++) await cutAfter(port, get('huge.bin'), 256 * 1024);
      },
    },
    {
      name: `downloads of the ${BIG_SIZE / 1024} KiB file cut mid-body`,
      async run(port) {
        for (let i = 0; i < TIMES; i++) await cutAfter(port, get('big.bin'), 64 * 1024);
      },
    },
    {
      name: 'gzip downloads of a 2 MiB text file (encoded as it is sent) cut mid-body',
      async run(port) {
        for (let i = 0; i < TIMES; i++) await cutAfter(port, get('story.txt', [['Accept-Encoding', 'gzip']]), 1024);
      },
    },
    {
      name: 'requests cut before their answer',
      async run(port) {
        for (let i = 0; i < TIMES; i++) {
          for (const name of [...NAMES, 'huge.bin']) {
            const connection = await RawConnection.open(port);
            await connection.write(get(name));
            connection.destroy();
          }
        }
      },
    },
    {
      name: 'ranges: one, several (multipart), unsatisfiable',
      run: (port) =>
        onOneConnection(
          port,
          () => [
            [get('big.bin', [['Range', 'bytes=1000-1999']]), false],
            [get('huge.bin', [['Range', 'bytes=0-9,50000000-50000009']]), false],
            [get('mid.bin', [['Range', `bytes=${SMALL_FILE_BYTES}-`]]), false],
          ],
          (status, _body, i) => expect(status).toBe([206, 206, 416][i]),
        ),
    },
    {
      name: 'HEAD of every size',
      run: (port) =>
        onOneConnection(port, () => [...NAMES, 'huge.bin'].map((name) => [get(name, [], 'HEAD'), true]), (status) => expect(status).toBe(200)),
    },
    {
      name: '304s of every size',
      async run(port) {
        const tags = new Map<string, string>();
        for (const name of [...NAMES, 'huge.bin']) tags.set(name, (await send(port, get(name, [], 'HEAD'), { rules: ['bodyless'] })).header('etag')!);
        await onOneConnection(port, () => [...tags].map(([name, tag]) => [get(name, [['If-None-Match', tag]]), false]), (status) => expect(status).toBe(304));
      },
    },
    {
      name: '404s',
      run: (port) =>
        onOneConnection(port, () => [[get('missing.txt'), false], [get('nested/missing.bin'), false]], (status) => expect(status).toBe(404)),
    },
  ];

  for (const row of ROWS) {
    test(`no descriptor left open: ${row.name}`, async () => {
      await row.run(server!.port);
      expect(await backToRest(), `back to ${atRest} descriptors`).toBeLessThanOrEqual(atRest);
      expect(server!.isRunning()).toBe(true);
    }, 30_000);
  }
});
