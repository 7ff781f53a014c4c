/**
 * Random request streams for the differential tests: valid pipelines (every target form, both
 * versions, known and unknown headers, Content-Length and chunked bodies) and mutations of them
 * (byte flips, inserted CR/LF/NUL/SP/obs-text, deletions, duplicated lines, truncation), with
 * random limits. Host values follow the uri-host grammar with near misses; a few chunk
 * extensions and trailer values are long enough to straddle the decoder's 4096-byte line cap.
 * Strings are latin1 byte strings.
 */
import { HEADER_WORDS, REC_FIXED, RECORDS_START } from '../../src/wire/layout.js';
import type { ChunkedDecoderOptions } from '../../src/wire/types.js';
import { DEFAULT_CONFIG, type WireConfig } from './config.js';
import type { Prng } from './prng.js';

const TCHAR = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const PATH_CHARS = "abcXYZ019-._~!$&'()*+,;=:@%/";
const VALUE_CHARS = 'abcdefXYZ0123456789 \t!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~\xe9\xff\x80';
const METHODS = ['GET', 'GET', 'GET', 'HEAD', 'POST', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'PATCH', 'CONNECT', 'get', 'PROPFIND', 'M-SEARCH'];
const KNOWN_NAMES = ['Host', 'Content-Length', 'Transfer-Encoding', 'Connection', 'Expect', 'Upgrade', 'User-Agent', 'Accept-Encoding', 'Content-Type'];
const CONNECTION_TOKENS = ['close', 'keep-alive', 'upgrade', 'Keep-Alive', 'CLOSE', 'Upgrade', 'foo', '', 'closed'];
const TE_VALUES = ['chunked', 'chunked', 'chunked', 'Chunked', 'gzip, chunked', 'chunked, chunked', ' , chunked', 'identity', 'chunked,', ''];
const SPECIAL_BYTES = ['\r', '\n', '\r\n', '\x00', ' ', '\t', '\x7f', '\x80', '\xff', ':', ',', ';', '"', '0', 'a', '\x0b', '/', '*', '?', '@'];

function randomCase(rng: Prng, name: string): string {
  if (rng.chance(0.6)) return name;
  return [...name].map((ch) => (rng.chance(0.5) ? ch.toUpperCase() : ch.toLowerCase())).join('');
}

function target(rng: Prng, method: string): string {
  const roll = rng.next();
  if (method === 'CONNECT') {
    if (roll < 0.8) return `${rng.string(ALNUM, rng.range(1, 12))}.com:${rng.range(1, 65535)}`;
    return rng.pick(['/x', '*', 'h', ':443', 'h:', '[::1]:80', 'u@h:1', 'http://h:80']);
  }
  if (method === 'OPTIONS' && roll < 0.3) return '*';
  if (roll < 0.7) {
    const path = '/' + rng.string(PATH_CHARS, rng.chance(0.05) ? rng.range(50, 300) : rng.range(0, 24));
    return rng.chance(0.3) ? `${path}?${rng.string(PATH_CHARS + '?', rng.range(0, 16))}` : path;
  }
  if (roll < 0.9) return `${rng.pick(['http', 'https', 'HTTP', 'a+b.c-d'])}://${rng.string(ALNUM, rng.range(1, 10))}/${rng.string(PATH_CHARS, rng.range(0, 10))}`;
  return rng.pick(['*', 'abc', 'a:', 'h:x', 'example.com:80', '1a:b', '**']);
}

function version(rng: Prng): string {
  const roll = rng.next();
  if (roll < 0.85) return 'HTTP/1.1';
  if (roll < 0.97) return 'HTTP/1.0';
  return rng.pick(['HTTP/2.0', 'HTTP/0.9', 'HTTP/1.2', 'http/1.1']);
}

function headerValue(rng: Prng): string {
  const core = rng.string(VALUE_CHARS, rng.chance(0.02) ? rng.range(100, 400) : rng.range(0, 20));
  return rng.pick(['', ' ', ' ', '  ', '\t']) + core.trim() + rng.pick(['', '', ' ', '\t ']);
}

const HOST_CHARS = "abcXYZ019-._~!$&'()*+,;=";
const IPV6_HOSTS = ['::1', '2001:db8::1', '::ffff:192.0.2.1', 'FE80::A:b', '1:2:3:4:5:6:7:8'];
/** Near misses of the Host grammar, and bytes it refuses, to splice into a valid value. */
const HOST_ODDITIES = [' ', '\t', '@', '/', '?', '#', '[', ']', '%', '%4', '%zz', '%4a', ':', ':8a', '"', '\xe9', '\x7f', 'v', '.'];

