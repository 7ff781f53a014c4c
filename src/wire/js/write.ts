/**
 * The response writer of the TypeScript wire (docs/wire-spec.md §7):
 * `HTTP/1.1 SP status SP reason CRLF (name ": " value CRLF)* CRLF body`, in one Buffer.
 *
 * The size is computed from the string lengths first (latin1 is one byte per char), the Buffer
 * is allocated once, and each char is validated as it is written, so no intermediate string or
 * Buffer exists.
 */
import { REASON_PHRASE } from './reason-phrases.js';
import { TCHAR } from './tables.js';

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const COLON = 0x3a;
const DIGIT_0 = 0x30;
const HTAB = 0x09;
const DEL = 0x7f;
const LATIN1_MAX = 0xff;

/** `HTTP/1.1 `, then the status digits. */
const STATUS_LINE_PREFIX = 'HTTP/1.1 ';
const CONTENT_LENGTH_PREFIX = 'Content-Length: ';
/** "NNN" SP before the reason, CRLF after it. */
const STATUS_LINE_FIXED = STATUS_LINE_PREFIX.length + 3 + 1 + 2;
/** ": " and CRLF around each value. */
const HEADER_LINE_FIXED = 4;
/** `contentLength` that means "write no Content-Length". */
const NO_CONTENT_LENGTH = -1;

export function writeResponse(
  status: number,
  headers: readonly string[],
  contentLength: number,
  body?: Buffer,
): Buffer {
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new RangeError(`status must be an integer from 100 to 599, got ${status}`);
  }
  if (headers.length % 2 !== 0) {
    throw new TypeError('headers must be a flat [name, value, ...] array of even length');
  }
  if (!(contentLength === NO_CONTENT_LENGTH || (Number.isSafeInteger(contentLength) && contentLength >= 0))) {
    throw new RangeError(`contentLength must be -1 or an integer >= 0, got ${contentLength}`);
  }
  const lengthToWrite = contentLength === NO_CONTENT_LENGTH && body !== undefined ? body.length : contentLength;
  const reason = REASON_PHRASE[status];

  let size = STATUS_LINE_FIXED + reason.length + 2;
  for (let i = 0; i < headers.length; i++) {
    const field = headers[i];
    if (typeof field !== 'string') throw new TypeError(`header ${i % 2 === 0 ? 'name' : 'value'} must be a string`);
    size += field.length;
  }
  size += (headers.length / 2) * HEADER_LINE_FIXED;
  const lengthDigits = lengthToWrite === NO_CONTENT_LENGTH ? 0 : decimalDigits(lengthToWrite);
  if (lengthToWrite !== NO_CONTENT_LENGTH) size += CONTENT_LENGTH_PREFIX.length + lengthDigits + 2;
  if (body !== undefined) size += body.length;

  const out = Buffer.allocUnsafe(size);
  let o = writeAscii(out, 0, STATUS_LINE_PREFIX);
  out[o++] = DIGIT_0 + Math.floor(status / 100);
  out[o++] = DIGIT_0 + (Math.floor(status / 10) % 10);
  out[o++] = DIGIT_0 + (status % 10);
  out[o++] = SP;
  o = writeAscii(out, o, reason);
  out[o++] = CR;
  out[o++] = LF;
  for (let i = 0; i < headers.length; i += 2) {
    o = writeName(out, o, headers[i]);
    out[o++] = COLON;
    out[o++] = SP;
    o = writeValue(out, o, headers[i + 1], headers[i]);
    out[o++] = CR;
    out[o++] = LF;
  }
  if (lengthToWrite !== NO_CONTENT_LENGTH) {
    o = writeAscii(out, o, CONTENT_LENGTH_PREFIX);
    o += lengthDigits;
    for (let n = lengthToWrite, d = o - 1; d >= o - lengthDigits; d--, n = Math.floor(n / 10)) {
      out[d] = DIGIT_0 + (n % 10);
    }
    out[o++] = CR;
    out[o++] = LF;
  }
  out[o++] = CR;
  out[o++] = LF;
  if (body !== undefined) body.copy(out, o);
  return out;
}

function decimalDigits(n: number): number {
  let digits = 1;
  for (let rest = Math.floor(n / 10); rest > 0; rest = Math.floor(rest / 10)) digits++;
  return digits;
}

/** Writes `text`, known to be ASCII, at `o`; returns the offset after it. */
function writeAscii(out: Buffer, o: number, text: string): number {
  for (let i = 0; i < text.length; i++) out[o++] = text.charCodeAt(i);
  return o;
}

/** Writes a header name, which must be a token (RFC 9110 §5.1); returns the offset after it. */
function writeName(out: Buffer, o: number, name: string): number {
  if (name.length === 0) throw new TypeError('header name must not be empty');
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code > LATIN1_MAX || TCHAR[code] === 0) {
      throw new TypeError(`header name ${JSON.stringify(name)} is not a token`);
    }
    out[o++] = code;
  }
  return o;
}

/**
 * Writes a header value as latin1. CR and LF would break the message framing; NUL and the other
 * control bytes (all but HTAB) are what ferroserve's own parser rejects in a value (RFC 9110
 * §5.5), so the writer never emits them; a char above U+00FF has no latin1 byte. Returns the
 * offset after it.
 */
function writeValue(out: Buffer, o: number, value: string, name: string): number {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== HTAB) || code === DEL) {
      throw new TypeError(`value of header ${name} contains a control character (CR, LF, NUL or another)`);
    }
    if (code > LATIN1_MAX) {
      throw new TypeError(`value of header ${name} has a char above U+00FF`);
    }
    out[o++] = code;
  }
  return o;
}
