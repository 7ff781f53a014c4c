/**
 * The server through Node's own fetch (undici), a client users really point at it, once per parser.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { TRANSPORTS, serveFixture } from './harness.js';

describe.each(TRANSPORTS)('fetch (%s)', (parser) => {
  const suite = serveFixture(parser);
  const url = (target: string) => `${suite.server.url}${target}`;

  test('GET / with --directory -> 200, the front page (listing), no Server or Date header', async () => {
    const response = await fetch(url('/'));
    expect(response.status).toBe(200);
    expect(response.statusText).toBe('OK');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<a href="/files/hello.txt">hello.txt</a>');
    expect(response.headers.get('server')).toBeNull();
    expect(response.headers.get('date')).toBeNull();
  });

  test('GET /echo/{str}: the decoded string, whatever encoding fetch negotiates', async () => {
    const response = await fetch(url('/echo/hello%20fetch%20%E2%9C%93'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(await response.text()).toBe('hello fetch ✓');
  });

  test('GET /echo with Accept-Encoding: identity -> plain, exact Content-Length', async () => {
    const response = await fetch(url('/echo/plain'), { headers: { 'accept-encoding': 'identity' } });
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(response.headers.get('content-length')).toBe('5');
    expect(await response.text()).toBe('plain');
  });

  test('GET /echo with Accept-Encoding: gzip -> gzip, decoded by fetch', async () => {
    const response = await fetch(url('/echo/squeezed'), { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toBe('squeezed');
  });

  test('GET /user-agent returns the User-Agent sent', async () => {
    const response = await fetch(url('/user-agent'), { headers: { 'user-agent': 'fetch-test/1.0' } });
    expect(await response.text()).toBe('fetch-test/1.0');
  });

  test('GET /files/big.bin: 5 MiB, byte-exact', async () => {
    const response = await fetch(url('/files/big.bin'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-length')).toBe(String(suite.fixture.big.length));
    expect(Buffer.from(await response.arrayBuffer()).equals(suite.fixture.big)).toBe(true);
  }, 10_000);

  test('GET /files/missing -> 404', async () => {
    const response = await fetch(url('/files/missing'));
    expect(response.status).toBe(404);
    await response.arrayBuffer();
  });

  test('HEAD /files/hello.txt -> its length, no body', async () => {
    const response = await fetch(url('/files/hello.txt'), { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(suite.fixture.files.get('hello.txt')!.length));
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  test('POST /files with a buffer body -> 201, file on disk', async () => {
    const body = Buffer.from('uploaded with fetch');
    const response = await fetch(url('/files/fetched.txt'), { method: 'POST', body });
    expect(response.status).toBe(201);
    await response.arrayBuffer();
    expect((await readFile(path.join(suite.fixture.served, 'fetched.txt'))).equals(body)).toBe(true);
  });

  test('POST /files with a stream body (chunked) -> 201, file on disk', async () => {
    const pieces = ['streamed ', 'in ', 'pieces'];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const piece of pieces) controller.enqueue(new TextEncoder().encode(piece));
        controller.close();
      },
    });
    const response = await fetch(url('/files/streamed.txt'), { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(201);
    await response.arrayBuffer();
    expect(await readFile(path.join(suite.fixture.served, 'streamed.txt'), 'utf8')).toBe(pieces.join(''));
  });

  test('30 parallel fetches all succeed', async () => {
    const bodies = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const response = await fetch(url(`/echo/p${i}`), { headers: { 'accept-encoding': 'identity' } });
        return response.text();
      }),
    );
    expect(bodies).toEqual(Array.from({ length: 30 }, (_, i) => `p${i}`));
  });
});
