/**
 * The checks made when a head's blank line has been read (docs/wire-spec.md §3, "Checks at the
 * end of the head", in that order), and the record fields that follow from the header values
 * (§2: F_FLAGS, F_BODY_KIND, F_LENGTH_HI, F_LENGTH_LO). They read the header words already
 * written into the record, so the scan itself only tracks positions.
 */
import { WireError } from '../errors.js';
import {
  BODY_CHUNKED,
  BODY_LENGTH,
  BODY_NONE,
  F_BODY_KIND,
  F_FLAGS,
  F_HEAD_START,
  F_HEADER_COUNT,
  F_LENGTH_HI,
  F_LENGTH_LO,
  F_VERSION_MINOR,
  FLAG_EXPECT_CONTINUE,
  FLAG_KEEP_ALIVE,
  FLAG_UPGRADE,
  H_CONNECTION,
  H_CONTENT_LENGTH,
  H_EXPECT,
  H_HOST,
  H_TRANSFER_ENCODING,
  H_UPGRADE,
  HEADER_WORDS,
  REC_FIXED,
} from '../layout.js';
import { fail, HEAD_ERROR } from './head-result.js';
import { isValidHost } from './host.js';
import {
  equalsIgnoreCase,
  LITERAL_100_CONTINUE,
  LITERAL_CHUNKED,
  LITERAL_CLOSE,
  LITERAL_KEEP_ALIVE,
  LITERAL_UPGRADE,
} from './tables.js';

// Header words, relative to the header's first word.
const NAME_START = 0;
const VALUE_START = 2;
const VALUE_LEN = 3;
const KNOWN_ID = 4;

const COMMA = 0x2c;
const SP = 0x20;
const HTAB = 0x09;

/** Tokens found in the Connection list, as bits. */
const CONNECTION_CLOSE = 1;
const CONNECTION_KEEP_ALIVE = 2;
const CONNECTION_UPGRADE = 4;

/** 2^53 - 1: the largest Content-Length (and chunk size) accepted. */
const MAX_LENGTH = Number.MAX_SAFE_INTEGER;
const TWO_TO_32 = 0x1_0000_0000;

/** Bits (1 << id) of the headers whose values the end checks or the flags depend on. */
const VALUE_HEADERS =
  (1 << H_TRANSFER_ENCODING) | (1 << H_CONTENT_LENGTH) | (1 << H_CONNECTION) | (1 << H_EXPECT) | (1 << H_UPGRADE);

/**
 * Runs the end-of-head checks on the record at word `w` and fills its semantic fields.
 * `seen` and `repeated` have bit (1 << id) set for each known header present, and present more
 * than once. Returns 0 when the head is acceptable, else HEAD_ERROR with the error in the
 * control block.
 */
