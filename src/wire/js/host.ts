/**
 * The Host field value (RFC 9112 §3.2, docs/wire-spec.md §3 end-of-head check 1): a server
 * MUST answer 400 to a Host whose value is invalid, and an invalid Host is how a request
 * carries a poisoned authority into absolute URLs, virtual hosts and logs.
 * crates/wire/src/host.rs is the same grammar.
 *
 * ```
 * Host        = uri-host [ ":" port ]                      ; RFC 9112 §3.2, RFC 9110 §7.2
 * uri-host    = IP-literal / IPv4address / reg-name        ; RFC 3986 §3.2.2
 * IP-literal  = "[" ( IPv6address / IPvFuture ) "]"
 * IPvFuture   = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
 * reg-name    = *( unreserved / pct-encoded / sub-delims )
 * pct-encoded = "%" HEXDIG HEXDIG
 * port        = *DIGIT                                     ; RFC 3986 §3.2.3
 * ```
 *
 * IPv4address needs no branch of its own: every IPv4address is also a reg-name, DIGIT and "."
 * being unreserved, so an out-of-range octet like `999.1.1.1` is a valid (if unresolvable)
 * reg-name rather than an invalid Host. IPv6address is checked pragmatically: 1*( HEXDIG / ":" /
 * "." ) with at least two colons (every IPv6address has two: the full form seven, a compressed
 * one its "::"). Its full grammar (at most eight pieces, one "::", an IPv4 tail) is not
 * enforced: what matters here is that nothing but address bytes hides inside the brackets, and
 * the check must stay cheap, as it runs on every request.
 */
import { byteClass, HEX_VALUE } from './tables.js';

const PERCENT = 0x25;
const DOT = 0x2e;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const LOWER_V = 0x76;
const UPPER_V = 0x56;
const NOT_HEX = 255;

/**
 * RFC 3986 §2.3 and §2.2, the bytes of a reg-name other than the '%' of a pct-encoded:
 * ```
 * unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"
 * sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="
 * ```
 */
export const REG_NAME_CHAR: Uint8Array = byteClass(
  (b) =>
    (b >= 0x30 && b <= 0x39) ||
    (b >= 0x41 && b <= 0x5a) ||
    (b >= 0x61 && b <= 0x7a) ||
    "-._~!$&'()*+,;=".includes(String.fromCharCode(b)),
);

/**
 * RFC 3986 §3.2.2, after `"v" 1*HEXDIG "."` of an IPvFuture:
 * ```
 * 1*( unreserved / sub-delims / ":" )
 * ```
 */
export const IPV_FUTURE_CHAR: Uint8Array = byteClass((b) => REG_NAME_CHAR[b] !== 0 || b === COLON);

/**
 * The bytes of an IPv6address, pragmatically (see above):
 * ```
 * HEXDIG / ":" / "."
 * ```
 * ("." for the IPv4 tail of `::ffff:192.0.2.1`).
 */
export const IPV6_CHAR: Uint8Array = byteClass((b) => HEX_VALUE[b] !== NOT_HEX || b === COLON || b === DOT);

/** Returned by the host scanners when the host part is invalid. */
const INVALID = -1;

/**
 * Whether `buf[start, end)` (a trimmed Host field value) is `uri-host [ ":" port ]`. An empty
 * value is valid: reg-name may be empty (RFC 9112 §3.2 sends an empty Host when the target has
 * no authority), and so may the port after its colon.
 */
export function isValidHost(buf: Uint8Array, start: number, end: number): boolean {
  const hostEnd = start < end && buf[start] === OPEN_BRACKET ? ipLiteralEnd(buf, start, end) : regNameEnd(buf, start, end);
  if (hostEnd === INVALID) return false;
  if (hostEnd === end) return true;
  // A byte that can neither continue the host nor start the port: SP, '@', '/', '?', '[' inside
  // a reg-name, anything after ']' but ':'.
  if (buf[hostEnd] !== COLON) return false;
  for (let p = hostEnd + 1; p < end; p++) {
    const b = buf[p];
    if (b < 0x30 || b > 0x39) return false;
  }
  return true;
}

/**
 * End of the reg-name at `start` (the first byte that cannot continue it), or INVALID when a
 * '%' is not followed by two HEXDIGs.
 */
function regNameEnd(buf: Uint8Array, start: number, end: number): number {
  const ok = REG_NAME_CHAR;
  let p = start;
  while (p < end) {
    const b = buf[p];
    if (ok[b] !== 0) {
      p++;
    } else if (b === PERCENT) {
      if (p + 2 >= end || HEX_VALUE[buf[p + 1]] === NOT_HEX || HEX_VALUE[buf[p + 2]] === NOT_HEX) return INVALID;
      p += 3;
    } else {
      break;
    }
  }
  return p;
}

/**
 * End of the IP-literal at `start` (which is '['), just past its ']', or INVALID when it is
 * unclosed or what it encloses is neither an IPv6address nor an IPvFuture.
 */
function ipLiteralEnd(buf: Uint8Array, start: number, end: number): number {
  let close = start + 1;
  while (close < end && buf[close] !== CLOSE_BRACKET) close++;
  if (close === end) return INVALID;
  const first = start + 1;
  // "v" is case-insensitive, as every ABNF literal is (RFC 5234 §2.3).
  if (first < close && (buf[first] === LOWER_V || buf[first] === UPPER_V)) {
    return isIpvFutureTail(buf, first + 1, close) ? close + 1 : INVALID;
  }
  let colons = 0;
  for (let p = first; p < close; p++) {
    const b = buf[p];
    if (IPV6_CHAR[b] === 0) return INVALID;
    if (b === COLON) colons++;
  }
  return colons >= 2 ? close + 1 : INVALID;
}

/** `1*HEXDIG "." 1*( unreserved / sub-delims / ":" )` in `buf[start, end)`: what follows the "v". */
function isIpvFutureTail(buf: Uint8Array, start: number, end: number): boolean {
  let p = start;
  while (p < end && HEX_VALUE[buf[p]] !== NOT_HEX) p++;
  if (p === start || p === end || buf[p] !== DOT) return false;
  p++;
  if (p === end) return false;
  for (; p < end; p++) {
    if (IPV_FUTURE_CHAR[buf[p]] === 0) return false;
  }
  return true;
}
