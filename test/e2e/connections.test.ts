/**
 * Connection handling over raw sockets, once per parser: pipelining, requests split into single
 * bytes, Connection: close, HTTP/1.0, many concurrent connections, idle and head timeouts.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  PARSERS,
  RawConnection,
  buildRequest,
  chunkedBody,
  expectFramed,
  expectStillServing,
  exchange,
  serveFixture,
  sleep,
  tokens,
} from './harness.js';

describe.each(PARSERS)('connections (parser %s)', (parser) => {
  const suite = serveFixture(parser);

  test('pipelined requests in one write are answered in order', async () => {
    const requests = ['/echo/one', '/echo/two', '/nope', '/echo/three', '/user-agent'].map((target) =>
      buildRequest({ target, headers: [['User-Agent', 'pipeliner']] }),
    );
    const responses = await exchange(suite.port, Buffer.concat(requests), { count: 5 });
    expect(responses.map((response) => response.status)).toEqual([200, 200, 404, 200, 200]);
    expect(responses.map((response) => (response.status === 200 ? response.body.toString() : '-'))).toEqual([
      'one',
      'two',
      '-',
      'three',
      'pipeliner',
    ]);
  });

  test('a slow file read pipelined before a fast echo: answers stay in order', async () => {
    const request = Buffer.concat([
      buildRequest({ target: '/files/big.bin' }),
      buildRequest({ target: '/echo/fast' }),
      buildRequest({ target: '/files/hello.txt' }),
      buildRequest({ target: '/echo/last' }),
    ]);
    const [big, fast, hello, last] = await exchange(suite.port, request, { count: 4, timeoutMs: 8000 });
    expect(big.status).toBe(200);
    expect(big.body.equals(suite.fixture.big)).toBe(true);
    expect(fast.body.toString()).toBe('fast');
    expect(hello.body.equals(suite.fixture.files.get('hello.txt')!)).toBe(true);
    expect(last.body.toString()).toBe('last');
  }, 15_000);

  test('a pipelined upload is complete before the next request reads the file', async () => {
    const request = Buffer.concat([
      buildRequest({ method: 'POST', target: '/files/pipelined.txt', body: 'written first' }),
      buildRequest({ target: '/files/pipelined.txt' }),
    ]);
    const [created, read] = await exchange(suite.port, request, { count: 2 });
    expect(created.statusLine).toBe('HTTP/1.1 201 Created');
    expect(read.statusLine).toBe('HTTP/1.1 200 OK');
    expect(read.body.toString()).toBe('written first');
  });

  test.each([
    { method: 'POST', target: '/echo/abc', status: 405 },
    { method: 'POST', target: '/nope', status: 404 },
    { method: 'GET', target: '/echo/with-a-body', status: 200 },
    { method: 'POST', target: '/files/%2e%2e/smuggled.txt', status: 400 },
  ])('a body on $method $target ($status) is consumed, never parsed as the next request', async ({ method, target, status }) => {
    const smuggled = 'GET /echo/smuggled HTTP/1.1\r\nHost: x\r\n\r\n';
    const request = Buffer.concat([buildRequest({ method, target, body: smuggled }), buildRequest({ target: '/echo/after' })]);
    const connection = await RawConnection.open(suite.port);
    try {
      await connection.write(request);
      const [first] = await connection.readResponses(1);
      expect(first.status).toBe(status);
      if (connection.closedByPeer || tokens(first.header('connection')).includes('close')) {
        // Closing after an error is allowed; answering the smuggled request is not.
        expect(await connection.waitClosed(2000)).toBe(true);
        expect(connection.unread().toString('latin1')).not.toContain('smuggled');
      } else {
        const [after] = await connection.readResponses(1);
        expect(after.body.toString()).toBe('after');
        await sleep(100);
        expect(connection.unread().length).toBe(0);
      }
    } finally {
      connection.destroy();
    }
  });

  test.each([
    {
      name: 'a GET',
      request: buildRequest({ target: '/echo/split', headers: [['User-Agent', 'byte-by-byte']] }),
      statusLine: 'HTTP/1.1 200 OK',
      body: 'split',
      file: null,
    },
    {
      name: 'a POST with a Content-Length body',
      request: buildRequest({ method: 'POST', target: '/files/split-cl.txt', body: 'one byte at a time' }),
      statusLine: 'HTTP/1.1 201 Created',
      body: null,
      file: { name: 'split-cl.txt', content: 'one byte at a time' },
    },
    {
      name: 'a chunked POST with a trailer',
      request: Buffer.concat([
        buildRequest({ method: 'POST', target: '/files/split-chunked.txt', headers: [['Transfer-Encoding', 'chunked']] }),
        chunkedBody(Buffer.from('one byte at a time, chunked'), 5, 'X-Trailer: yes\r\n'),
      ]),
      statusLine: 'HTTP/1.1 201 Created',
      body: null,
      file: { name: 'split-chunked.txt', content: 'one byte at a time, chunked' },
    },
  ])('$name split into single bytes', async ({ request, statusLine, body, file }) => {
    const connection = await RawConnection.open(suite.port);
    try {
      await connection.writeInPieces(request, 1, 1);
      const response = await connection.readResponse();
      expect(response.statusLine).toBe(statusLine);
      if (body !== null) expect(response.body.toString()).toBe(body);
    } finally {
      connection.destroy();
    }
    if (file !== null) expect(await readFile(path.join(suite.fixture.served, file.name), 'utf8')).toBe(file.content);
  }, 10_000);

  test('two pipelined requests split at every byte boundary of a short sample', async () => {
    const request = Buffer.concat([buildRequest({ target: '/echo/a' }), buildRequest({ target: '/echo/b' })]);
    // Bounded: 8 split points spread over the request.
    for (let step = 1; step <= 8; step++) {
      const at = Math.floor((request.length * step) / 9);
      const connection = await RawConnection.open(suite.port);
      try {
        await connection.write(request.subarray(0, at));
        await sleep(5);
        await connection.write(request.subarray(at));
        const [a, b] = await connection.readResponses(2);
        expect([a.body.toString(), b.body.toString()], `split at ${at}`).toEqual(['a', 'b']);
      } finally {
        connection.destroy();
      }
    }
  });

  test('Connection: close -> the response carries it and the socket closes promptly', async () => {
    const connection = await RawConnection.open(suite.port);
    try {
      await connection.write(buildRequest({ target: '/echo/bye', headers: [['Connection', 'close']] }));
      const response = await connection.readResponse();
      expect(response.body.toString()).toBe('bye');
      expect(response.header('connection')).toBe('close');
      expect(await connection.waitClosed(2000)).toBe(true);
    } finally {
      connection.destroy();
    }
  });

  test('requests pipelined after Connection: close are not answered', async () => {
    const connection = await RawConnection.open(suite.port);
    try {
      await connection.write(
        Buffer.concat([buildRequest({ target: '/echo/first', headers: [['Connection', 'close']] }), buildRequest({ target: '/echo/ignored' })]),
      );
      const response = await connection.readResponse();
      expect(response.body.toString()).toBe('first');
      expect(await connection.waitClosed(2000)).toBe(true);
      expect(connection.unread().length).toBe(0);
    } finally {
      connection.destroy();
    }
  });

  test('HTTP/1.0 without keep-alive: one response, then the server closes', async () => {
    const connection = await RawConnection.open(suite.port);
    try {
      await connection.write('GET /echo/old HTTP/1.0\r\n\r\n');
      const response = await connection.readResponse();
      expect(response.status).toBe(200);
      expect(response.body.toString()).toBe('old');
      expect(await connection.waitClosed(2000)).toBe(true);
    } finally {
      connection.destroy();
    }
  });

  test('HTTP/1.0 with Connection: keep-alive stays open and says so', async () => {
    const connection = await RawConnection.open(suite.port);
    try {
      await connection.write('GET /echo/kept HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
      const first = await connection.readResponse();
      expect(first.body.toString()).toBe('kept');
      expect(tokens(first.header('connection'))).toContain('keep-alive');
      await connection.write('GET /echo/again HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
      const second = await connection.readResponse();
      expect(second.body.toString()).toBe('again');
      expect(connection.closedByPeer).toBe(false);
    } finally {
      connection.destroy();
    }
  });

  test('200 concurrent connections, each with 3 keep-alive requests', async () => {
    const count = 200;
    const connections = await Promise.all(Array.from({ length: count }, () => RawConnection.open(suite.port, '127.0.0.1', 8000)));
    try {
      const results = await Promise.all(
        connections.map(async (connection, index) => {
          const bodies: string[] = [];
          for (const round of [0, 1, 2]) {
            await connection.write(buildRequest({ target: `/echo/c${index}r${round}` }));
            const response = await connection.readResponse({ timeoutMs: 8000 });
            expectFramed(response);
            bodies.push(response.body.toString());
          }
          return bodies.join(',');
        }),
      );
      expect(results).toEqual(connections.map((_, index) => `c${index}r0,c${index}r1,c${index}r2`));
    } finally {
      for (const connection of connections) connection.destroy();
    }
    await expectStillServing(suite.port);
  }, 20_000);
});

describe.each(PARSERS)('idle timeout (parser %s)', (parser) => {
  const suite = serveFixture(parser, { args: ['--idle-timeout', '300'] });

  test('an idle keep-alive connection is closed by the server', async () => {
    const connection = await RawConnection.open(suite.port);
    try {
      await connection.write(buildRequest({ target: '/echo/idle' }));
      const response = await connection.readResponse();
      expect(response.body.toString()).toBe('idle');
      expect(await connection.waitClosed(3000)).toBe(true);
      expect(connection.unread().length).toBe(0);
    } finally {
      connection.destroy();
    }
    await expectStillServing(suite.port);
  });
});

describe.each(PARSERS)('head timeout (parser %s)', (parser) => {
  const suite = serveFixture(parser, { args: ['--head-timeout', '600'] });

  test('a head that stops arriving -> 408 and close', async () => {
    const connection = await RawConnection.open(suite.port);
    try {
      await connection.write('GET /echo/slow HTTP/1.1\r\nHost: localhost\r\n');
      const response = await connection.readResponse({ timeoutMs: 4000 });
      expect(response.statusLine).toBe('HTTP/1.1 408 Request Timeout');
      expect(response.header('connection')).toBe('close');
      expect(await connection.waitClosed(2000)).toBe(true);
    } finally {
      connection.destroy();
    }
  });

  test('a head trickling in byte by byte (slowloris) still times out with 408', async () => {
    const connection = await RawConnection.open(suite.port);
    try {
      await connection.write('GET /echo/slowloris HTTP/1.1\r\nHost: localhost\r\n');
      // Bounded: at most 40 header lines, 100 ms apart, and never a blank line.
      for (let line = 0; line < 40 && !connection.closedByPeer; line++) {
        await connection.write(`X-Drip-${line}: d\r\n`).catch(() => undefined);
        await sleep(100);
      }
      expect(connection.closedByPeer).toBe(true);
      const response = await connection.readResponse({ timeoutMs: 500 });
      expect(response.status).toBe(408);
    } finally {
      connection.destroy();
    }
    await expectStillServing(suite.port);
  }, 10_000);
});
