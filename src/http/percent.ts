/**
 * Percent-decoding of a request-target component (RFC 3986 §2.1), done exactly once.
 * Works on bytes: the target is ASCII on the wire and the decoded bytes may be any octets
 * (UTF-8 text, usually). A `%` not followed by two hex digits makes the whole input invalid.
 */

const NOT_HEX = -1;

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x41 + 10;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10;
  return NOT_HEX;
}

const PERCENT = 0x25;

/**
 * Whether `src[start, end)` has anything to decode (a `%`). A loop, not `indexOf`: paths are
 * short, and `indexOf` is a call into C++ that would scan on past `end`, through every request
 * pipelined after this one.
 */
export function hasEscapes(src: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (src[i] === PERCENT) return true;
  return false;
}

/**
 * Decodes `src[start, end)`. Returns a view of `src` itself when there is nothing to decode
 * (the common case: no copy), a new Buffer otherwise, or null for a malformed escape.
 */
export function percentDecode(src: Buffer, start: number, end: number): Buffer | null {
  let first = start;
  while (first < end && src[first] !== PERCENT) first++;
  if (first === end) return src.subarray(start, end);
  const out = Buffer.allocUnsafe(end - start);
  let written = src.copy(out, 0, start, first);
  for (let i = first; i < end; i++) {
    const byte = src[i];
    if (byte !== PERCENT) {
      out[written++] = byte;
      continue;
    }
    if (i + 2 >= end) return null;
    const high = hexValue(src[i + 1]);
    const low = hexValue(src[i + 2]);
    if (high === NOT_HEX || low === NOT_HEX) return null;
    out[written++] = (high << 4) | low;
    i += 2;
  }
  return out.subarray(0, written);
}
