/**
 * Byte-class tables and name recognition for the TypeScript wire (docs/wire-spec.md §3, §5).
 * Each table has 256 entries, 1 for a byte in the class and 0 otherwise, so a scan loop is one
 * indexed load per byte. Recognition compares bytes in place: no string is ever created.
 */
import {
  H_ACCEPT_ENCODING,
  H_CONNECTION,
  H_CONTENT_LENGTH,
  H_CONTENT_TYPE,
  H_EXPECT,
  H_HOST,
  H_OTHER,
  H_TRANSFER_ENCODING,
  H_UPGRADE,
  H_USER_AGENT,
  METHOD_CONNECT,
  METHOD_DELETE,
  METHOD_GET,
  METHOD_HEAD,
  METHOD_OPTIONS,
  METHOD_OTHER,
  METHOD_PATCH,
  METHOD_POST,
  METHOD_PUT,
  METHOD_TRACE,
} from '../layout.js';

function byteClass(isMember: (byte: number) => boolean): Uint8Array {
  const table = new Uint8Array(256);
  for (let byte = 0; byte < 256; byte++) table[byte] = isMember(byte) ? 1 : 0;
  return table;
}

function isAlpha(byte: number): boolean {
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

/**
 * RFC 9110 §5.6.2:
 * ```
 * token = 1*tchar
 * tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
 *         "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
 * ```
 * Used for methods, header names, chunk-ext names and token ext-values.
 */
export const TCHAR: Uint8Array = byteClass(
  (b) => isAlpha(b) || isDigit(b) || "!#$%&'*+-.^_`|~".includes(String.fromCharCode(b)),
);

/**
 * docs/wire-spec.md §3, the bytes a request-target may hold:
 * ```
 * URI_CHAR = %x21-7E except DQUOTE "#" "<" ">" "\" "^" "`" "{" "|" "}"
 * ```
 * (the printable ASCII that RFC 3986 allows somewhere in a URI, '#' excluded because a
 * fragment is never sent).
 */
export const URI_CHAR: Uint8Array = byteClass(
  (b) => b >= 0x21 && b <= 0x7e && !'"#<>\\^`{|}'.includes(String.fromCharCode(b)),
);

/**
 * RFC 9110 §5.5, the bytes of a field value line (the value and the whitespace around it):
 * ```
 * field-value   = *field-content
 * field-content = field-vchar [ 1*( SP / HTAB / field-vchar ) field-vchar ]
 * field-vchar   = VCHAR / obs-text
 * VCHAR         = %x21-7E
 * obs-text      = %x80-FF
 * OWS           = *( SP / HTAB )
 * ```
 * so: HTAB, SP, %x21-7E, %x80-FF. Everything else (CR, LF, the other CTLs, DEL) ends the run.
 */
export const FIELD_LINE_CHAR: Uint8Array = byteClass(
  (b) => b === 0x09 || (b >= 0x20 && b <= 0x7e) || b >= 0x80,
);

/**
 * RFC 9110 §5.6.4, the bytes that may stand unescaped inside a quoted-string:
 * ```
 * qdtext   = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
 * ```
 */
export const QDTEXT: Uint8Array = byteClass(
  (b) => b === 0x09 || b === 0x20 || b === 0x21 || (b >= 0x23 && b <= 0x5b) || (b >= 0x5d && b <= 0x7e) || b >= 0x80,
);

/**
 * RFC 9110 §5.6.4, the byte after the backslash of a quoted-pair:
 * ```
 * quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
 * ```
 */
export const QUOTED_PAIR_CHAR: Uint8Array = byteClass(
  (b) => b === 0x09 || b === 0x20 || (b >= 0x21 && b <= 0x7e) || b >= 0x80,
);

/**
 * RFC 5234 B.1, `HEXDIG = DIGIT / "A" / "B" / "C" / "D" / "E" / "F"` (case-insensitive as all
 * ABNF literals are): the value of each hex digit, 255 for any other byte.
 */
export const HEX_VALUE: Uint8Array = (() => {
  const table = new Uint8Array(256).fill(255);
  for (let d = 0; d < 10; d++) table[0x30 + d] = d;
  for (let d = 0; d < 6; d++) {
    table[0x41 + d] = 10 + d;
    table[0x61 + d] = 10 + d;
  }
  return table;
})();

/** ASCII case folding: A-Z to a-z, every other byte to itself. */
export const LOWER: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (let b = 0; b < 256; b++) table[b] = b >= 0x41 && b <= 0x5a ? b + 0x20 : b;
  return table;
})();

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0));
}

/** True when `buf[start, start + lower.length)` equals `lower` (lowercase ASCII) ignoring case. */
export function equalsIgnoreCase(buf: Uint8Array, start: number, lower: Uint8Array): boolean {
  for (let i = 0; i < lower.length; i++) {
    if (LOWER[buf[start + i]] !== lower[i]) return false;
  }
  return true;
}

/** True when `buf[start, start + exact.length)` equals `exact` byte for byte. */
function equalsExactly(buf: Uint8Array, start: number, exact: Uint8Array): boolean {
  for (let i = 0; i < exact.length; i++) {
    if (buf[start + i] !== exact[i]) return false;
  }
  return true;
}

