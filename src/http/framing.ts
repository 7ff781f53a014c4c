/**
 * How a response's content is delimited on the wire: the one place that decides it, from the
 * status, the request method and version, and whether the content's length is known
 * (RFC 9110 §6.4.1, §8.6, §9.3.2; RFC 9112 §6.1-6.3). Every response ferroserve writes, compiled
 * heads included, takes its framing from here.
 *
 * - 1xx, 204 and 304 have no content: no Content-Length (§8.6: a server MUST NOT send it in 1xx
 *   or 204; for 304 ferroserve sends none rather than repeat the 200's), no body.
 * - HEAD gets the header fields GET would (its Content-Length when known) and no body.
 * - Content of unknown length is chunked on HTTP/1.1 and delimited by closing the connection on
 *   HTTP/1.0, which has no chunked coding (RFC 9112 §6.3 rule 8).
 */

export type Framing =
  /** 1xx, 204, 304: neither Content-Length nor Transfer-Encoding, no body. */
  | { readonly kind: 'bodiless' }
  /** `Content-Length: length`; the body follows unless the request was HEAD. */
  | { readonly kind: 'length'; readonly length: number; readonly sendBody: boolean }
  /** Unknown length on HTTP/1.1: `Transfer-Encoding: chunked`, then the body in chunks. */
  | { readonly kind: 'chunked' }
  /**
   * HEAD for content of unknown length: no framing header (RFC 9110 §9.3.2 lets a server omit
   * what is only known while generating the content), no body, the connection stays usable.
   */
  | { readonly kind: 'head-unknown' }
  /** Unknown length on HTTP/1.0: no framing header; the body ends when the connection closes. */
  | { readonly kind: 'until-close' };

export const BODILESS: Framing = { kind: 'bodiless' };
const CHUNKED: Framing = { kind: 'chunked' };
const HEAD_UNKNOWN: Framing = { kind: 'head-unknown' };
const UNTIL_CLOSE: Framing = { kind: 'until-close' };

/** Whether a response with `status` may carry content (and so a Content-Length). */
export function statusAllowsContent(status: number): boolean {
  return status >= 200 && status !== 204 && status !== 304;
}

/**
 * The framing of a response with `status` to a request that was HEAD or not, on HTTP/1.`minor`,
 * whose content is `length` bytes long, or of unknown length (`length` < 0).
 */
export function frame(status: number, head: boolean, minor: number, length: number): Framing {
  if (!statusAllowsContent(status)) return BODILESS;
  if (length >= 0) return { kind: 'length', length, sendBody: !head };
  if (head) return HEAD_UNKNOWN;
  return minor >= 1 ? CHUNKED : UNTIL_CLOSE;
}
