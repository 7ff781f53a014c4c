/**
 * The request-head parser of the TypeScript wire: docs/wire-spec.md §1-3 and §5, to the letter.
 *
 * A left-to-right scan over the Buffer's bytes. Runs of token / URI / field bytes are skipped
 * by tight table-lookup loops bounded by `limit = min(end, begin + C_MAX_HEAD)`; the byte that
 * stops a run is then checked in the spec's order. Because a run stops at `limit`, "the byte at
 * `p` is read" always happens after the two checks of §3 (HEAD_TOO_LARGE, then PARTIAL), which
 * `stopAt` makes. Nothing is allocated: results go into `out` as offsets.
 */
import { WireError } from '../errors.js';
import {
  BODY_CHUNKED,
  BODY_LENGTH,
  C_CAPACITY,
  C_FLAGS,
  C_MAX_HEAD,
  C_MAX_HEADERS,
  C_MAX_TARGET,
  F_BODY_KIND,
  F_HEAD_END,
  F_HEAD_START,
  F_HEADER_COUNT,
  F_LENGTH_HI,
  F_LENGTH_LO,
  F_METHOD,
  F_METHOD_LEN,
  F_TARGET_FORM,
  F_TARGET_LEN,
  F_TARGET_START,
  F_VERSION_MINOR,
  F_WORDS,
  HEADER_WORDS,
  LENIENT_BARE_LF,
  R_CONSUMED,
  R_COUNT,
  R_ERROR_CODE,
  R_ERROR_OFFSET,
  R_STATUS,
  REC_FIXED,
  RECORDS_START,
  STATUS_DONE,
  STATUS_ERROR,
  STATUS_PARTIAL,
} from '../layout.js';
import { checkHead } from './head-checks.js';
import { fail, HEAD_ERROR, HEAD_PARTIAL } from './head-result.js';
import { FIELD_LINE_CHAR, knownHeaderId, methodId, TCHAR, URI_CHAR, word, word4 } from './tables.js';
import { FORM_INVALID, targetForm } from './target-form.js';

const HTAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const COLON = 0x3a;
const DIGIT_0 = 0x30;
const DOT = 0x2e;
/** `HTTP/`, the fixed start of the version. */
const HTTP_SLASH = [0x48, 0x54, 0x54, 0x50, 0x2f] as const;
// The two versions accepted, as the words word4 reads: `HTTP` then `/1.1` or `/1.0`.
const HTTP = word('HTTP');
const SLASH_1_DOT_1 = word('/1.1');
const SLASH_1_DOT_0 = word('/1.0');

/**
 * Parses request heads from `buf[start, end)` into `out` (§1): records from word 16, result in
 * the control block. Returns out[R_STATUS].
 */
export function parse(buf: Buffer, start: number, end: number, out: Uint32Array): number {
  if (!(start >= 0 && start <= end && end <= buf.length)) {
    throw new RangeError(`parse range [${start}, ${end}) is outside the buffer (length ${buf.length})`);
  }
  if (out.length < RECORDS_START) {
    throw new RangeError(`parse: out must hold at least ${RECORDS_START} words, got ${out.length}`);
  }
  const maxHead = out[C_MAX_HEAD];
  const maxTarget = out[C_MAX_TARGET];
  const maxHeaders = out[C_MAX_HEADERS];
  const lenientBareLf = (out[C_FLAGS] & LENIENT_BARE_LF) !== 0;
  const capacity = Math.min(out[C_CAPACITY], out.length);
  const largestRecord = REC_FIXED + HEADER_WORDS * maxHeaders;

  out[R_ERROR_CODE] = 0;
  out[R_ERROR_OFFSET] = 0;
  let status = STATUS_DONE;
  let consumed = start;
  let count = 0;
  let w = RECORDS_START;
  while (consumed < end && capacity - w >= largestRecord) {
    const headEnd = scanHead(buf, consumed, end, out, w, maxHead, maxTarget, maxHeaders, lenientBareLf);
    if (headEnd < 0) {
      status = headEnd === HEAD_PARTIAL ? STATUS_PARTIAL : STATUS_ERROR;
      break;
    }
    count++;
    consumed = headEnd;
    const bodyKind = out[w + F_BODY_KIND];
    const hasBody =
      bodyKind === BODY_CHUNKED || (bodyKind === BODY_LENGTH && (out[w + F_LENGTH_HI] | out[w + F_LENGTH_LO]) !== 0);
    w += out[w + F_WORDS];
    // The caller reads a body before anything after it can be parsed.
    if (hasBody) break;
  }
  out[R_STATUS] = status;
  out[R_COUNT] = count;
  out[R_CONSUMED] = consumed;
  return status;
}