/** A Host value (RFC 9112 §3.2): valid in most requests, with near misses of its grammar. */
function hostValue(rng: Prng): string {
  const roll = rng.next();
  let host: string;
  if (roll < 0.55) host = rng.string(HOST_CHARS, rng.range(0, 14));
  else if (roll < 0.65) host = `${rng.range(0, 300)}.${rng.range(0, 255)}.${rng.range(0, 255)}.${rng.range(0, 255)}`;
  else if (roll < 0.75) host = `[${rng.pick(IPV6_HOSTS)}]`;
  else if (roll < 0.8) host = `[${rng.pick(['v', 'V'])}${rng.string('0123456789abcdef', rng.range(0, 2))}.${rng.string(HOST_CHARS + ':', rng.range(0, 4))}]`;
  else if (roll < 0.85) host = `%${rng.string('0123456789abcdefABCDEFg', 2)}${rng.string(HOST_CHARS, rng.range(0, 4))}`;
  else host = rng.pick(['localhost', 'example.com', '', 'bad host', 'a b', 'x:80a', '[::1', 'a@b', '[1:2]', '[::1]x', '[v1.]']);
  if (rng.chance(0.4)) host += `:${rng.string('0123456789', rng.range(0, 6))}`;
  if (rng.chance(0.1)) {
    const at = rng.int(host.length + 1);
    host = host.slice(0, at) + rng.pick(HOST_ODDITIES) + host.slice(at);
  }
  return rng.pick(['', ' ', ' ', '\t']) + host + rng.pick(['', '', ' ']);
}

function chunkedBody(rng: Prng, eol: () => string): string {
  let body = '';
  const chunks = rng.range(0, 4);
  for (let i = 0; i < chunks; i++) {
    const size = rng.range(1, 40);
    let hex = size.toString(16);
    if (rng.chance(0.3)) hex = hex.toUpperCase();
    if (rng.chance(0.1)) hex = '00' + hex;
    body += hex + chunkExtension(rng) + eol() + rng.string(VALUE_CHARS + '\r\n\x00', size) + '\r\n';
  }
  if (rng.chance(0.03)) return body + rng.pick(['1fffffffffffff', '20000000000000', 'FFFFFFFFFFFFFFFFF', '0000000000000000000001FFFFFFFFFFFFF0']) + eol();
  body += rng.pick(['0', '0', '000']) + chunkExtension(rng) + eol();
  const trailers = rng.chance(0.2) ? rng.range(1, 3) : 0;
  for (let i = 0; i < trailers; i++) {
    const value = rng.chance(0.05) ? 'v'.repeat(rng.range(LONG_LINE.min, LONG_LINE.max)) : headerValue(rng);
    body += `${rng.string(TCHAR, rng.range(1, 8))}:${value}${eol()}`;
  }
  return body + eol();
}

/** Lengths of the long extensions and trailer values: around the decoder's default line cap. */
const LONG_LINE = { min: 4085, max: 4100 };

function chunkExtension(rng: Prng): string {
  if (rng.chance(0.02)) return ';' + 'e'.repeat(rng.range(LONG_LINE.min, LONG_LINE.max));
  if (!rng.chance(0.15)) return '';
  const name = rng.string(TCHAR, rng.range(1, 6));
  const value = rng.pick(['', `=${rng.string(TCHAR, rng.range(1, 6))}`, `="${rng.string(VALUE_CHARS.replace(/["\\]/g, ''), rng.range(0, 8))}"`, '="a\\"b"']);
  return rng.pick(['', ' ', '\t']) + ';' + rng.pick(['', ' ']) + name + value;
}

/** One request: head, and a body matching its framing (most of the time). */
function request(rng: Prng, lenient: boolean): string {
  const eol = (): string => (lenient && rng.chance(0.15) ? '\n' : '\r\n');
  const method = rng.pick(METHODS);
  const ver = version(rng);
  const lines: string[] = [];
  if (ver !== 'HTTP/1.0' ? rng.chance(0.93) : rng.chance(0.4)) lines.push(`${randomCase(rng, 'Host')}:${rng.chance(0.95) ? hostValue(rng) : headerValue(rng)}`);
  if (rng.chance(0.02)) lines.push(`Host: ${rng.string(ALNUM, 4)}`);
  for (let i = rng.range(0, rng.chance(0.03) ? 30 : 5); i > 0; i--) {
    const name = rng.chance(0.3) ? randomCase(rng, rng.pick(KNOWN_NAMES.slice(6))) : rng.string(TCHAR, rng.range(1, 16));
    lines.push(`${name}:${headerValue(rng)}`);
  }
  if (rng.chance(0.3)) {
    const tokens = Array.from({ length: rng.range(1, 3) }, () => rng.pick(CONNECTION_TOKENS));
    lines.push(`${randomCase(rng, 'Connection')}: ${tokens.join(rng.pick([', ', ',', ' , ']))}`);
  }
  if (rng.chance(0.08)) lines.push(`Expect: ${rng.pick(['100-continue', '100-Continue', ' 100-continue ', '200-ok', '100-continue, x'])}`);
  if (rng.chance(0.08)) lines.push(`Upgrade: ${rng.pick(['websocket', 'h2c', ''])}`);
  let body = '';
  const framing = rng.next();
  if (framing < 0.2) {
    const length = rng.range(0, 30);
    const value = rng.chance(0.1) ? `00${length}` : rng.chance(0.03) ? rng.pick(['+1', '1,1', '', '9007199254740992', '18446744073709551616', 'x']) : `${length}`;
    lines.push(`${randomCase(rng, 'Content-Length')}: ${value}`);
    if (rng.chance(0.05)) lines.push(`Content-Length: ${rng.chance(0.5) ? value : length + 1}`);
    body = rng.string(VALUE_CHARS + '\r\n', rng.chance(0.9) ? length : rng.range(0, 40));
  } else if (framing < 0.4) {
    lines.push(`${randomCase(rng, 'Transfer-Encoding')}: ${rng.pick(TE_VALUES)}`);
    if (rng.chance(0.05)) lines.push(`Content-Length: ${rng.range(0, 9)}`);
    body = chunkedBody(rng, eol);
  }
  const leading = rng.chance(0.1) ? rng.pick(['\r\n', '\r\n\r\n', lenient ? '\n' : '\r\n']) : '';
  return `${leading}${method} ${target(rng, method)} ${ver}${eol()}${lines.map((line) => line + eol()).join('')}${eol()}${body}`;
}

