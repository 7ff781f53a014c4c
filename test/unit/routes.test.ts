// Raw request bytes -> parsed by the wire -> RequestView -> route table -> exact response bytes,
// for every in-memory route (no socket, no file system), with both wires where native loads.
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { CLOSE, KEEP_ALIVE, KEEP_ALIVE_HTTP10, type ConnMode } from '../../src/http/conn-mode.js';
import { DateClock } from '../../src/http/date-clock.js';
import { OutBatch } from '../../src/http/out-batch.js';
import { RequestView } from '../../src/http/request.js';
import { Responses } from '../../src/http/compiled.js';
import { buildApp } from '../../src/app/app.js';
import { ServedTree } from '../../src/files/tree.js';
import { WireReply } from '../../src/connection/wire-reply.js';
import { Renderer } from '../../src/http/render.js';
import { jsWire } from '../../src/wire/js/index.js';
import { C_CAPACITY, C_MAX_HEAD, C_MAX_HEADERS, C_MAX_TARGET, METHOD_HEAD, RECORDS_START, R_COUNT, STATUS_DONE } from '../../src/wire/layout.js';
import { tryLoadNative } from '../../src/wire/native.js';
import type { Wire } from '../../src/wire/types.js';

const native = tryLoadNative();
const wires: Wire[] = native.ok ? [jsWire, native.wire] : [jsWire];

function answer(wire: Wire, request: string, options: { mode?: ConnMode; date?: boolean; tree?: ServedTree } = {}): Buffer {
  const out = new Uint32Array(4096);
  out[C_MAX_HEAD] = 16384;
  out[C_MAX_TARGET] = 8192;
  out[C_MAX_HEADERS] = 100;
  out[C_CAPACITY] = out.length;
  const buf = Buffer.from(request, 'latin1');
  expect(wire.parse(buf, 0, buf.length, out)).toBe(STATUS_DONE);
  expect(out[R_COUNT]).toBe(1);
  const view = new RequestView(out);
  view.bind(buf, RECORDS_START);
  const write = wire.writeResponse.bind(wire);
  const clock = options.date ? new DateClock() : null;
  const responses = new Responses(write, clock);
  const batch = new OutBatch();
  const reply = new WireReply(batch, new Renderer(write, clock));
  reply.mode = options.mode ?? KEEP_ALIVE;
  reply.head = view.method === METHOD_HEAD;
  reply.minor = view.versionMinor;
  const pending = buildApp({ responses, tree: options.tree ?? null, filesMount: '/files/' }).handle(view, reply);
  if (pending !== null) throw new Error('expected an in-memory answer');
  return batch.takeSince(0);
}

const req = (line: string, ...headers: string[]) => `${line}\r\nHost: x\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`;
/** The expected response: status line, header lines, blank line, body. */
const res = (status: string, headers: string[], body = '') =>
  `HTTP/1.1 ${status}\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n${body}`;