/**
 * Offset of the first byte in `buf[p, limit)` that is not a FIELD_LINE_CHAR, or `limit`.
 * Eight bytes per step while they last: values are the bulk of a head, and the one-byte loop
 * pays its loop test once per byte. The step's last byte is tested first, so that a short run
 * (most values are) costs one lookup before the one-byte loop takes over.
 */
function skipFieldLineBytes(buf: Buffer, p: number, limit: number): number {
  const ok = FIELD_LINE_CHAR; // a local: an imported binding is re-read through its module cell
  while (
    p + 8 <= limit &&
    ok[buf[p + 7]] !== 0 &&
    (ok[buf[p]] & ok[buf[p + 1]] & ok[buf[p + 2]] & ok[buf[p + 3]] & ok[buf[p + 4]] & ok[buf[p + 5]] & ok[buf[p + 6]]) !== 0
  ) {
    p += 8;
  }
  while (p < limit && ok[buf[p]] !== 0) p++;
  return p;
}

/** Offset of the first byte in `buf[p, limit)` that is not a tchar, or `limit`. */
function skipTchars(buf: Buffer, p: number, limit: number): number {
  const ok = TCHAR;
  while (p + 4 <= limit && ok[buf[p + 3]] !== 0 && (ok[buf[p]] & ok[buf[p + 1]] & ok[buf[p + 2]]) !== 0) p += 4;
  while (p < limit && ok[buf[p]] !== 0) p++;
  return p;
}

/** Offset of the first byte in `buf[p, limit)` that is not a URI_CHAR, or `limit`. */
function skipUriChars(buf: Buffer, p: number, limit: number): number {
  const ok = URI_CHAR;
  while (
    p + 8 <= limit &&
    ok[buf[p + 7]] !== 0 &&
    (ok[buf[p]] & ok[buf[p + 1]] & ok[buf[p + 2]] & ok[buf[p + 3]] & ok[buf[p + 4]] & ok[buf[p + 5]] & ok[buf[p + 6]]) !== 0
  ) {
    p += 8;
  }
  while (p < limit && ok[buf[p]] !== 0) p++;
  return p;
}

/**
 * The result when the byte at `p` cannot be read: past the head limit (checked first) is
 * HEAD_TOO_LARGE at `p`, otherwise the input ended and the head is PARTIAL.
 */
function stopAt(out: Uint32Array, p: number, headLimit: number): number {
  if (p >= headLimit) return fail(out, WireError.HEAD_TOO_LARGE, p);
  return HEAD_PARTIAL;
}

/**
 * Reads the line end whose first byte, at `p`, is CR or LF: CR LF, or a lone LF with the
 * leniency. Returns the offset after it, or HEAD_PARTIAL / HEAD_ERROR.
 */
function lineEnd(
  buf: Buffer,
  p: number,
  limit: number,
  headLimit: number,
  lenientBareLf: boolean,
  out: Uint32Array,
): number {
  if (buf[p] === LF) return lenientBareLf ? p + 1 : fail(out, WireError.BARE_LF, p);
  if (p + 1 >= limit) return stopAt(out, p + 1, headLimit);
  if (buf[p + 1] !== LF) return fail(out, WireError.BARE_CR, p);
  return p + 2;
}