export function validStream(rng: Prng, lenient: boolean): string {
  let stream = '';
  for (let n = rng.range(1, 4); n > 0; n--) stream += request(rng, lenient);
  return stream;
}

/** One to three random edits. */
export function mutate(rng: Prng, input: string): string {
  let s = input;
  for (let edits = rng.range(1, 3); edits > 0; edits--) {
    const at = rng.int(s.length + 1);
    switch (rng.int(7)) {
      case 0: // flip a byte to anything
        if (s.length > 0) s = s.slice(0, at) + String.fromCharCode(rng.int(256)) + s.slice(at + 1);
        break;
      case 1: // flip a byte to a byte that matters to the grammar
      case 2: // insert such a byte
        s = s.slice(0, at) + rng.pick(SPECIAL_BYTES) + s.slice(rng.int(3) === 0 ? at + 1 : at);
        break;
      case 3: // delete a few bytes
        s = s.slice(0, at) + s.slice(at + rng.range(1, 3));
        break;
      case 4: {
        // duplicate a line
        const lines = s.split('\n');
        const i = rng.int(lines.length);
        lines.splice(i, 0, lines[i]);
        s = lines.join('\n');
        break;
      }
      case 5: // truncate
        s = s.slice(0, at);
        break;
      case 6: // a CRLF loses its CR
        s = s.replace(/\r\n/g, (crlf) => (rng.chance(0.2) ? '\n' : crlf));
        break;
    }
  }
  return s;
}

/** Limits: the defaults half the time, else small ones that the inputs actually reach. */
export function randomConfig(rng: Prng): WireConfig {
  const lenientBareLf = rng.chance(0.25);
  if (rng.chance(0.5)) return { ...DEFAULT_CONFIG, lenientBareLf };
  const maxHeaders = rng.chance(0.3) ? DEFAULT_CONFIG.maxHeaders : rng.range(0, 8);
  const reserve = REC_FIXED + HEADER_WORDS * maxHeaders;
  return {
    maxHead: rng.chance(0.3) ? DEFAULT_CONFIG.maxHead : rng.range(8, 300),
    maxTarget: rng.chance(0.6) ? DEFAULT_CONFIG.maxTarget : rng.range(4, 64),
    maxHeaders,
    lenientBareLf,
    capacity: rng.chance(0.5) ? undefined : RECORDS_START + reserve * (rng.chance(0.05) ? 0 : rng.range(1, 3)) + rng.int(reserve),
    // Small line caps that ordinary size lines and trailer lines reach; else the default 4096,
    // which LONG_LINE lengths straddle.
    maxLineBytes: rng.chance(0.5) ? undefined : rng.range(0, 40),
  };
}

export function decoderOptionsOf(config: WireConfig): ChunkedDecoderOptions {
  return {
    maxHeaders: config.maxHeaders,
    maxHeadBytes: config.maxHead,
    lenientBareLf: config.lenientBareLf,
    maxLineBytes: config.maxLineBytes,
  };
}

/** A chunked body on its own (valid, or mutated), for the decoder differential. */
export function chunkedStream(rng: Prng, lenient: boolean): string {
  const eol = (): string => (lenient && rng.chance(0.15) ? '\n' : '\r\n');
  const body = chunkedBody(rng, eol) + (rng.chance(0.3) ? 'GET / HTTP/1.1\r\n' : '');
  return rng.chance(0.5) ? mutate(rng, body) : body;
}
