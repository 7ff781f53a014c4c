/**
 * Response plans onto a node:http `ServerResponse`, for ferroserve's features mounted in a
 * `node:http` (or Express) server through createHandler. node:http writes the head, adds
 * `Connection` and `Date` and frames bodies of unknown length; ferroserve decides Content-Length
 * by the same rule as its own transport (framing.ts: none on 1xx, 204 and 304).
 */
import type { ServerResponse } from 'node:http';
import type { FixedResponse, HeadTemplate } from '../http/compiled.js';
import { statusAllowsContent } from '../http/framing.js';
import type { Reply } from '../http/handler.js';
import type { BodySource, ByteSink, ResponsePlan } from '../http/plan.js';
import { REASON_PHRASE } from '../wire/js/reason-phrases.js';

export class NodeReply implements Reply {
  constructor(
    private readonly res: ServerResponse,
    /** The request was HEAD: the GET's header fields, no body. */
    private readonly head: boolean,
  ) {}

  get remoteAddress(): string | undefined {
    return this.res.socket?.remoteAddress;
  }

  compiled(template: HeadTemplate, body: Buffer | null, start: number, end: number): void {
    this.send(template.status, template.fields, end - start, body === null ? null : body.subarray(start, end));
  }

  fixed(response: FixedResponse): void {
    this.send(response.status, response.fields, 0, null);
  }

  plan(plan: ResponsePlan): void {
    const headers = plan.headers;
    const [status, fields] = Array.isArray(headers)
      ? [plan.status, headers as readonly string[]]
      : [(headers as HeadTemplate).status, (headers as HeadTemplate).fields];
    const body = plan.body;
    switch (body.kind) {
      case 'none':
        this.send(status, fields, 0, null);
        return;
      case 'bytes':
        this.send(status, fields, body.bytes.length, body.bytes);
        return;
      case 'sized':
        this.stream(status, fields, body.length, body.source);
        return;
      case 'stream':
        this.stream(status, fields, -1, body.source);
        return;
    }
  }

  private writeHead(status: number, fields: readonly string[], length: number): boolean {
    const withContent = statusAllowsContent(status);
    const all = withContent && length >= 0 ? [...fields, 'Content-Length', String(length)] : [...fields];
    // The wire's reason phrases (RFC 9110's), the same on both transports.
    const reason = REASON_PHRASE[status];
    if (reason) this.res.writeHead(status, reason, all);
    else this.res.writeHead(status, all);
    return withContent && !this.head;
  }

  private send(status: number, fields: readonly string[], length: number, body: Buffer | null): void {
    const sendsBody = this.writeHead(status, fields, length);
    if (sendsBody && body !== null && body.length > 0) this.res.end(body);
    else this.res.end();
  }

  private stream(status: number, fields: readonly string[], length: number, source: BodySource): void {
    const sendsBody = this.writeHead(status, fields, length);
    if (!sendsBody || length === 0) {
      source.dispose();
      this.res.end();
      return;
    }
    const res = this.res;
    source.pipeTo(res as unknown as ByteSink, (complete) => {
      // Fewer bytes than the Content-Length: the only honest end is to close.
      if (complete) res.end();
      else res.destroy();
    });
  }
}
