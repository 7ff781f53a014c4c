/**
 * Bad input over raw sockets, once per parser: parse errors get the wire's status, Connection:
 * close and a closed socket while other connections go on; HEAD; 405 with Allow; and bytes
 * that must never crash the process.
 */
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  PARSERS,
  RawConnection,
  buildRequest,
  eventually,
  expectCleanHeaders,
  expectFramed,
  expectStillServing,
  exchange,
  send,
  serveFixture,
  sleep,
  tokens,
} from './harness.js';

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  413: 'Content Too Large',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
  501: 'Not Implemented',
  505: 'HTTP Version Not Supported',
};

const manyHeaders = Array.from({ length: 101 }, (_, i) => `X-H${i}: v\r\n`).join('');

/** Requests the wire refuses, with the status its error table gives (docs/wire-spec.md §4). */
const PARSE_ERRORS: ReadonlyArray<{ name: string; bytes: string; status: number }> = [
  { name: 'bad request line (no version)', bytes: 'GET /\r\nHost: x\r\n\r\n', status: 400 },
  { name: 'bad request line (two spaces)', bytes: 'GET  / HTTP/1.1\r\nHost: x\r\n\r\n', status: 400 },
  { name: 'bad request line (garbage)', bytes: 'HELLO\r\n\r\n', status: 400 },
  { name: 'lower-case version', bytes: 'GET / http/1.1\r\nHost: x\r\n\r\n', status: 400 },
  { name: 'HTTP/2.0', bytes: 'GET / HTTP/2.0\r\nHost: x\r\n\r\n', status: 505 },
  { name: 'HTTP/1.2', bytes: 'GET / HTTP/1.2\r\nHost: x\r\n\r\n', status: 505 },
  { name: 'target longer than 8192 bytes', bytes: `GET /echo/${'a'.repeat(9000)} HTTP/1.1\r\nHost: x\r\n\r\n`, status: 414 },
  { name: 'head larger than 16 KiB', bytes: `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`, status: 431 },
  { name: '101 header lines', bytes: `GET / HTTP/1.1\r\nHost: x\r\n${manyHeaders}\r\n`, status: 431 },
  {
    name: 'Content-Length with Transfer-Encoding',
    bytes: 'POST /files/cl-te.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    status: 400,
  },
  { name: 'HTTP/1.1 without Host', bytes: 'GET / HTTP/1.1\r\n\r\n', status: 400 },
  { name: 'two Host headers', bytes: 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', status: 400 },
  { name: 'obsolete line folding', bytes: 'GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n', status: 400 },
  { name: 'bare LF line ends', bytes: 'GET / HTTP/1.1\nHost: x\n\n', status: 400 },
  { name: 'space before the colon', bytes: 'GET / HTTP/1.1\r\nHost : x\r\n\r\n', status: 400 },
  { name: 'NUL in a header value', bytes: 'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n', status: 400 },
  { name: 'non-numeric Content-Length', bytes: 'POST /files/x HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', status: 400 },
  {
    name: 'conflicting Content-Length',
    bytes: 'POST /files/x HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
    status: 400,
  },
  { name: 'Content-Length above 2^53 - 1', bytes: 'POST /files/x HTTP/1.1\r\nHost: x\r\nContent-Length: 9007199254740992\r\n\r\n', status: 413 },
  { name: 'unknown transfer coding', bytes: 'POST /files/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n', status: 501 },
  {
    name: 'bad chunk size',
    bytes: 'POST /files/bad-chunk.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
    status: 400,
  },
];

describe.each(PARSERS)('parse errors and methods (parser %s)', (parser) => {
  const suite = serveFixture(parser);

  test.each(PARSE_ERRORS)('$name -> $status, Connection: close, socket closed', async ({ bytes, status }) => {
    const before = await suite.fixture.snapshot();
    const bystander = await RawConnection.open(suite.port);
    const offender = await RawConnection.open(suite.port);
    try {
      await bystander.write(buildRequest({ target: '/echo/before' }));
      expect((await bystander.readResponse()).body.toString()).toBe('before');

      // A valid request pipelined after the bad one must not be answered.
      await offender.write(Buffer.concat([Buffer.from(bytes, 'latin1'), buildRequest({ target: '/echo/never' })]));
      const response = await offender.readResponse();
      expect(response.statusLine).toBe(`HTTP/1.1 ${status} ${REASONS[status]}`);
      expect(response.header('connection')).toBe('close');
      expectFramed(response);
      expectCleanHeaders(response);
      expect(await offender.waitClosed(2000)).toBe(true);
      expect(offender.unread().toString('latin1')).not.toContain('never');

      await bystander.write(buildRequest({ target: '/echo/after' }));
      expect((await bystander.readResponse()).body.toString()).toBe('after');
    } finally {
      bystander.destroy();
      offender.destroy();
    }
    // Nothing written: no target, no temporary file left behind.
    await eventually(async () => JSON.stringify(await suite.fixture.snapshot()) === JSON.stringify(before));
    expect(await suite.fixture.snapshot()).toEqual(before);
  });

  test.each([
    { method: 'POST', target: '/', allow: ['GET', 'HEAD'] },
    { method: 'DELETE', target: '/echo/abc', allow: ['GET', 'HEAD'] },
    { method: 'PUT', target: '/user-agent', allow: ['GET', 'HEAD'] },
    { method: 'DELETE', target: '/files/hello.txt', allow: ['GET', 'HEAD', 'POST'] },
    { method: 'PATCH', target: '/files/hello.txt', allow: ['GET', 'HEAD', 'POST'] },
  ])('$method $target -> 405 with Allow: $allow', async ({ method, target, allow }) => {
    const response = await send(suite.port, buildRequest({ method, target }));
    expect(response.statusLine).toBe('HTTP/1.1 405 Method Not Allowed');
    const allowed = tokens(response.header('allow')).map((token) => token.toUpperCase());
    for (const expected of allow) expect(allowed).toContain(expected);
    expect(allowed).not.toContain(method);
    expectFramed(response);
    expectCleanHeaders(response);
    const hello = await send(suite.port, buildRequest({ target: '/files/hello.txt' }));
    expect(hello.body.equals(suite.fixture.files.get('hello.txt')!)).toBe(true);
  });

  test.each([
    { target: '/', status: 200 },
    { target: '/echo/abc', status: 200 },
    { target: '/user-agent', status: 200 },
    { target: '/files/hello.txt', status: 200 },
    { target: '/files/big.bin', status: 200 },
    { target: '/files/empty.bin', status: 200 },
    { target: '/files/missing.txt', status: 404 },
    { target: '/nope', status: 404 },
  ])('HEAD $target: the headers of GET, no body', async ({ target, status }) => {
    const headers: Array<[string, string]> = [['User-Agent', 'head-check']];
    const [got] = await exchange(suite.port, buildRequest({ target, headers }), { count: 1 });
    // HEAD then a GET on the same connection: body bytes after the HEAD answer would corrupt the second.
    const [head, after] = await exchange(
      suite.port,
      Buffer.concat([buildRequest({ method: 'HEAD', target, headers }), buildRequest({ target: '/echo/after-head' })]),
      { count: 2, rules: ['bodyless'] },
    );
    expect(head.status).toBe(status);
    expect(got.status).toBe(status);
    expect(head.header('content-length')).toBe(got.header('content-length'));
    expect(head.header('content-type')).toBe(got.header('content-type'));
    expect(after.statusLine).toBe('HTTP/1.1 200 OK');
    expect(after.body.toString()).toBe('after-head');
    expectCleanHeaders(head);
  });

  const seeded = (seed: string, length: number) => {
    const parts: Buffer[] = [];
    for (let i = 0; parts.length * 32 < length; i++) parts.push(createHash('sha256').update(`${seed}${i}`).digest());
    return Buffer.concat(parts).subarray(0, length);
  };

  test.each([
    { name: 'every byte value', bytes: Buffer.from(Array.from({ length: 256 }, (_, i) => i)) },
    { name: 'seeded noise 1', bytes: seeded('one', 2048) },
    { name: 'seeded noise 2 after a valid request line', bytes: Buffer.concat([Buffer.from('GET / HTTP/1.1\r\n'), seeded('two', 512)]) },
    { name: 'only empty lines', bytes: Buffer.from('\r\n\r\n\r\n') },
    { name: 'a body shorter than its Content-Length', bytes: Buffer.from('POST /files/short.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nabc') },
    { name: 'a truncated chunked body', bytes: Buffer.from('POST /files/trunc.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab') },
    { name: 'an invalid percent escape', bytes: Buffer.from('GET /echo/%zz%ff% HTTP/1.1\r\nHost: x\r\n\r\n') },
    { name: 'percent-encoded invalid UTF-8', bytes: Buffer.from('GET /files/%ff%fe%fd HTTP/1.1\r\nHost: x\r\n\r\n') },
    { name: 'absolute-form target', bytes: Buffer.from('GET http://localhost/echo/abs HTTP/1.1\r\nHost: localhost\r\n\r\n') },
    { name: 'asterisk-form OPTIONS', bytes: Buffer.from('OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n') },
    { name: 'CONNECT authority-form', bytes: Buffer.from('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n') },
  ])('no crash on $name: a status or a close, and the server goes on', async ({ bytes }) => {
    const connection = await RawConnection.open(suite.port);
    try {
      await connection.write(bytes).catch(() => undefined);
      await sleep(150);
      const all = connection.all();
      if (all.length > 0) expect(all.toString('latin1')).toMatch(/^HTTP\/1\.1 [1-5]\d\d /);
      expect(all.toString('latin1'), 'no internal error').not.toMatch(/^HTTP\/1\.1 500 /m);
    } finally {
      connection.destroy();
    }
    expect(suite.server.isRunning()).toBe(true);
    await expectStillServing(suite.port);
  });
});