const GET = ascii('GET');
const PUT = ascii('PUT');
const HEAD = ascii('HEAD');
const POST = ascii('POST');
const PATCH = ascii('PATCH');
const TRACE = ascii('TRACE');
const DELETE = ascii('DELETE');
const CONNECT = ascii('CONNECT');
const OPTIONS = ascii('OPTIONS');

/** Method id (§5) of the token `buf[start, start + length)`: exact, case-sensitive match. */
export function methodId(buf: Uint8Array, start: number, length: number): number {
  switch (length) {
    case 3:
      if (equalsExactly(buf, start, GET)) return METHOD_GET;
      if (equalsExactly(buf, start, PUT)) return METHOD_PUT;
      return METHOD_OTHER;
    case 4:
      if (equalsExactly(buf, start, POST)) return METHOD_POST;
      if (equalsExactly(buf, start, HEAD)) return METHOD_HEAD;
      return METHOD_OTHER;
    case 5:
      if (equalsExactly(buf, start, PATCH)) return METHOD_PATCH;
      if (equalsExactly(buf, start, TRACE)) return METHOD_TRACE;
      return METHOD_OTHER;
    case 6:
      return equalsExactly(buf, start, DELETE) ? METHOD_DELETE : METHOD_OTHER;
    case 7:
      if (equalsExactly(buf, start, OPTIONS)) return METHOD_OPTIONS;
      if (equalsExactly(buf, start, CONNECT)) return METHOD_CONNECT;
      return METHOD_OTHER;
    default:
      return METHOD_OTHER;
  }
}

/**
 * A lowercase header name packed as little-endian 32-bit words (the last one holding the 1-3
 * leftover bytes, if any), for comparing four bytes per step.
 */
interface PackedName {
  readonly length: number;
  readonly words: Int32Array;
}

function packName(lower: string): PackedName {
  const words = new Int32Array(Math.ceil(lower.length / 4));
  for (let i = 0; i < lower.length; i++) words[i >> 2] |= lower.charCodeAt(i) << (8 * (i & 3));
  return { length: lower.length, words };
}

/** ASCII case bit: set, it turns A-Z into a-z. */
const CASE_BITS = 0x20202020;

/**
 * True when the token `buf[start, start + name.length)` equals `name` ignoring case.
 * OR-ing 0x20 into each byte folds case exactly here: the names hold only lowercase letters and
 * '-', and the only other byte that becomes '-' (0x2D) under that OR is CR (0x0D), no tchar.
 */
function tokenEqualsName(buf: Uint8Array, start: number, name: PackedName): boolean {
  const words = name.words;
  const whole = name.length >> 2;
  let p = start;
  for (let k = 0; k < whole; k++, p += 4) {
    if (((buf[p] | (buf[p + 1] << 8) | (buf[p + 2] << 16) | (buf[p + 3] << 24)) | CASE_BITS) !== words[k]) {
      return false;
    }
  }
  const rest = name.length & 3;
  if (rest === 0) return true;
  let tail = buf[p] | 0x20;
  if (rest > 1) tail |= (buf[p + 1] | 0x20) << 8;
  if (rest > 2) tail |= (buf[p + 2] | 0x20) << 16;
  return tail === words[whole];
}

const HOST = packName('host');
const EXPECT = packName('expect');
const UPGRADE = packName('upgrade');
const CONNECTION = packName('connection');
const USER_AGENT = packName('user-agent');
const CONTENT_TYPE = packName('content-type');
const CONTENT_LENGTH = packName('content-length');
const ACCEPT_ENCODING = packName('accept-encoding');
const TRANSFER_ENCODING = packName('transfer-encoding');

/**
 * Known-header id (§5) of the name `buf[start, start + length)`, a token: case-insensitive
 * match on the length, then the bytes.
 */
export function knownHeaderId(buf: Uint8Array, start: number, length: number): number {
  switch (length) {
    case 4:
      return tokenEqualsName(buf, start, HOST) ? H_HOST : H_OTHER;
    case 6:
      return tokenEqualsName(buf, start, EXPECT) ? H_EXPECT : H_OTHER;
    case 7:
      return tokenEqualsName(buf, start, UPGRADE) ? H_UPGRADE : H_OTHER;
    case 10:
      if (tokenEqualsName(buf, start, CONNECTION)) return H_CONNECTION;
      return tokenEqualsName(buf, start, USER_AGENT) ? H_USER_AGENT : H_OTHER;
    case 12:
      return tokenEqualsName(buf, start, CONTENT_TYPE) ? H_CONTENT_TYPE : H_OTHER;
    case 14:
      return tokenEqualsName(buf, start, CONTENT_LENGTH) ? H_CONTENT_LENGTH : H_OTHER;
    case 15:
      return tokenEqualsName(buf, start, ACCEPT_ENCODING) ? H_ACCEPT_ENCODING : H_OTHER;
    case 17:
      return tokenEqualsName(buf, start, TRANSFER_ENCODING) ? H_TRANSFER_ENCODING : H_OTHER;
    default:
      return H_OTHER;
  }
}

/** Lowercase literals that the head checks compare list elements and values against. */
export const LITERAL_CHUNKED = ascii('chunked');
export const LITERAL_CLOSE = ascii('close');
export const LITERAL_KEEP_ALIVE = ascii('keep-alive');
export const LITERAL_UPGRADE = ascii('upgrade');
export const LITERAL_100_CONTINUE = ascii('100-continue');
