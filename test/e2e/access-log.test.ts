/**
 * The access log: one line per answer with the status that was sent, the body bytes written and
 * the time taken, on every transport (`--log json --log-file`), none dropped under a burst of
 * 500 pipelined requests, every line written by the time the server exits; `--log dev` on stdout.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createFixture, eventually, PARSERS, RawConnection, TRANSPORTS, buildRequest, send, serveFixture, startServer } from './harness.js';

interface LogRecord {
  time: string;
  remote: string | null;
  method: string;
  target: string;
  version: string;
  status: number;
  bytes: number;
  ms: number;
  complete: boolean;
  referer: string | null;
  userAgent: string | null;
}

const logs = mkdtempSync(path.join(os.tmpdir(), 'ferroserve-log-'));
afterAll(() => rmSync(logs, { recursive: true, force: true }));

function readLog(file: string): LogRecord[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  // Only whole lines: the server may be writing the last one while the test reads the file.
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as LogRecord);
}

/** Waits (bounded) until `file` holds a line for `target`, and returns the lines for it. */
async function linesFor(file: string, target: string, count = 1): Promise<LogRecord[]> {
  await eventually(async () => readLog(file).filter((record) => record.target === target).length >= count, 4000);
  return readLog(file).filter((record) => record.target === target);
}

