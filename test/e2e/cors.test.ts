/**
 * `--cors`: the headers on actual answers (a listed origin echoed with credentials, `*` never
 * with them, an unlisted origin given nothing), `Vary` merged into one field, and full
 * preflights answered from the route table: 204, the route's methods, the asked headers when
 * they are field names, Max-Age, never a body. Once per transport, for `*` and for a list.
 */
import { describe, expect, test } from 'vitest';
import { TRANSPORTS, buildRequest, send, serveFixture, tokens, type RawResponse } from './harness.js';

const APP = 'https://app.example';
const OTHER_ALLOWED = 'http://localhost:5173';
const EVIL = 'https://evil.example';
const EXPOSED = 'ETag, Content-Range, Content-Length, Accept-Ranges, Last-Modified';
const FILE_ALLOW = 'GET, HEAD, POST, PUT, OPTIONS';

type Headers = [string, string][];
const get = (target: string, headers: Headers) => buildRequest({ target, headers });
const preflight = (target: string, origin: string, method: string, asked?: string) =>
  buildRequest({
    method: 'OPTIONS',
    target,
    headers: [['Origin', origin], ['Access-Control-Request-Method', method], ...(asked === undefined ? [] : ([['Access-Control-Request-Headers', asked]] as Headers))],
  });

/** The CORS fields of a response, for exact comparison (absent ones as undefined). */
function corsOf(response: RawResponse): Record<string, string | undefined> {
  return {
    origin: response.header('access-control-allow-origin'),
    credentials: response.header('access-control-allow-credentials'),
    expose: response.header('access-control-expose-headers'),
    methods: response.header('access-control-allow-methods'),
    headers: response.header('access-control-allow-headers'),
    maxAge: response.header('access-control-max-age'),
  };
}

const NONE = { origin: undefined, credentials: undefined, expose: undefined, methods: undefined, headers: undefined, maxAge: undefined };
const LISTED = (origin: string) => ({ ...NONE, origin, credentials: 'true', expose: EXPOSED });
const ANY = { ...NONE, origin: '*', expose: EXPOSED };

