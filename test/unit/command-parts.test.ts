/**
 * The command's pure parts as tables: access-log lines (dev, combined, json, escaping), the
 * banner's URLs, the open-writes warning, the colour decision, CORS's requested headers, and
 * `withFields` (Vary merged into one field).
 */
import { describe, expect, test } from 'vitest';
import { clfDate, escapeText, type Exchange, formatLine } from '../../src/app/log-line.js';
import { requestedHeaders } from '../../src/app/cors.js';
import { withFields } from '../../src/http/edited.js';
import { NO_BODY } from '../../src/http/plan.js';
import { DEFAULTS } from '../../src/options.js';
import { bannerLines, isLoopback, openWritesWarning } from '../../src/server/banner.js';
import { openAccessLog } from '../../src/server/setup.js';

const AT = Date.UTC(2026, 11, 2, 1, 2, 3, 456);
const EXCHANGE: Exchange = {
  remote: '127.0.0.1',
  method: 'GET',
  target: '/files/a%20b.txt?x=1',
  versionMinor: 1,
  status: 206,
  bytes: 5,
  ms: 1.23456,
  complete: true,
  referer: 'http://ref.example/"quoted"',
  userAgent: 'curl/8.0',
  at: AT,
};

describe('access log lines', () => {
  test.each<[string, Exchange, 'dev' | 'combined' | 'json', boolean, string]>([
    ['dev', EXCHANGE, 'dev', false, 'GET /files/a%20b.txt?x=1 206 1.235 ms - 5'],
    ['dev, coloured 2xx', EXCHANGE, 'dev', true, 'GET /files/a%20b.txt?x=1 \x1b[32m206\x1b[0m 1.235 ms - 5'],
    ['dev, coloured 4xx', { ...EXCHANGE, status: 416, bytes: 0 }, 'dev', true, 'GET /files/a%20b.txt?x=1 \x1b[33m416\x1b[0m 1.235 ms - 0'],
    ['dev, incomplete', { ...EXCHANGE, complete: false }, 'dev', false, 'GET /files/a%20b.txt?x=1 206 1.235 ms - 5 (incomplete)'],
    [
      'combined',
      EXCHANGE,
      'combined',
      false,
      '127.0.0.1 - - [02/Dec/2026:01:02:03 +0000] "GET /files/a%20b.txt?x=1 HTTP/1.1" 206 5 "http://ref.example/\\"quoted\\"" "curl/8.0"',
    ],
    [
      'combined, no body, no referer, no address, HTTP/1.0',
      { ...EXCHANGE, remote: undefined, bytes: 0, referer: undefined, versionMinor: 0, status: 304 },
      'combined',
      false,
      '- - - [02/Dec/2026:01:02:03 +0000] "GET /files/a%20b.txt?x=1 HTTP/1.0" 304 - "-" "curl/8.0"',
    ],
    [
      'json',
      EXCHANGE,
      'json',
      false,
      '{"time":"2026-12-02T01:02:03.456Z","remote":"127.0.0.1","method":"GET","target":"/files/a%20b.txt?x=1","version":"1.1","status":206,"bytes":5,"ms":1.235,"complete":true,"referer":"http://ref.example/\\"quoted\\"","userAgent":"curl/8.0"}',
    ],
  ])('%s', (_what, exchange, format, colour, line) => {
    expect(formatLine(format, exchange, colour)).toBe(line);
  });

  test.each([
    ['plain', 'plain'],
    ['a "quote" and \\ backslash', 'a \\"quote\\" and \\\\ backslash'],
    ['line\nbreak\r', 'line\\x0abreak\\x0d'],
    ['\x1b[31mred', '\\x1b[31mred'],
    ['\xe9', '\\xe9'],
  ])('escapeText(%j) = %j: a client can never forge a line', (text, escaped) => {
    expect(escapeText(text)).toBe(escaped);
  });

  test('clfDate', () => {
    expect(clfDate(Date.UTC(2000, 9, 10, 13, 55, 36))).toBe('10/Oct/2000:13:55:36 +0000');
  });
});

