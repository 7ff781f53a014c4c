/**
 * GET and HEAD /echo/{str}: `{str}` percent-decoded once, as `text/plain`, gzip-encoded when
 * the request's Accept-Encoding accepts gzip; a malformed escape is 400. Answered with a compiled
 * head, from the request's own bytes when there is nothing to decode (no Buffer made per request).
 */
import { acceptsGzip } from '../http/accept-encoding.js';
import { gzipSmall } from '../http/gzip.js';
import type { FixedResponse, HeadTemplate, Responses } from '../http/compiled.js';
import type { Handler, PendingResponse, Reply } from '../http/handler.js';
import { hasEscapes, percentDecode } from '../http/percent.js';
import type { RequestView } from '../http/request.js';
import { H_ACCEPT_ENCODING } from '../wire/layout.js';

export const ECHO_PREFIX = '/echo/';

export class EchoHandler implements Handler {
  /** Both carry Vary: the body depends on Accept-Encoding either way (RFC 9110 §12.5.5). */
  private readonly plain: HeadTemplate;
  private readonly gzip: HeadTemplate;
  private readonly badEscape: FixedResponse;

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
    this.badEscape = responses.fixed(400);
  }

  handle(request: RequestView, reply: Reply): PendingResponse | null {
    const src = request.pathBuf;
    let start = request.pathStart + ECHO_PREFIX.length;
    let end = request.pathEnd;
    let text = src;
    if (hasEscapes(src, start, end)) {
      const decoded = percentDecode(src, start, end);
      if (decoded === null) {
        reply.fixed(this.badEscape);
        return null;
      }
      text = decoded;
      start = 0;
      end = decoded.length;
    }
    if (acceptsGzip(request.headerList(H_ACCEPT_ENCODING))) {
      const zipped = gzipSmall(text.subarray(start, end));
      reply.compiled(this.gzip, zipped, 0, zipped.length);
      return null;
    }
    reply.compiled(this.plain, text, start, end);
    return null;
  }
}
