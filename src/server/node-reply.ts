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

/**
 * The send timeout on node:http, where the host server owns the socket and its timeouts (its
 * `setTimeout` is the host's keep-alive and request timers, not ferroserve's to change): one
 * timer per response, and only while the socket's buffer is full. It is armed when a write is
 * refused (backpressure) or a whole body could not be handed to the kernel, disarmed by 'drain',
 * 'finish' or 'close'; when it fires the response is destroyed, which closes the socket and
 * releases its descriptor (and the file being sent).
 */
export class SendDeadline {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly res: ServerResponse,
    private readonly timeoutMs: number,
  ) {
    const disarm = (): void => this.disarm();
    res.on('drain', disarm);
    res.once('finish', disarm);
    res.once('close', disarm);
  }

  /** Bytes wait for the client: they must make progress within the timeout. */
  arm(): void {
    if (this.timer === null && !this.res.destroyed) this.timer = setTimeout(() => this.res.destroy(), this.timeoutMs);
  }

  private disarm(): void {
    if (this.timer === null) return;
    clearTimeout(this.timer);
    this.timer = null;
  }
}

export class NodeReply implements Reply {
  constructor(
    private readonly res: ServerResponse,
    /** The request was HEAD: the GET's header fields, no body. */
    private readonly head: boolean,
    /** --send-timeout. */
    private readonly sendTimeoutMs: number,
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
    if (sendsBody && body !== null && body.length > 0) {
      this.res.end(body);
      // The body did not all fit in the socket's buffer: the client must read it in time.
      if (this.res.writableNeedDrain) new SendDeadline(this.res, this.sendTimeoutMs).arm();
    } else this.res.end();
  }

  private stream(status: number, fields: readonly string[], length: number, source: BodySource): void {
    const sendsBody = this.writeHead(status, fields, length);
    if (!sendsBody || length === 0) {
      source.dispose();
      this.res.end();
      return;
    }
    const res = this.res;
    const deadline = new SendDeadline(res, this.sendTimeoutMs);
    const sink: ByteSink = {
      write: (bytes) => {
        const accepted = res.write(bytes);
        if (!accepted) deadline.arm();
        return accepted;
      },
      get destroyed() {
        return res.destroyed;
      },
      once: (event, listener) => res.once(event, listener),
      off: (event, listener) => res.off(event, listener),
    };
    source.pipeTo(sink, (complete) => {
      // Fewer bytes than the Content-Length: the only honest end is to close.
      if (complete) res.end();
      else res.destroy();
    });
  }
}
