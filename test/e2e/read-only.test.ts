/**
 * `--read-only`: every write is refused with 405 and an Allow that lists only the reads (the
 * route table simply declares no write method), OPTIONS says the same, reads are untouched, and
 * nothing on disk changes. Once per transport.
 */
import { describe, expect, test } from 'vitest';
import { RawConnection, TRANSPORTS, buildRequest, chunkedBody, expectFramed, send, serveFixture } from './harness.js';

const READS_ONLY = 'GET, HEAD, OPTIONS';

/** [method, target, expected status, expected Allow, body]. */
const REQUESTS: readonly [string, string, number, string | undefined, string | undefined][] = [
  ['PUT', '/files/new.txt', 405, READS_ONLY, 'new'],
  ['POST', '/files/new.txt', 405, READS_ONLY, 'new'],
  ['PUT', '/files/hello.txt', 405, READS_ONLY, 'replaced'],
  ['DELETE', '/files/hello.txt', 405, READS_ONLY, undefined],
  ['PATCH', '/files/hello.txt', 405, READS_ONLY, 'x'],
  ['OPTIONS', '/files/hello.txt', 204, READS_ONLY, undefined],
  ['GET', '/files/hello.txt', 200, undefined, undefined],
  ['HEAD', '/files/hello.txt', 200, undefined, undefined],
  ['POST', '/echo/x', 405, READS_ONLY, 'x'],
];

describe.each(TRANSPORTS)('--read-only (%s)', (transport) => {
  // --allow-delete too: read-only wins.
  const suite = serveFixture(transport, { args: ['--read-only', '--allow-delete'] });

  test.each(REQUESTS)('%s %s -> %i', async (method, target, status, allow, body) => {
    const before = await suite.fixture.snapshot();
    const response = await send(suite.port, buildRequest({ method, target, body }), { rules: [method === 'HEAD' ? 'bodyless' : 'by-headers'] });
    expect(response.status).toBe(status);
    expect(response.header('allow')).toBe(allow);
    if (method !== 'HEAD' && status !== 204) expectFramed(response);
    expect(await suite.fixture.snapshot()).toEqual(before);
  });

  test('OPTIONS * lists no write method', async () => {
    const response = await send(suite.port, buildRequest({ method: 'OPTIONS', target: '*' }));
    expect(response.status).toBe(204);
    expect(response.header('allow')).toBe(READS_ONLY);
  });

  test('a refused chunked upload is read and dropped: the next request on the connection is answered', async () => {
    const connection = await RawConnection.open(suite.port);
    try {
      const upload = Buffer.concat([
        Buffer.from('PUT /files/chunked.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', 'latin1'),
        chunkedBody(Buffer.alloc(10_000, 0x61), 1000),
      ]);
      await connection.write(Buffer.concat([upload, buildRequest({ target: '/files/hello.txt' })]));
      const [refused, read] = await connection.readResponses(2);
      expect(refused.status).toBe(405);
      expect(read.status).toBe(200);
      expect(read.body.toString()).toBe('Hello, ferroserve!\n');
    } finally {
      connection.destroy();
    }
  });
});
