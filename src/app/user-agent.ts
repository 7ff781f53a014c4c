/**
 * GET and HEAD /user-agent: the User-Agent field's value as `text/plain` (empty without one),
 * sent from the request's own bytes.
 */
import type { HeadTemplate, Responses } from '../http/compiled.js';
import type { Handler, PendingResponse, Reply } from '../http/handler.js';
import type { RequestView } from '../http/request.js';
import { H_USER_AGENT } from '../wire/layout.js';

export class UserAgentHandler implements Handler {
  private readonly head: HeadTemplate;

  constructor(responses: Responses) {
    this.head = responses.head(200, ['Content-Type', 'text/plain']);
  }

  handle(request: RequestView, reply: Reply): PendingResponse | null {
    const h = request.findHeader(H_USER_AGENT);
    if (h < 0) reply.compiled(this.head, request.buf, 0, 0);
    else reply.compiled(this.head, request.buf, request.valueStart(h), request.valueEnd(h));
    return null;
  }
}