describe.each(wires.map((wire) => [wire.name, wire] as const))('router with the %s wire', (_name, wire) => {
  test.each<[string, string, string]>([
    ['GET /', req('GET / HTTP/1.1'), res('200 OK', ['Content-Length: 0'])],
    ['GET /?q', req('GET /?a=b HTTP/1.1'), res('200 OK', ['Content-Length: 0'])],
    ['HEAD /', req('HEAD / HTTP/1.1'), res('200 OK', ['Content-Length: 0'])],
    ['absolute-form root', req('GET http://x HTTP/1.1'), res('200 OK', ['Content-Length: 0'])],
    ['POST /', req('POST / HTTP/1.1'), res('405 Method Not Allowed', ['Allow: GET, HEAD, OPTIONS', 'Content-Length: 0'])],
    ['unknown path', req('GET /nope HTTP/1.1'), res('404 Not Found', ['Content-Length: 0'])],
    ['/echo without slash', req('GET /echo HTTP/1.1'), res('404 Not Found', ['Content-Length: 0'])],
    ['encoded route is not the route', req('GET /%65cho/a HTTP/1.1'), res('404 Not Found', ['Content-Length: 0'])],
    [
      'echo',
      req('GET /echo/abc HTTP/1.1'),
      res('200 OK', ['Content-Type: text/plain', 'Vary: Accept-Encoding', 'Content-Length: 3'], 'abc'),
    ],
    [
      'echo decoded once',
      req('GET /echo/a%20b%2541 HTTP/1.1'),
      res('200 OK', ['Content-Type: text/plain', 'Vary: Accept-Encoding', 'Content-Length: 6'], 'a b%41'),
    ],
    [
      'echo keeps slashes, drops the query',
      req('GET /echo/a/b?c=d HTTP/1.1'),
      res('200 OK', ['Content-Type: text/plain', 'Vary: Accept-Encoding', 'Content-Length: 3'], 'a/b'),
    ],
    [
      'echo empty',
      req('GET /echo/ HTTP/1.1'),
      res('200 OK', ['Content-Type: text/plain', 'Vary: Accept-Encoding', 'Content-Length: 0']),
    ],
    [
      'HEAD echo',
      req('HEAD /echo/abc HTTP/1.1'),
      res('200 OK', ['Content-Type: text/plain', 'Vary: Accept-Encoding', 'Content-Length: 3']),
    ],
    [
      'echo, invalid-encoding',
      req('GET /echo/abc HTTP/1.1', 'Accept-Encoding: invalid-encoding'),
      res('200 OK', ['Content-Type: text/plain', 'Vary: Accept-Encoding', 'Content-Length: 3'], 'abc'),
    ],
    [
      'echo, gzip;q=0',
      req('GET /echo/abc HTTP/1.1', 'Accept-Encoding: gzip;q=0'),
      res('200 OK', ['Content-Type: text/plain', 'Vary: Accept-Encoding', 'Content-Length: 3'], 'abc'),
    ],
    ['echo malformed escape', req('GET /echo/a%zz HTTP/1.1'), res('400 Bad Request', ['Content-Length: 0'])],
    ['PUT echo', req('PUT /echo/a HTTP/1.1'), res('405 Method Not Allowed', ['Allow: GET, HEAD, OPTIONS', 'Content-Length: 0'])],
    [
      'user-agent',
      req('GET /user-agent HTTP/1.1', 'User-Agent: foobar/1.2.3'),
      res('200 OK', ['Content-Type: text/plain', 'Content-Length: 12'], 'foobar/1.2.3'),
    ],
    [
      'user-agent, trimmed, first of two',
      req('GET /user-agent HTTP/1.1', 'user-agent:   a b  ', 'User-Agent: second'),
      res('200 OK', ['Content-Type: text/plain', 'Content-Length: 3'], 'a b'),
    ],
    [
      'user-agent missing',
      req('GET /user-agent HTTP/1.1'),
      res('200 OK', ['Content-Type: text/plain', 'Content-Length: 0']),
    ],
    [
      'HEAD user-agent',
      req('HEAD /user-agent HTTP/1.1', 'User-Agent: abc'),
      res('200 OK', ['Content-Type: text/plain', 'Content-Length: 3']),
    ],
    ['DELETE user-agent', req('DELETE /user-agent HTTP/1.1'), res('405 Method Not Allowed', ['Allow: GET, HEAD, OPTIONS', 'Content-Length: 0'])],
    ['files without --directory', req('GET /files/a HTTP/1.1'), res('404 Not Found', ['Content-Length: 0'])],
    ['POST files without --directory', req('POST /files/a HTTP/1.1'), res('404 Not Found', ['Content-Length: 0'])],
    ['DELETE files without --directory', req('DELETE /files/a HTTP/1.1'), res('404 Not Found', ['Content-Length: 0'])],
    ['OPTIONS files without --directory', req('OPTIONS /files/a HTTP/1.1'), res('404 Not Found', ['Content-Length: 0'])],
    ['OPTIONS *', req('OPTIONS * HTTP/1.1'), res('204 No Content', ['Allow: GET, HEAD, OPTIONS'])],
    ['OPTIONS /echo/x', req('OPTIONS /echo/x HTTP/1.1'), res('204 No Content', ['Allow: GET, HEAD, OPTIONS'])],
    ['OPTIONS / on HTTP/1.0', 'OPTIONS / HTTP/1.0\r\n\r\n', res('204 No Content', ['Allow: GET, HEAD, OPTIONS'])],
    ['CONNECT', req('CONNECT x:443 HTTP/1.1'), res('501 Not Implemented', ['Content-Length: 0'])],
  ])('%s', (_name, request, expected) => {
    expect(answer(wire, request).toString('latin1')).toBe(expected);
  });

  test.each<[ConnMode, string]>([
    [KEEP_ALIVE, res('200 OK', ['Content-Length: 0'])],
    [KEEP_ALIVE_HTTP10, res('200 OK', ['Connection: keep-alive', 'Content-Length: 0'])],
    [CLOSE, res('200 OK', ['Connection: close', 'Content-Length: 0'])],
  ])('connection mode %i', (mode, expected) => {
    expect(answer(wire, req('GET / HTTP/1.1'), { mode }).toString('latin1')).toBe(expected);
  });

  test('gzip: Content-Encoding, Vary, compressed length and body', () => {
    const bytes = answer(wire, req('GET /echo/hello%20gzip HTTP/1.1', 'Accept-Encoding: deflate, GZIP;q=0.5'));
    const split = bytes.indexOf('\r\n\r\n');
    const head = bytes.subarray(0, split).toString('latin1');
    const body = bytes.subarray(split + 4);
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\nContent-Type: text\/plain\r\nContent-Encoding: gzip\r\nVary: Accept-Encoding\r\n/);
    expect(head).toContain(`\r\nContent-Length: ${body.length}`);
    expect(gunzipSync(body).toString()).toBe('hello gzip');
  });

  test('--date adds an IMF-fixdate Date header', () => {
    const text = answer(wire, req('GET /nope HTTP/1.1'), { date: true }).toString('latin1');
    expect(text).toMatch(/^HTTP\/1\.1 404 Not Found\r\nDate: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT\r\nContent-Length: 0\r\n\r\n$/);
  });

  test('no Server and no Date header by default', () => {
    const text = answer(wire, req('GET /echo/a HTTP/1.1')).toString('latin1').toLowerCase();
    expect(text).not.toContain('\r\nserver:');
    expect(text).not.toContain('\r\ndate:');
  });
});