export function checkHead(buf: Uint8Array, out: Uint32Array, w: number, seen: number, repeated: number): number {
  const minor = out[w + F_VERSION_MINOR];

  // 1. Host.
  if (minor === 1 && (seen & (1 << H_HOST)) === 0) return fail(out, WireError.MISSING_HOST, out[w + F_HEAD_START]);
  if ((repeated & (1 << H_HOST)) !== 0) return fail(out, WireError.DUPLICATE_HOST, secondHostStart(out, w));
  if ((seen & (1 << H_HOST)) !== 0) {
    const host = hostHeader(out, w);
    const valueStart = out[host + VALUE_START];
    if (!isValidHost(buf, valueStart, valueStart + out[host + VALUE_LEN])) {
      return fail(out, WireError.INVALID_HOST, valueStart);
    }
  }

  if ((seen & VALUE_HEADERS) === 0) {
    // The common head: no framing, flags from the version alone.
    out[w + F_FLAGS] = minor === 1 ? FLAG_KEEP_ALIVE : 0;
    out[w + F_BODY_KIND] = BODY_NONE;
    out[w + F_LENGTH_HI] = 0;
    out[w + F_LENGTH_LO] = 0;
    return 0;
  }

  const firstHeader = w + REC_FIXED;
  const endHeaders = firstHeader + out[w + F_HEADER_COUNT] * HEADER_WORDS;
  let firstTransferEncoding = -1;
  let firstContentLength = -1;
  let connection = 0;
  let expectsContinue = false;
  for (let h = firstHeader; h < endHeaders; h += HEADER_WORDS) {
    switch (out[h + KNOWN_ID]) {
      case H_TRANSFER_ENCODING:
        if (firstTransferEncoding < 0) firstTransferEncoding = h;
        break;
      case H_CONTENT_LENGTH:
        if (firstContentLength < 0) firstContentLength = h;
        break;
      case H_CONNECTION:
        connection |= connectionTokens(buf, out[h + VALUE_START], out[h + VALUE_START] + out[h + VALUE_LEN]);
        break;
      case H_EXPECT:
        if (out[h + VALUE_LEN] === LITERAL_100_CONTINUE.length &&
            equalsIgnoreCase(buf, out[h + VALUE_START], LITERAL_100_CONTINUE)) {
          expectsContinue = true;
        }
        break;
    }
  }

  let bodyKind = BODY_NONE;
  let length = 0;
  if (firstTransferEncoding >= 0) {
    // 2. Transfer-Encoding.
    if (minor === 0) {
      return fail(out, WireError.INVALID_TRANSFER_ENCODING, out[firstTransferEncoding + VALUE_START]);
    }
    if (checkTransferCodings(buf, out, firstTransferEncoding, endHeaders) !== 0) return HEAD_ERROR;
    if (firstContentLength >= 0) {
      return fail(out, WireError.CONTENT_LENGTH_WITH_TRANSFER_ENCODING, out[firstContentLength + NAME_START]);
    }
    bodyKind = BODY_CHUNKED;
  } else if (firstContentLength >= 0) {
    // 3. Content-Length.
    length = contentLength(buf, out, firstContentLength, endHeaders);
    if (length < 0) return HEAD_ERROR;
    bodyKind = BODY_LENGTH;
  }

  let flags = 0;
  if ((connection & CONNECTION_CLOSE) === 0 && (minor === 1 || (connection & CONNECTION_KEEP_ALIVE) !== 0)) {
    flags |= FLAG_KEEP_ALIVE;
  }
  if (expectsContinue) flags |= FLAG_EXPECT_CONTINUE;
  if ((seen & (1 << H_UPGRADE)) !== 0 && (connection & CONNECTION_UPGRADE) !== 0) flags |= FLAG_UPGRADE;

  out[w + F_FLAGS] = flags;
  out[w + F_BODY_KIND] = bodyKind;
  out[w + F_LENGTH_HI] = Math.floor(length / TWO_TO_32);
  out[w + F_LENGTH_LO] = length >>> 0;
  return 0;
}

/**
 * Word index of the (one) Host header of the record at `w`, which has one. Found by a search
 * rather than noted during the scan: Host comes first in nearly every request, so this costs
 * one comparison here instead of one per header line in the scan loop.
 */
function hostHeader(out: Uint32Array, w: number): number {
  let h = w + REC_FIXED;
  while (out[h + KNOWN_ID] !== H_HOST) h += HEADER_WORDS;
  return h;
}

/** Name start of the second Host header of the record at `w` (there is one). */
function secondHostStart(out: Uint32Array, w: number): number {
  const endHeaders = w + REC_FIXED + out[w + F_HEADER_COUNT] * HEADER_WORDS;
  let hosts = 0;
  for (let h = w + REC_FIXED; h < endHeaders; h += HEADER_WORDS) {
    if (out[h + KNOWN_ID] === H_HOST && ++hosts === 2) return out[h + NAME_START];
  }
  return 0;
}

function isOws(byte: number): boolean {
  return byte === SP || byte === HTAB;
}

/** Index of the comma that ends the list element starting at `from`, or `end`. */
function elementEnd(buf: Uint8Array, from: number, end: number): number {
  let i = from;
  while (i < end && buf[i] !== COMMA) i++;
  return i;
}