/**
 * The version at `p`, byte by byte with the spec's errors; the fast path in scanHead takes the
 * well-formed `HTTP/1.1` and `HTTP/1.0`. Returns the minor digit (0 or 1), or HEAD_PARTIAL /
 * HEAD_ERROR.
 */
function scanVersion(buf: Buffer, versionStart: number, limit: number, headLimit: number, out: Uint32Array): number {
  let p = versionStart;
  for (let i = 0; i < HTTP_SLASH.length; i++, p++) {
    if (p >= limit) return stopAt(out, p, headLimit);
    if (buf[p] !== HTTP_SLASH[i]) return fail(out, WireError.INVALID_VERSION, p);
  }
  if (p >= limit) return stopAt(out, p, headLimit);
  const major = buf[p] - DIGIT_0;
  if (major < 0 || major > 9) return fail(out, WireError.INVALID_VERSION, p);
  p++;
  if (p >= limit) return stopAt(out, p, headLimit);
  if (buf[p] !== DOT) return fail(out, WireError.INVALID_VERSION, p);
  p++;
  if (p >= limit) return stopAt(out, p, headLimit);
  const minor = buf[p] - DIGIT_0;
  if (minor < 0 || minor > 9) return fail(out, WireError.INVALID_VERSION, p);
  if (major !== 1 || minor > 1) return fail(out, WireError.UNSUPPORTED_VERSION, versionStart);
  return minor;
}

/**
 * Scans one head starting at `begin` and writes its record at word `w`. Returns the offset just
 * past its blank line, or HEAD_PARTIAL / HEAD_ERROR.
 */