describe.each(wires.map((wire) => [wire.name, wire] as const))('route table with files mounted, %s wire', (_name, wire) => {
  // Answers that follow from the table alone: no file-system call is made for any of them.
  const tree = new ServedTree('/nonexistent/served', '/nonexistent/served');
  const FILE_ALLOW = 'Allow: GET, HEAD, POST, PUT, OPTIONS';
  test.each<[string, string, string]>([
    ['DELETE a file', req('DELETE /files/a HTTP/1.1'), res('405 Method Not Allowed', [FILE_ALLOW, 'Content-Length: 0'])],
    ['PATCH a file', req('PATCH /files/a HTTP/1.1'), res('405 Method Not Allowed', [FILE_ALLOW, 'Content-Length: 0'])],
    ['OPTIONS a file', req('OPTIONS /files/a HTTP/1.1'), res('204 No Content', [FILE_ALLOW])],
    ['OPTIONS * is the union', req('OPTIONS * HTTP/1.1'), res('204 No Content', ['Allow: GET, HEAD, POST, PUT, OPTIONS'])],
    ['traversal', req('GET /files/../etc/passwd HTTP/1.1'), res('400 Bad Request', ['Content-Length: 0'])],
    ['encoded traversal', req('GET /files/%2e%2e/x HTTP/1.1'), res('400 Bad Request', ['Content-Length: 0'])],
    ['encoded slash', req('PUT /files/a%2fb HTTP/1.1'), res('400 Bad Request', ['Content-Length: 0'])],
    ['the mount itself is a folder URL, not a file', req('PUT /files/ HTTP/1.1'), res('404 Not Found', ['Content-Length: 0'])],
    [
      'a POST to the mount is a form: without a form type, 415',
      req('POST /files/ HTTP/1.1'),
      res('415 Unsupported Media Type', ['Accept-Post: multipart/form-data, application/x-www-form-urlencoded', 'Content-Length: 0']),
    ],
    [
      'a form without a boundary: 400',
      req('POST /files/ HTTP/1.1', 'Content-Type: multipart/form-data'),
      res('400 Bad Request', ['Content-Length: 0']),
    ],
    ['a dotfile', req('GET /files/.env HTTP/1.1'), res('404 Not Found', ['Content-Length: 0'])],
    ['inside a dot-folder', req('PUT /files/.git/config HTTP/1.1'), res('404 Not Found', ['Content-Length: 0'])],
    ['an empty segment', req('GET /files/a//b HTTP/1.1'), res('400 Bad Request', ['Content-Length: 0'])],
    ['challenge routes stay', req('GET /echo/x HTTP/1.1'), res('200 OK', ['Content-Type: text/plain', 'Vary: Accept-Encoding', 'Content-Length: 1'], 'x')],
  ])('%s', (_name, request, expected) => {
    expect(answer(wire, request, { tree }).toString('latin1')).toBe(expected);
  });
});