/** The Connection tokens close / keep-alive / upgrade found in the list `buf[start, end)`. */
function connectionTokens(buf: Uint8Array, start: number, end: number): number {
  let tokens = 0;
  for (let from = start; from <= end; ) {
    const stop = elementEnd(buf, from, end);
    let a = from;
    let b = stop;
    while (a < b && isOws(buf[a])) a++;
    while (b > a && isOws(buf[b - 1])) b--;
    const length = b - a;
    if (length === LITERAL_CLOSE.length && equalsIgnoreCase(buf, a, LITERAL_CLOSE)) {
      tokens |= CONNECTION_CLOSE;
    } else if (length === LITERAL_KEEP_ALIVE.length && equalsIgnoreCase(buf, a, LITERAL_KEEP_ALIVE)) {
      tokens |= CONNECTION_KEEP_ALIVE;
    } else if (length === LITERAL_UPGRADE.length && equalsIgnoreCase(buf, a, LITERAL_UPGRADE)) {
      tokens |= CONNECTION_UPGRADE;
    }
    from = stop + 1;
  }
  return tokens;
}

/**
 * Step 2b: all Transfer-Encoding values, in order, as one list whose only allowed element is a
 * final `chunked`. Returns 0, or HEAD_ERROR with the error in the control block.
 */
function checkTransferCodings(buf: Uint8Array, out: Uint32Array, first: number, endHeaders: number): number {
  // A `chunked` element seen last; it is an error as soon as any non-empty element follows it.
  let pendingChunked = -1;
  let sawElement = false;
  for (let h = first; h < endHeaders; h += HEADER_WORDS) {
    if (out[h + KNOWN_ID] !== H_TRANSFER_ENCODING) continue;
    const valueEnd = out[h + VALUE_START] + out[h + VALUE_LEN];
    for (let from = out[h + VALUE_START]; from <= valueEnd; ) {
      const stop = elementEnd(buf, from, valueEnd);
      let a = from;
      let b = stop;
      while (a < b && isOws(buf[a])) a++;
      while (b > a && isOws(buf[b - 1])) b--;
      from = stop + 1;
      if (a === b) continue;
      sawElement = true;
      if (pendingChunked >= 0) return fail(out, WireError.INVALID_TRANSFER_ENCODING, pendingChunked);
      if (b - a === LITERAL_CHUNKED.length && equalsIgnoreCase(buf, a, LITERAL_CHUNKED)) {
        pendingChunked = a;
      } else {
        return fail(out, WireError.UNSUPPORTED_TRANSFER_CODING, a);
      }
    }
  }
  if (!sawElement) return fail(out, WireError.INVALID_TRANSFER_ENCODING, out[first + VALUE_START]);
  return 0;
}

/**
 * Step 3: every Content-Length value, in order, must be 1*DIGIT, at most 2^53 - 1, and equal to
 * the first. Returns the length, or HEAD_ERROR with the error in the control block.
 */
function contentLength(buf: Uint8Array, out: Uint32Array, first: number, endHeaders: number): number {
  let firstValue = -1;
  for (let h = first; h < endHeaders; h += HEADER_WORDS) {
    if (out[h + KNOWN_ID] !== H_CONTENT_LENGTH) continue;
    const start = out[h + VALUE_START];
    const end = start + out[h + VALUE_LEN];
    if (start === end) return fail(out, WireError.INVALID_CONTENT_LENGTH, start);
    for (let i = start; i < end; i++) {
      const b = buf[i];
      if (b < 0x30 || b > 0x39) return fail(out, WireError.INVALID_CONTENT_LENGTH, start);
    }
    // Above 2^53 - 1 the double stays above it (rounding is monotonic), so the test is exact.
    let value = 0;
    for (let i = start; i < end; i++) {
      value = value * 10 + (buf[i] - 0x30);
      if (value > MAX_LENGTH) return fail(out, WireError.CONTENT_LENGTH_TOO_LARGE, start);
    }
    if (firstValue < 0) firstValue = value;
    else if (value !== firstValue) return fail(out, WireError.CONFLICTING_CONTENT_LENGTH, start);
  }
  return firstValue;
}