describe('the access log: format and colour', () => {
  const options = (log: typeof DEFAULTS.log, logFile: string | null = null) => ({ ...DEFAULTS, log, logFile });
  test.each<[string, ReturnType<typeof options>, boolean, NodeJS.ProcessEnv, string | null, boolean]>([
    ['auto on a terminal: dev in colour', options('auto'), true, {}, 'dev', true],
    ['auto on a terminal with NO_COLOR', options('auto'), true, { NO_COLOR: '1' }, 'dev', false],
    ['auto on a terminal with an empty NO_COLOR', options('auto'), true, { NO_COLOR: '' }, 'dev', true],
    ['auto on a pipe: off', options('auto'), false, {}, null, false],
    ['dev on a pipe: no colour', options('dev'), false, {}, 'dev', false],
    ['off', options('off'), true, {}, null, false],
  ])('%s', async (_what, given, terminal, env, format, colour) => {
    const log = openAccessLog(given, terminal, env);
    expect(log === null ? null : log.format).toBe(format);
    expect(log?.colour ?? false).toBe(colour);
    await log?.writer.close();
  });
});

describe('the banner', () => {
  const interfaces = {
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '', mac: '', cidr: null }],
    eth0: [
      { address: '192.168.1.20', family: 'IPv4', internal: false, netmask: '', mac: '', cidr: null },
      { address: 'fe80::1', family: 'IPv6', internal: false, netmask: '', mac: '', cidr: null, scopeid: 2 },
    ],
    wlan0: [{ address: '10.0.0.7', family: 'IPv4', internal: false, netmask: '', mac: '', cidr: null }],
  } as unknown as NodeJS.Dict<import('node:os').NetworkInterfaceInfo[]>;

  test.each<[string, 'http' | 'https', string, string[]]>([
    ['a single address', 'http', '127.0.0.1', ['http://127.0.0.1:4221']],
    ['IPv6 loopback', 'http', '::1', ['http://[::1]:4221']],
    ['every IPv4 address', 'http', '0.0.0.0', ['http://127.0.0.1:4221', 'http://192.168.1.20:4221', 'http://10.0.0.7:4221']],
    ['every address, HTTPS', 'https', '::', ['https://[::1]:4221', 'https://192.168.1.20:4221', 'https://10.0.0.7:4221']],
    ['a LAN address', 'http', '192.168.1.20', ['http://192.168.1.20:4221']],
  ])('%s', (_what, scheme, address, urls) => {
    expect(bannerLines(scheme, address, 4221, interfaces)).toEqual(urls);
  });

  test.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.20', false],
  ])('isLoopback(%s) = %s', (host, loopback) => {
    expect(isLoopback(host)).toBe(loopback);
  });

  const base = { host: '0.0.0.0', directory: '/srv', readOnly: false, auth: null, authFile: null };
  test.each<[string, typeof base | Record<string, unknown>, boolean]>([
    ['uploads open to the network', base, true],
    ['loopback', { ...base, host: '127.0.0.1' }, false],
    ['read-only', { ...base, readOnly: true }, false],
    ['with --auth', { ...base, auth: { user: 'a', password: 'b' } }, false],
    ['with --auth-file', { ...base, authFile: { user: 'a', password: 'b' } }, false],
    ['no directory: nothing to write', { ...base, directory: null }, false],
  ])('the open-writes warning: %s -> %s', (_what, options, warns) => {
    const warning = openWritesWarning(options as typeof base);
    expect(warning !== null).toBe(warns);
    if (warns) expect(warning).toContain('0.0.0.0');
  });
});

describe('CORS: Access-Control-Request-Headers', () => {
  test.each<[string | undefined, string[] | null]>([
    [undefined, []],
    ['', []],
    ['Content-Type', ['content-type']],
    ['content-type, X-Custom,if-match', ['content-type', 'x-custom', 'if-match']],
    ['a , , b', ['a', 'b']],
    ['x y', null],
    ['x:y', null],
    ['ok, "quoted"', null],
  ])('%j -> %j', (value, names) => {
    expect(requestedHeaders(value)).toEqual(names);
  });
});

describe('withFields', () => {
  const plan = (headers: string[]) => ({ status: 200, headers, body: NO_BODY });
  test.each<[string, string[], string[], string[]]>([
    ['appended', ['A', '1'], ['B', '2'], ['A', '1', 'B', '2']],
    ['Vary merged', ['Vary', 'Accept-Encoding'], ['Vary', 'Origin'], ['Vary', 'Accept-Encoding, Origin']],
    ['Vary not repeated', ['vary', 'origin'], ['Vary', 'Origin'], ['vary', 'origin']],
    ['Vary added', ['A', '1'], ['Vary', 'Origin'], ['A', '1', 'Vary', 'Origin']],
  ])('%s', (_what, own, extra, fields) => {
    expect(withFields(plan(own), extra).headers).toEqual(fields);
  });
});