describe.each(TRANSPORTS)('--log json --log-file (%s)', (transport) => {
  const file = path.join(logs, `${transport}.log`);
  const suite = serveFixture(transport, { args: ['--log', 'json', '--log-file', file, '--max-body', '1k'] });
  let etag = '';

  /** [target, method, extra headers, status, body bytes logged]. 5 MiB for big.bin. */
  const CASES: readonly [string, string, [string, string][], number, number | 'big' | 'received'][] = [
    ['/files/hello.txt?case=200', 'GET', [], 200, 19],
    ['/files/hello.txt?case=206', 'GET', [['Range', 'bytes=0-4']], 206, 5],
    ['/files/hello.txt?case=304', 'GET', [['If-None-Match', 'ETAG']], 304, 0],
    ['/files/missing.txt?case=404', 'GET', [], 404, 0],
    ['/files/hello.txt?case=416', 'GET', [['Range', 'bytes=100-']], 416, 0],
    ['/files/hello.txt?case=head', 'HEAD', [], 200, 0],
    ['/files/big.bin?case=big', 'GET', [], 200, 'big'],
    ['/files/story.txt?case=gzip-stream', 'GET', [['Accept-Encoding', 'gzip']], 200, 'received'],
    ['/files/..%2fx?case=400', 'GET', [], 400, 0],
    ['/echo/abc?case=echo', 'GET', [], 200, 3],
    ['/nowhere?case=404-route', 'GET', [], 404, 0],
  ];

  test.each(CASES)('%s', async (target, method, headers, status, bytes) => {
    if (etag === '') etag = (await send(suite.port, buildRequest({ target: '/files/hello.txt' }))).header('etag')!;
    // The gzip stream's length is not known before it is sent: over HTTP/1.0 it ends with the connection.
    const version = bytes === 'received' ? '1.0' : '1.1';
    const request = buildRequest({ method, target, version, headers: [...headers.map(([n, v]): [string, string] => [n, v === 'ETAG' ? etag : v]), ['User-Agent', 'log-test/1'], ['Referer', 'http://ref.example/']] });
    const response = await send(suite.port, request, { rules: [method === 'HEAD' || status === 304 ? 'bodyless' : 'by-headers'] });
    expect(response.status).toBe(status);
    const [record, ...more] = await linesFor(file, target);
    expect(more).toEqual([]);
    const expectedBytes = bytes === 'big' ? suite.fixture.big.length : bytes === 'received' ? response.body.length : bytes;
    expect(record).toMatchObject({ method, target, version, status, bytes: expectedBytes, complete: true, remote: '127.0.0.1', userAgent: 'log-test/1', referer: 'http://ref.example/' });
    expect(record.ms).toBeGreaterThanOrEqual(0);
    expect(Number.isNaN(Date.parse(record.time))).toBe(false);
    if (bytes === 'received') expect(response.header('content-encoding')).toBe('gzip');
  });

  test('an upload is logged with its status', async () => {
    const response = await send(suite.port, buildRequest({ method: 'PUT', target: '/files/logged.txt?case=put', body: 'stored' }));
    expect(response.status).toBe(201);
    const [record] = await linesFor(file, '/files/logged.txt?case=put');
    expect(record).toMatchObject({ method: 'PUT', status: 201, bytes: 0, complete: true });
  });

  test('a body over --max-body, refused before any handler runs, is logged with its method and target', async () => {
    const response = await send(suite.port, buildRequest({ method: 'PUT', target: '/files/too-big.bin?case=413', body: Buffer.alloc(2048) }));
    expect(response.status).toBe(413);
    const [record] = await linesFor(file, '/files/too-big.bin?case=413');
    expect(record).toMatchObject({ method: 'PUT', status: 413, bytes: 0 });
  });

  test('a burst of 500 pipelined requests on 10 connections gives 500 lines', async () => {
    const connections = await Promise.all(Array.from({ length: 10 }, () => RawConnection.open(suite.port)));
    try {
      await Promise.all(
        connections.map(async (connection, c) => {
          const requests = Array.from({ length: 50 }, (_, i) => buildRequest({ target: `/echo/burst?c=${c}&i=${i}` }));
          await connection.write(Buffer.concat(requests));
          const responses = await connection.readResponses(50, { timeoutMs: 8000 });
          expect(responses.every((response) => response.status === 200)).toBe(true);
        }),
      );
    } finally {
      for (const connection of connections) connection.destroy();
    }
    await eventually(async () => readLog(file).filter((record) => record.target.startsWith('/echo/burst?')).length >= 500, 5000);
    const burst = readLog(file).filter((record) => record.target.startsWith('/echo/burst?'));
    expect(burst.length).toBe(500);
    expect(new Set(burst.map((record) => record.target)).size).toBe(500);
    expect(burst.every((record) => record.status === 200 && record.bytes === 5)).toBe(true);
  });

  test('a download cut short is logged as incomplete, with fewer bytes than the file', async () => {
    // Larger than what loopback's socket buffers can hold (a few MiB each way), so the server
    // cannot have written it all when the client, which reads nothing, goes away.
    const size = 48 * 1024 * 1024;
    await writeFile(path.join(suite.fixture.served, 'huge.bin'), Buffer.alloc(size, 1));
    const connection = await RawConnection.open(suite.port);
    connection.socket.pause(); // read nothing: the server's writes back up
    await connection.write(buildRequest({ target: '/files/huge.bin?case=cut' }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    connection.destroy();
    const [record] = await linesFor(file, '/files/huge.bin?case=cut');
    expect(record.status).toBe(200);
    expect(record.complete).toBe(false);
    expect(record.bytes).toBeLessThan(size);
  });
});

// node:http answers a head it cannot parse itself, before ferroserve sees it: ferroserve's own transport only.
describe.each(PARSERS)('refusals before any handler (%s)', (parser) => {
  const file = path.join(logs, `refusals-${parser}.log`);
  const suite = serveFixture(parser, { args: ['--log', 'json', '--log-file', file] });

  test('a head the wire refuses is logged as 400 with - for what could not be read', async () => {
    const response = await send(suite.port, 'GET /x HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n');
    expect(response.status).toBe(400);
    await eventually(async () => readLog(file).length > 0);
    expect(readLog(file)).toMatchObject([{ method: '-', target: '-', status: 400, bytes: 0 }]);
  });
});

describe('the access log on stdout and at exit', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  test('--log dev: one plain line per answer after the banner (stdout is a pipe: no colour)', async () => {
    const fixture = await createFixture();
    cleanups.push(() => fixture.cleanup());
    const server = await startServer({ args: ['--directory', fixture.served, '--log', 'dev'] });
    cleanups.push(() => server.stop());
    await send(server.port, buildRequest({ target: '/files/hello.txt' }));
    await send(server.port, buildRequest({ target: '/files/hello.txt', headers: [['Range', 'bytes=100-']] }));
    await eventually(async () => server.stdout().split('\n').length >= 4);
    const lines = server.stdout().split('\n').slice(1, 3);
    expect(lines[0]).toMatch(/^GET \/files\/hello\.txt 200 \d+\.\d{3} ms - 19$/);
    expect(lines[1]).toMatch(/^GET \/files\/hello\.txt 416 \d+\.\d{3} ms - 0$/);
    expect(server.stdout()).not.toContain('\x1b[');
  });

  test('the default (stdout not a terminal) logs nothing', async () => {
    const fixture = await createFixture();
    cleanups.push(() => fixture.cleanup());
    const server = await startServer({ args: ['--directory', fixture.served] });
    cleanups.push(() => server.stop());
    await send(server.port, buildRequest({ target: '/files/hello.txt' }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.stdout()).toBe(`${server.banner}\n`);
  });

  test('every line is in the file when the server has exited (SIGTERM right after the answers)', async () => {
    const fixture = await createFixture();
    cleanups.push(() => fixture.cleanup());
    const file = path.join(logs, 'exit.log');
    const server = await startServer({ args: ['--directory', fixture.served, '--log', 'json', '--log-file', file] });
    const connection = await RawConnection.open(server.port);
    await connection.write(Buffer.concat(Array.from({ length: 100 }, (_, i) => buildRequest({ target: `/echo/exit${i}` }))));
    await connection.readResponses(100);
    connection.destroy();
    const exit = await server.stop();
    expect(exit.code).toBe(0);
    expect(readLog(file).length).toBe(100);
  });
});