describe.each(TRANSPORTS)('--cors with a list of origins (%s)', (transport) => {
  const suite = serveFixture(transport, { args: ['--cors', `${APP},${OTHER_ALLOWED}`] });

  /** [what, request, status, CORS fields, Vary tokens]. */
  const ACTUAL: readonly [string, Buffer, number, Record<string, string | undefined>, string[]][] = [
    ['listed origin', get('/files/hello.txt', [['Origin', APP]]), 200, LISTED(APP), ['origin']],
    ['the other listed origin', get('/files/hello.txt', [['Origin', OTHER_ALLOWED]]), 200, LISTED(OTHER_ALLOWED), ['origin']],
    ['unlisted origin: nothing', get('/files/hello.txt', [['Origin', EVIL]]), 200, NONE, ['origin']],
    ['a prefix of a listed origin is not it', get('/files/hello.txt', [['Origin', `${APP}.evil`]]), 200, NONE, ['origin']],
    ['Origin: null', get('/files/hello.txt', [['Origin', 'null']]), 200, NONE, ['origin']],
    ['no Origin', get('/files/hello.txt', []), 200, NONE, ['origin']],
    ['a range', get('/files/hello.txt', [['Origin', APP], ['Range', 'bytes=0-4']]), 206, LISTED(APP), ['origin']],
    ['a 404', get('/files/missing.txt', [['Origin', APP]]), 404, LISTED(APP), ['origin']],
    ['a compressible file: one Vary field', get('/files/page.html', [['Origin', APP], ['Accept-Encoding', 'gzip']]), 200, LISTED(APP), ['accept-encoding', 'origin']],
    ['echo (which varies on Accept-Encoding already)', get('/echo/abc', [['Origin', APP]]), 200, LISTED(APP), ['accept-encoding', 'origin']],
  ];

  test.each(ACTUAL)('%s', async (_what, request, status, cors, vary) => {
    const response = await send(suite.port, request);
    expect(response.status).toBe(status);
    expect(corsOf(response)).toEqual(cors);
    expect(tokens(response.header('vary'))).toEqual(vary);
  });

  test('a 304 keeps the CORS fields', async () => {
    const first = await send(suite.port, get('/files/hello.txt', [['Origin', APP]]));
    const revalidated = await send(suite.port, get('/files/hello.txt', [['Origin', APP], ['If-None-Match', first.header('etag')!]]), { rules: ['bodyless'] });
    expect(revalidated.status).toBe(304);
    expect(corsOf(revalidated)).toEqual(LISTED(APP));
  });

  /** [what, request, status, Allow, CORS fields]. */
  const PREFLIGHTS: readonly [string, Buffer, number, string | undefined, Record<string, string | undefined>][] = [
    [
      'PUT with headers',
      preflight('/files/new.txt', APP, 'PUT', 'Content-Type, If-Match'),
      204,
      FILE_ALLOW,
      { ...NONE, origin: APP, credentials: 'true', methods: FILE_ALLOW, headers: 'content-type, if-match', maxAge: '7200' },
    ],
    ['GET without headers asked', preflight('/files/hello.txt', APP, 'GET'), 204, FILE_ALLOW, { ...NONE, origin: APP, credentials: 'true', methods: FILE_ALLOW, maxAge: '7200' }],
    ['echo: its own methods', preflight('/echo/x', APP, 'GET'), 204, 'GET, HEAD, OPTIONS', { ...NONE, origin: APP, credentials: 'true', methods: 'GET, HEAD, OPTIONS', maxAge: '7200' }],
    ['asked headers that are not field names: none allowed', preflight('/files/a.txt', APP, 'PUT', 'x y, ok'), 204, FILE_ALLOW, { ...NONE, origin: APP, credentials: 'true', methods: FILE_ALLOW, maxAge: '7200' }],
    ['an unlisted origin: no CORS field', preflight('/files/new.txt', EVIL, 'PUT'), 204, FILE_ALLOW, NONE],
    ['a method the route does not have (DELETE without --allow-delete)', preflight('/files/hello.txt', APP, 'DELETE'), 204, FILE_ALLOW, NONE],
    ['methods are case-sensitive', preflight('/files/hello.txt', APP, 'put'), 204, FILE_ALLOW, NONE],
    ['no route: 404', preflight('/nowhere', APP, 'GET'), 404, undefined, NONE],
  ];

  test.each(PREFLIGHTS)('preflight: %s', async (_what, request, status, allow, cors) => {
    const response = await send(suite.port, request);
    expect(response.status).toBe(status);
    expect(response.header('allow')).toBe(allow);
    expect(corsOf(response)).toEqual(cors);
    expect(response.body.length).toBe(0);
    if (status === 204) {
      expect(response.header('content-length')).toBeUndefined();
      expect(tokens(response.header('vary'))).toEqual(['origin', 'access-control-request-method', 'access-control-request-headers']);
    }
  });

  test('a plain OPTIONS (no Access-Control-Request-Method) is the route table\'s answer with the actual-answer fields', async () => {
    const response = await send(suite.port, buildRequest({ method: 'OPTIONS', target: '/files/hello.txt', headers: [['Origin', APP]] }));
    expect(response.status).toBe(204);
    expect(response.header('allow')).toBe(FILE_ALLOW);
    expect(corsOf(response)).toEqual(LISTED(APP));
  });
});

describe.each(TRANSPORTS)('--cors for any origin (%s)', (transport) => {
  const suite = serveFixture(transport, { args: ['--cors'] });

  const CASES: readonly [string, Buffer, number, Record<string, string | undefined>][] = [
    ['with Origin', get('/files/hello.txt', [['Origin', EVIL]]), 200, ANY],
    ['without Origin (a cache may hand it to a CORS request)', get('/files/hello.txt', []), 200, ANY],
    ['Origin: null', get('/files/hello.txt', [['Origin', 'null']]), 200, ANY],
    ['a 404', get('/files/missing.txt', [['Origin', EVIL]]), 404, ANY],
    ['preflight', preflight('/files/new.txt', EVIL, 'PUT', 'content-type'), 204, { ...NONE, origin: '*', methods: FILE_ALLOW, headers: 'content-type', maxAge: '7200' }],
  ];

  test.each(CASES)('%s: * and never credentials', async (_what, request, status, cors) => {
    const response = await send(suite.port, request);
    expect(response.status).toBe(status);
    expect(corsOf(response)).toEqual(cors);
    expect(response.header('access-control-allow-credentials')).toBeUndefined();
  });
});
