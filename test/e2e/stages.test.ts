/**
 * Every stage of the HTTP-server challenge, as a named test, once per parser, over raw sockets
 * with the exact bytes the challenge's checker sends and exact expectations on what comes back.
 */
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import {
  PARSERS,
  RawConnection,
  buildRequest,
  expectCleanHeaders,
  expectFramed,
  send,
  serveFixture,
  tokens,
} from './harness.js';

describe.each(PARSERS)('challenge stages (parser %s)', (parser) => {
  const suite = serveFixture(parser);
  // The challenge starts the server without --directory for the stages before files: there,
  // `/` is its empty 200 (with a directory it is the directory's front page).
  const bare = serveFixture(parser, { withoutDirectory: true });

  test('stage: bind to a port', async () => {
    expect(suite.server.parser).toBe(parser);
    expect(suite.server.host).toBe('127.0.0.1');
    expect(suite.port).toBeGreaterThan(0);
    const socket = net.connect({ port: suite.port, host: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.destroy();
  });

  test('stage: respond with 200', async () => {
    const response = await send(bare.port, 'GET / HTTP/1.1\r\nHost: localhost:4221\r\n\r\n');
    expect(response.statusLine).toBe('HTTP/1.1 200 OK');
    expect(response.header('content-length')).toBe('0');
    expect(response.body.length).toBe(0);
    expectCleanHeaders(response);
  });

  test('stage: extract URL path -> 404', async () => {
    const missing = await send(bare.port, 'GET /abcdefg HTTP/1.1\r\nHost: localhost:4221\r\n\r\n');
    expect(missing.statusLine).toBe('HTTP/1.1 404 Not Found');
    expectFramed(missing);
    expectCleanHeaders(missing);
    const root = await send(bare.port, 'GET / HTTP/1.1\r\nHost: localhost:4221\r\n\r\n');
    expect(root.statusLine).toBe('HTTP/1.1 200 OK');
  });

  test.each([
    { target: '/echo/abc', body: 'abc' },
    { target: '/echo/raspberry', body: 'raspberry' },
    { target: '/echo/hello%20world', body: 'hello world' },
    { target: '/echo/%2541', body: '%41' },
    { target: '/echo/%C3%A9t%C3%A9', body: 'été' },
  ])('stage: respond with body /echo ($target)', async ({ target, body }) => {
    const response = await send(suite.port, `GET ${target} HTTP/1.1\r\nHost: localhost:4221\r\n\r\n`);
    expect(response.statusLine).toBe('HTTP/1.1 200 OK');
    expect(response.header('content-type')).toBe('text/plain');
    expect(response.header('content-length')).toBe(String(Buffer.byteLength(body)));
    expect(response.body.toString('utf8')).toBe(body);
    expect(response.headerCount('content-encoding')).toBe(0);
    expectCleanHeaders(response);
  });

  test.each([
    { agent: 'foobar/1.2.3', body: 'foobar/1.2.3' },
    { agent: 'curl/8.5.0', body: 'curl/8.5.0' },
    { agent: '  Mozilla/5.0 (X11; Linux x86_64)  ', body: 'Mozilla/5.0 (X11; Linux x86_64)' },
  ])('stage: read header /user-agent ($body)', async ({ agent, body }) => {
    const response = await send(suite.port, `GET /user-agent HTTP/1.1\r\nHost: localhost:4221\r\nUser-Agent:${agent}\r\n\r\n`);
    expect(response.statusLine).toBe('HTTP/1.1 200 OK');
    expect(response.header('content-type')).toBe('text/plain');
    expect(response.header('content-length')).toBe(String(body.length));
    expect(response.body.toString('latin1')).toBe(body);
    expectCleanHeaders(response);
  });

  test('stage: read header /user-agent without a User-Agent -> empty body', async () => {
    const response = await send(suite.port, 'GET /user-agent HTTP/1.1\r\nHost: localhost:4221\r\n\r\n');
    expect(response.statusLine).toBe('HTTP/1.1 200 OK');
    expect(response.header('content-type')).toBe('text/plain');
    expect(response.header('content-length')).toBe('0');
    expect(response.body.length).toBe(0);
  });

  test('stage: concurrent connections', async () => {
    const connections = await Promise.all([1, 2, 3].map(() => RawConnection.open(suite.port)));
    try {
      // Requests go out in the reverse order of the connects: no connection waits for another.
      for (const [index, connection] of [...connections.entries()].reverse()) {
        await connection.write(`GET /echo/conn-${index} HTTP/1.1\r\nHost: localhost:4221\r\n\r\n`);
        const response = await connection.readResponse();
        expect(response.statusLine).toBe('HTTP/1.1 200 OK');
        expect(response.body.toString()).toBe(`conn-${index}`);
      }
    } finally {
      for (const connection of connections) connection.destroy();
    }
  });

  test('stage: return a file', async () => {
    const content = suite.fixture.files.get('orange_mango_grape')!;
    const found = await send(suite.port, 'GET /files/orange_mango_grape HTTP/1.1\r\nHost: localhost:4221\r\n\r\n');
    expect(found.statusLine).toBe('HTTP/1.1 200 OK');
    expect(found.header('content-type')).toBe('application/octet-stream');
    expect(found.header('content-length')).toBe(String(content.length));
    expect(found.body.equals(content)).toBe(true);
    expectCleanHeaders(found);
    const missing = await send(suite.port, 'GET /files/non_existent_file HTTP/1.1\r\nHost: localhost:4221\r\n\r\n');
    expect(missing.statusLine).toBe('HTTP/1.1 404 Not Found');
    expectFramed(missing);
  });

  test('stage: read request body (POST /files)', async () => {
    const body = 'mango banana pineapple grape';
    const response = await send(
      suite.port,
      buildRequest({
        method: 'POST',
        target: '/files/stage-upload.txt',
        headers: [['Content-Type', 'application/octet-stream']],
        body,
      }),
    );
    expect(response.statusLine).toBe('HTTP/1.1 201 Created');
    expectFramed(response);
    expectCleanHeaders(response);
    expect(await readFile(path.join(suite.fixture.served, 'stage-upload.txt'), 'utf8')).toBe(body);
  });

  const echoWith = (acceptEncoding: string) =>
    send(suite.port, `GET /echo/abc HTTP/1.1\r\nHost: localhost:4221\r\nAccept-Encoding: ${acceptEncoding}\r\n\r\n`);

  test('stage: compression headers', async () => {
    const gzip = await echoWith('gzip');
    expect(gzip.statusLine).toBe('HTTP/1.1 200 OK');
    expect(gzip.header('content-type')).toBe('text/plain');
    expect(gzip.header('content-encoding')).toBe('gzip');
    expect(tokens(gzip.header('vary'))).toContain('accept-encoding');
    expectCleanHeaders(gzip);
    const invalid = await echoWith('invalid-encoding');
    expect(invalid.statusLine).toBe('HTTP/1.1 200 OK');
    expect(invalid.headerCount('content-encoding')).toBe(0);
    expect(invalid.body.toString()).toBe('abc');
  });

  test.each([
    { acceptEncoding: 'invalid-encoding-1, gzip, invalid-encoding-2', gzip: true },
    { acceptEncoding: 'invalid-encoding-1, invalid-encoding-2', gzip: false },
    { acceptEncoding: 'deflate, gzip', gzip: true },
    { acceptEncoding: 'GZIP', gzip: true },
    { acceptEncoding: 'br;q=1.0, gzip;q=0.8', gzip: true },
    { acceptEncoding: 'gzip;q=0', gzip: false },
    { acceptEncoding: 'identity, gzip;q=0.000', gzip: false },
    { acceptEncoding: 'encoding-1,gzip ,encoding-2', gzip: true },
  ])('stage: multiple compression schemes ($acceptEncoding)', async ({ acceptEncoding, gzip }) => {
    const response = await echoWith(acceptEncoding);
    expect(response.statusLine).toBe('HTTP/1.1 200 OK');
    expectFramed(response);
    if (gzip) {
      expect(response.header('content-encoding')).toBe('gzip');
      expect(gunzipSync(response.body).toString()).toBe('abc');
    } else {
      expect(response.headerCount('content-encoding')).toBe(0);
      expect(response.body.toString()).toBe('abc');
    }
  });

  test('stage: gzip compression', async () => {
    const response = await send(suite.port, 'GET /echo/blueberry HTTP/1.1\r\nHost: localhost:4221\r\nAccept-Encoding: gzip\r\n\r\n');
    expect(response.statusLine).toBe('HTTP/1.1 200 OK');
    expect(response.header('content-type')).toBe('text/plain');
    expect(response.header('content-encoding')).toBe('gzip');
    expect(tokens(response.header('vary'))).toContain('accept-encoding');
    expect(response.header('content-length')).toBe(String(response.body.length));
    expect(response.body.subarray(0, 2).toString('hex')).toBe('1f8b');
    expect(gunzipSync(response.body).toString()).toBe('blueberry');
  });

  test('stage: persistent connections', async () => {
    const connection = await RawConnection.open(suite.port);
    try {
      await connection.write('GET /echo/banana HTTP/1.1\r\nHost: localhost:4221\r\n\r\n');
      const first = await connection.readResponse();
      expect(first.statusLine).toBe('HTTP/1.1 200 OK');
      expect(first.body.toString()).toBe('banana');
      await connection.write('GET /user-agent HTTP/1.1\r\nHost: localhost:4221\r\nUser-Agent: blueberry/apple-blueberry\r\n\r\n');
      const second = await connection.readResponse();
      expect(second.statusLine).toBe('HTTP/1.1 200 OK');
      expect(second.body.toString()).toBe('blueberry/apple-blueberry');
      await connection.write('GET / HTTP/1.1\r\nHost: localhost:4221\r\n\r\n');
      const third = await connection.readResponse();
      expect(third.statusLine).toBe('HTTP/1.1 200 OK');
      expect(connection.closedByPeer).toBe(false);
    } finally {
      connection.destroy();
    }
  });

  test('stage: multiple persistent connections', async () => {
    const connections = await Promise.all([0, 1].map(() => RawConnection.open(suite.port)));
    try {
      for (const round of [0, 1, 2]) {
        for (const [index, connection] of connections.entries()) {
          await connection.write(`GET /echo/r${round}-c${index} HTTP/1.1\r\nHost: localhost:4221\r\n\r\n`);
        }
        for (const [index, connection] of connections.entries()) {
          const response = await connection.readResponse();
          expect(response.statusLine).toBe('HTTP/1.1 200 OK');
          expect(response.body.toString()).toBe(`r${round}-c${index}`);
        }
      }
      for (const connection of connections) expect(connection.closedByPeer).toBe(false);
    } finally {
      for (const connection of connections) connection.destroy();
    }
  });

  test('stage: connection closure', async () => {
    const connection = await RawConnection.open(suite.port);
    try {
      await connection.write('GET /echo/orange HTTP/1.1\r\nHost: localhost:4221\r\n\r\n');
      const kept = await connection.readResponse();
      expect(kept.body.toString()).toBe('orange');
      expect(tokens(kept.header('connection'))).not.toContain('close');
      await connection.write('GET /echo/pear HTTP/1.1\r\nHost: localhost:4221\r\nConnection: close\r\n\r\n');
      const last = await connection.readResponse();
      expect(last.statusLine).toBe('HTTP/1.1 200 OK');
      expect(last.body.toString()).toBe('pear');
      expect(last.header('connection')).toBe('close');
      // The idle timeout is 30 s here: a close within 2 s is the server honouring `Connection: close`.
      expect(await connection.waitClosed(2000)).toBe(true);
      expect(connection.unread().length).toBe(0);
    } finally {
      connection.destroy();
    }
  });
});

describe.each(PARSERS)('--date (parser %s)', (parser) => {
  const suite = serveFixture(parser, { args: ['--date'] });

  test('every response carries an IMF-fixdate Date header', async () => {
    for (const target of ['/', '/echo/dated', '/nope', '/files/hello.txt']) {
      const response = await send(suite.port, buildRequest({ target }));
      const date = response.header('date');
      expect(date, target).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/);
      expect(Math.abs(Date.parse(date!) - Date.now())).toBeLessThan(60 * 60 * 1000);
      expectCleanHeaders(response, { date: true });
    }
  });
});
