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

export function byteClass(isMember: (byte: number) => boolean): Uint8Array {
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

/** The four bytes at `p` as a little-endian 32-bit int; the caller makes sure they exist. */
export function word4(buf: Uint8Array, p: number): number {
  return buf[p] | (buf[p + 1] << 8) | (buf[p + 2] << 16) | (buf[p + 3] << 24);
}

/** `text` (one to four ASCII chars) packed the way `word4` reads it. */
export function word(text: string): number {
  let packed = 0;
  for (let i = 0; i < text.length; i++) packed |= text.charCodeAt(i) << (8 * i);
  return packed;
}

// Methods, compared exactly (case-sensitive), four bytes per step. A method of 5-7 bytes is
// checked with two overlapping words (at 0 and at length - 4), so no byte outside it is read.
const GET = word('GET');
const PUT = word('PUT');
const HEAD = word('HEAD');
const POST = word('POST');
const PATC = word('PATC');
const ATCH = word('ATCH');
const TRAC = word('TRAC');
const RACE = word('RACE');
const DELE = word('DELE');
const LETE = word('LETE');
const OPTI = word('OPTI');
const IONS = word('IONS');
const CONN = word('CONN');
const NECT = word('NECT');

/** Method id (§5) of the token `buf[start, start + length)`: exact, case-sensitive match. */
export function methodId(buf: Uint8Array, start: number, length: number): number {
  switch (length) {
    case 3: {
      const w = buf[start] | (buf[start + 1] << 8) | (buf[start + 2] << 16);
      return w === GET ? METHOD_GET : w === PUT ? METHOD_PUT : METHOD_OTHER;
    }
    case 4: {
      const w = word4(buf, start);
      return w === POST ? METHOD_POST : w === HEAD ? METHOD_HEAD : METHOD_OTHER;
    }
    case 5: {
      const w = word4(buf, start);
      const tail = word4(buf, start + 1);
      if (w === PATC && tail === ATCH) return METHOD_PATCH;
      return w === TRAC && tail === RACE ? METHOD_TRACE : METHOD_OTHER;
    }
    case 6:
      return word4(buf, start) === DELE && word4(buf, start + 2) === LETE ? METHOD_DELETE : METHOD_OTHER;
    case 7: {
      const w = word4(buf, start);
      const tail = word4(buf, start + 3);
      if (w === OPTI && tail === IONS) return METHOD_OPTIONS;
      return w === CONN && tail === NECT ? METHOD_CONNECT : METHOD_OTHER;
    }
    default:
      return METHOD_OTHER;
  }
}

/**
 * The four bytes at `p` of a token, case-folded: OR-ing 0x20 into each byte turns A-Z into a-z.
 * It is exact for the names below, which hold only lowercase letters and '-': the only other
 * byte that 0x20 turns into one of those is CR (0x0D, into '-'), and CR is no tchar.
 */
function foldedWord4(buf: Uint8Array, p: number): number {
  return word4(buf, p) | 0x20202020;
}

// Known header names, lowercase, as words at 0, 4, 8, ... and at length - 4 (overlapping).
const N_HOST = word('host');
const N_EXPE = word('expe');
const N_PECT = word('pect');
const N_UPGR = word('upgr');
const N_RADE = word('rade');
const N_CONN = word('conn');
const N_ECTI = word('ecti');
const N_TION = word('tion');
const N_USER = word('user');
const N__AGE = word('-age');
const N_GENT = word('gent');
const N_CONT = word('cont');
const N_ENT_ = word('ent-');
const N_TYPE = word('type');
const N_LENG = word('leng');
const N_NGTH = word('ngth');
const N_ACCE = word('acce');
const N_PT_E = word('pt-e');
const N_NCOD = word('ncod');
const N_DING = word('ding');
const N_TRAN = word('tran');
const N_SFER = word('sfer');
const N__ENC = word('-enc');
const N_ODIN = word('odin');

/**
 * Known-header id (§5) of the name `buf[start, start + length)`, a token: case-insensitive
 * match on the length, then four bytes at a time.
 */
export function knownHeaderId(buf: Uint8Array, start: number, length: number): number {
  switch (length) {
    case 4:
      return foldedWord4(buf, start) === N_HOST ? H_HOST : H_OTHER;
    case 6:
      return foldedWord4(buf, start) === N_EXPE && foldedWord4(buf, start + 2) === N_PECT ? H_EXPECT : H_OTHER;
    case 7:
      return foldedWord4(buf, start) === N_UPGR && foldedWord4(buf, start + 3) === N_RADE ? H_UPGRADE : H_OTHER;
    case 10: {
      const first = foldedWord4(buf, start);
      const middle = foldedWord4(buf, start + 4);
      const last = foldedWord4(buf, start + 6);
      if (first === N_CONN && middle === N_ECTI && last === N_TION) return H_CONNECTION;
      return first === N_USER && middle === N__AGE && last === N_GENT ? H_USER_AGENT : H_OTHER;
    }
    case 12:
      return foldedWord4(buf, start) === N_CONT &&
        foldedWord4(buf, start + 4) === N_ENT_ &&
        foldedWord4(buf, start + 8) === N_TYPE
        ? H_CONTENT_TYPE
        : H_OTHER;
    case 14:
      return foldedWord4(buf, start) === N_CONT &&
        foldedWord4(buf, start + 4) === N_ENT_ &&
        foldedWord4(buf, start + 8) === N_LENG &&
        foldedWord4(buf, start + 10) === N_NGTH
        ? H_CONTENT_LENGTH
        : H_OTHER;
    case 15:
      return foldedWord4(buf, start) === N_ACCE &&
        foldedWord4(buf, start + 4) === N_PT_E &&
        foldedWord4(buf, start + 8) === N_NCOD &&
        foldedWord4(buf, start + 11) === N_DING
        ? H_ACCEPT_ENCODING
        : H_OTHER;
    case 17:
      return foldedWord4(buf, start) === N_TRAN &&
        foldedWord4(buf, start + 4) === N_SFER &&
        foldedWord4(buf, start + 8) === N__ENC &&
        foldedWord4(buf, start + 12) === N_ODIN &&
        foldedWord4(buf, start + 13) === N_DING
        ? H_TRANSFER_ENCODING
        : H_OTHER;
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