function scanHead(
  buf: Buffer,
  begin: number,
  end: number,
  out: Uint32Array,
  w: number,
  maxHead: number,
  maxTarget: number,
  maxHeaders: number,
  lenientBareLf: boolean,
): number {
  const headLimit = begin + maxHead;
  const limit = headLimit < end ? headLimit : end;
  let p = begin;
  let c = 0;

  // Leading empty lines (RFC 9112 §2.2).
  for (;;) {
    if (p >= limit) return stopAt(out, p, headLimit);
    c = buf[p];
    if (c !== CR && c !== LF) break;
    p = lineEnd(buf, p, limit, headLimit, lenientBareLf, out);
    if (p < 0) return p;
  }

  // Method: 1*tchar SP.
  const headStart = p;
  if (TCHAR[c] === 0) return fail(out, WireError.INVALID_METHOD, p);
  p++;
  while (p < limit && TCHAR[buf[p]] !== 0) p++;
  if (p >= limit) return stopAt(out, p, headLimit);
  if (buf[p] !== SP) return fail(out, WireError.INVALID_METHOD, p);
  const method = methodId(buf, headStart, p - headStart);
  out[w + F_METHOD] = method;
  out[w + F_METHOD_LEN] = p - headStart;
  p++;

  // Request-target: 1*URI_CHAR SP, at most maxTarget bytes.
  const targetStart = p;
  const targetLimit = targetStart + maxTarget;
  const runLimit = targetLimit < limit ? targetLimit : limit;
  p = skipUriChars(buf, p, runLimit);
  if (p >= limit) return stopAt(out, p, headLimit);
  c = buf[p];
  if (p >= targetLimit && c !== SP) return fail(out, WireError.TARGET_TOO_LONG, p);
  if (c !== SP || p === targetStart) return fail(out, WireError.INVALID_TARGET, p);
  const form = targetForm(buf, targetStart, p - targetStart, method);
  if (form === FORM_INVALID) return fail(out, WireError.INVALID_TARGET, targetStart);
  out[w + F_TARGET_START] = targetStart;
  out[w + F_TARGET_LEN] = p - targetStart;
  out[w + F_TARGET_FORM] = form;
  p++;

  // Version: "HTTP/" DIGIT "." DIGIT, then 1.0 or 1.1 only.
  let minor = 0;
  if (p + 8 <= limit && word4(buf, p) === HTTP && (word4(buf, p + 4) === SLASH_1_DOT_1 || word4(buf, p + 4) === SLASH_1_DOT_0)) {
    minor = buf[p + 7] - DIGIT_0;
  } else {
    minor = scanVersion(buf, p, limit, headLimit, out);
    if (minor < 0) return minor;
  }
  out[w + F_VERSION_MINOR] = minor;
  p += 8;

  // End of the request line.
  if (p >= limit) return stopAt(out, p, headLimit);
  c = buf[p];
  if (c !== CR && c !== LF) return fail(out, WireError.INVALID_REQUEST_LINE, p);
  p = lineEnd(buf, p, limit, headLimit, lenientBareLf, out);
  if (p < 0) return p;

  // Header lines, until the blank line.
  let headerCount = 0;
  let h = w + REC_FIXED;
  // Known-header ids seen, and seen more than once, as bits (1 << id), for the end checks.
  let seen = 0;
  let repeated = 0;
  for (;;) {
    if (p >= limit) return stopAt(out, p, headLimit);
    c = buf[p];
    // A tchar starts a field line. The spec's order (line end, OBS_FOLD, TOO_MANY_HEADERS, name)
    // is kept: CR, LF, SP and HTAB are not tchars, so testing for a tchar first changes nothing.
    if (TCHAR[c] === 0) {
      if (c === CR || c === LF) {
        p = lineEnd(buf, p, limit, headLimit, lenientBareLf, out);
        if (p < 0) return p;
        break;
      }
      if (c === SP || c === HTAB) return fail(out, WireError.OBS_FOLD, p);
      if (headerCount === maxHeaders) return fail(out, WireError.TOO_MANY_HEADERS, p);
      return fail(out, WireError.INVALID_HEADER_NAME, p);
    }
    if (headerCount === maxHeaders) return fail(out, WireError.TOO_MANY_HEADERS, p);

    // Name: 1*tchar ":".
    const nameStart = p;
    p = skipTchars(buf, p + 1, limit);
    if (p >= limit) return stopAt(out, p, headLimit);
    if (buf[p] !== COLON) return fail(out, WireError.INVALID_HEADER_NAME, p);
    const nameLength = p - nameStart;
    p++;

    // Value: OWS, field bytes, then the line end; trimmed of the whitespace around it.
    while (p < limit && (buf[p] === SP || buf[p] === HTAB)) p++;
    const valueStart = p;
    p = skipFieldLineBytes(buf, p, limit);
    let valueEnd = p;
    while (valueEnd > valueStart && (buf[valueEnd - 1] === SP || buf[valueEnd - 1] === HTAB)) valueEnd--;
    if (p + 1 < limit && buf[p] === CR && buf[p + 1] === LF) {
      p += 2;
    } else {
      // The uncommon endings: input or limit reached, a lone LF, a bare CR, a control byte.
      if (p >= limit) return stopAt(out, p, headLimit);
      c = buf[p];
      if (c !== CR && c !== LF) return fail(out, WireError.INVALID_HEADER_VALUE, p);
      p = lineEnd(buf, p, limit, headLimit, lenientBareLf, out);
      if (p < 0) return p;
    }

    out[h] = nameStart;
    out[h + 1] = nameLength;
    out[h + 2] = valueStart;
    out[h + 3] = valueEnd - valueStart;
    const id = knownHeaderId(buf, nameStart, nameLength);
    out[h + 4] = id;
    repeated |= seen & (1 << id);
    seen |= 1 << id;
    h += HEADER_WORDS;
    headerCount++;
  }

  out[w + F_WORDS] = REC_FIXED + HEADER_WORDS * headerCount;
  out[w + F_HEAD_START] = headStart;
  out[w + F_HEAD_END] = p;
  out[w + F_HEADER_COUNT] = headerCount;
  out[w + 14] = 0;
  out[w + 15] = 0;
  if (checkHead(buf, out, w, seen, repeated) === HEAD_ERROR) return HEAD_ERROR;
  return p;
}
