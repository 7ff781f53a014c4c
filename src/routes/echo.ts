/**
 * GET and HEAD /echo/{str}: `{str}` percent-decoded once, as `text/plain`, gzip-encoded when
 * the request's Accept-Encoding accepts gzip. Answered at once, from the request's own bytes
 * when there is nothing to decode (no copy before the writer).
 */
import { acceptsGzip } from '../http/accept-encoding.js';
import { gzipSmall } from '../http/gzip.js';
import { percentDecode } from '../http/percent.js';
import type { RequestView } from '../http/request.js';
import type { HeaderSet, Responses } from '../http/responses.js';
import { H_ACCEPT_ENCODING } from '../wire/layout.js';

export const ECHO_PREFIX = '/echo/';

export class EchoRoute {
  /** Both carry Vary: the body depends on Accept-Encoding either way (RFC 9110 §12.5.5). */
  private readonly plain: HeaderSet;
  private readonly gzip: HeaderSet;

  constructor(private readonly responses: Responses) {
    this.plain = responses.headerSet(['Content-Type', 'text/plain', 'Vary', 'Accept-Encoding']);
    this.gzip = responses.headerSet([
      'Content-Type',
      'text/plain',
      'Content-Encoding',
      'gzip',
      'Vary',
      'Accept-Encoding',
    ]);
  }

  /** Answers GET (`headOnly` false) or HEAD; null when the echoed text has a malformed escape. */
  answer(request: RequestView, headOnly: boolean): Buffer | null {
    const text = percentDecode(request.pathBuf, request.pathStart + ECHO_PREFIX.length, request.pathEnd);
    if (text === null) return null;
    const mode = request.mode;
    if (acceptsGzip(request.headerList(H_ACCEPT_ENCODING))) {
      const zipped = gzipSmall(text);
      return this.responses.write(200, this.gzip.get(mode), zipped.length, headOnly ? undefined : zipped);
    }
    return this.responses.write(200, this.plain.get(mode), text.length, headOnly ? undefined : text);
  }
}
