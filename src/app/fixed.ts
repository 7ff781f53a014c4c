/** A route that always gives the same answer with no content (`GET /` of the challenge: 200). */
import type { FixedResponse } from '../http/compiled.js';
import type { Handler, PendingResponse, Reply } from '../http/handler.js';

export class FixedHandler implements Handler {
  constructor(private readonly response: FixedResponse) {}

  handle(_request: unknown, reply: Reply): PendingResponse | null {
    reply.fixed(this.response);
    return null;
  }
}
