/**
 * GET and HEAD /echo/{str}: `{str}` percent-decoded once, as `text/plain`, gzip-encoded when
 * the request's Accept-Encoding accepts gzip. Written straight into the out batch, from the
 * request's own bytes when there is nothing to decode (no Buffer made per request).
 */
import { acceptsGzip } from '../http/accept-encoding.js';
import { gzipSmall } from '../http/gzip.js';
import type { OutBatch } from '../http/out-batch.js';
import { hasEscapes, percentDecode } from '../http/percent.js';
import type { RequestView } from '../http/request.js';
import type { HeadTemplate, Responses } from '../http/responses.js';
import { H_ACCEPT_ENCODING } from '../wire/layout.js';

export const ECHO_PREFIX = '/echo/';

export class EchoRoute {
  /** Both carry Vary: the body depends on Accept-Encoding either way (RFC 9110 §12.5.5). */
  private readonly plain: HeadTemplate;
  private readonly gzip: HeadTemplate;

  constructor(responses: Responses) {
    this.plain = responses.head(200, ['Content-Type', 'text/plain', 'Vary', 'Accept-Encoding']);
    this.gzip = responses.head(200, [
      'Content-Type',
      'text/plain',
      'Content-Encoding',
      'gzip',
      'Vary',
      'Accept-Encoding',
    ]);
  }

  /**
   * Answers GET (`headOnly` false) or HEAD into `out`; false, with nothing written, when the
   * echoed text has a malformed escape.
   */
  answer(request: RequestView, headOnly: boolean, out: OutBatch): boolean {
    const src = request.pathBuf;
    let start = request.pathStart + ECHO_PREFIX.length;
    let end = request.pathEnd;
    let text = src;
    if (hasEscapes(src, start, end)) {
      const decoded = percentDecode(src, start, end);
      if (decoded === null) return false;
      text = decoded;
      start = 0;
      end = decoded.length;
    }
    const mode = request.mode;
    if (acceptsGzip(request.headerList(H_ACCEPT_ENCODING))) {
      const zipped = gzipSmall(text.subarray(start, end));
      this.gzip.writeTo(out, mode, zipped.length, headOnly ? null : zipped, 0, zipped.length);
      return true;
    }
    this.plain.writeTo(out, mode, end - start, headOnly ? null : text, start, end);
    return true;
  }
}
