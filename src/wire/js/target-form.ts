/**
 * The request-target form check (docs/wire-spec.md §3, RFC 9112 §3.2), made when the SP that
 * ends the target is read. The bytes are already known to be URI_CHARs.
 */
import {
  FORM_ABSOLUTE,
  FORM_ASTERISK,
  FORM_AUTHORITY,
  FORM_ORIGIN,
  METHOD_CONNECT,
  METHOD_OPTIONS,
} from '../layout.js';

/** Returned when the target's form is not allowed for the method (INVALID_TARGET). */
export const FORM_INVALID = -1;

const SLASH = 0x2f;
const COLON = 0x3a;
const QUESTION = 0x3f;
const AT = 0x40;
const ASTERISK = 0x2a;

/** Form of the target `buf[start, start + length)` sent with `method`, or FORM_INVALID. */
export function targetForm(buf: Uint8Array, start: number, length: number, method: number): number {
  const first = buf[start];
  if (length === 1 && first === ASTERISK) {
    return method === METHOD_OPTIONS ? FORM_ASTERISK : FORM_INVALID;
  }
  if (method === METHOD_CONNECT) return isAuthority(buf, start, start + length) ? FORM_AUTHORITY : FORM_INVALID;
  if (first === SLASH) return FORM_ORIGIN;
  return isAbsolute(buf, start, start + length) ? FORM_ABSOLUTE : FORM_INVALID;
}

/**
 * authority-form as the spec narrows it: `host ":" port`, host non-empty, port 1*DIGIT after the
 * last ':', and no '/', '?' or '@' anywhere (no path, query or userinfo).
 */
function isAuthority(buf: Uint8Array, start: number, end: number): boolean {
  let lastColon = -1;
  for (let i = start; i < end; i++) {
    const b = buf[i];
    if (b === SLASH || b === QUESTION || b === AT) return false;
    if (b === COLON) lastColon = i;
  }
  if (lastColon <= start || lastColon + 1 >= end) return false;
  for (let i = lastColon + 1; i < end; i++) {
    const b = buf[i];
    if (b < 0x30 || b > 0x39) return false;
  }
  return true;
}

/** absolute-form: `scheme ":"` and at least one byte after, RFC 3986 §3.1 scheme. */
function isAbsolute(buf: Uint8Array, start: number, end: number): boolean {
  const first = buf[start];
  if (!((first >= 0x41 && first <= 0x5a) || (first >= 0x61 && first <= 0x7a))) return false;
  for (let i = start + 1; i < end; i++) {
    const b = buf[i];
    if (b === COLON) return i + 1 < end;
    const isSchemeByte =
      (b >= 0x41 && b <= 0x5a) ||
      (b >= 0x61 && b <= 0x7a) ||
      (b >= 0x30 && b <= 0x39) ||
      b === 0x2b || // '+'
      b === 0x2d || // '-'
      b === 0x2e; // '.'
    if (!isSchemeByte) return false;
  }
  return false;
}
