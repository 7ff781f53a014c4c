/**
 * The access log (`--log`), as the outermost wrapper around the handler: one line per answer
 * the handler gives, with the status that was sent, the body bytes that were written and the
 * time taken. An answer in memory is logged when it is handed to the transport; a body that
 * streams (a file) is logged when its last byte was written, or when it was cut short, with the
 * bytes that did go. A response whose connection closed before it was ready is logged as 499
 * (nginx's "client closed request"), so no request goes unlogged.
 *
 * Answers the transport gives on its own before any handler runs (a head the wire refuses: 400,
 * 431; 408; a body over --max-body: 413) are logged too, through `refused`: with the method and
 * target when the head was parsed, `-` when it was not.
 */
import { performance } from 'node:perf_hooks';
import { EditingReply, EditedResponse, statusOf } from '../http/edited.js';
import { statusAllowsContent } from '../http/framing.js';
import type { Handler, PendingResponse, RefusalListener, Reply } from '../http/handler.js';
import type { BodySource, ByteSink, ResponsePlan } from '../http/plan.js';
import type { RequestView } from '../http/request.js';
import { METHOD_HEAD } from '../wire/layout.js';
import { type Exchange, formatLine, type LineFormat } from './log-line.js';
import type { LogWriter } from './log-writer.js';

/** What the log keeps of a request, copied before the view moves on. */
interface Arrival {
  readonly remote: string | undefined;
  readonly method: string;
  readonly target: string;
  readonly versionMinor: number;
  readonly head: boolean;
  readonly referer: string | undefined;
  readonly userAgent: string | undefined;
  readonly at: number;
  readonly started: number;
}

/** Status logged for a response whose client left before it was ready. */
export const CLIENT_CLOSED = 499;

export class AccessLog implements Handler, RefusalListener {
  constructor(
    private readonly inner: Handler,
    private readonly writer: LogWriter,
    private readonly format: LineFormat,
    private readonly colour: boolean,
  ) {}

  handle(request: RequestView, reply: Reply): PendingResponse | null {
    const arrival: Arrival = {
      remote: reply.remoteAddress,
      method: request.methodText,
      target: request.targetText,
      versionMinor: request.versionMinor,
      head: request.method === METHOD_HEAD,
      referer: request.header('referer'),
      userAgent: request.header('user-agent'),
      at: Date.now(),
      started: performance.now(),
    };
    const record = new LogRecord(this, arrival);
    const pending = this.inner.handle(request, new EditingReply(reply, record.observe));
    return pending === null ? null : new EditedResponse(pending, record.observe, record.cancelled);
  }

  refused(status: number, request: RequestView | null, remoteAddress: string | undefined): void {
    const now = performance.now();
    const arrival: Arrival = {
      remote: remoteAddress,
      method: request === null ? '-' : request.methodText,
      target: request === null ? '-' : request.targetText,
      versionMinor: request === null ? 1 : request.versionMinor,
      head: false,
      referer: request?.header('referer'),
      userAgent: request?.header('user-agent'),
      at: Date.now(),
      started: now,
    };
    this.write(arrival, status, 0, true);
  }

  write(arrival: Arrival, status: number, bytes: number, complete: boolean): void {
    const exchange: Exchange = {
      remote: arrival.remote,
      method: arrival.method,
      target: arrival.target,
      versionMinor: arrival.versionMinor,
      status,
      bytes,
      ms: performance.now() - arrival.started,
      complete,
      referer: arrival.referer,
      userAgent: arrival.userAgent,
      at: arrival.at,
    };
    this.writer.line(formatLine(this.format, exchange, this.colour));
  }
}

/** One request's way to its log line: written exactly once. */
class LogRecord {
  private logged = false;

  constructor(
    private readonly log: AccessLog,
    private readonly arrival: Arrival,
  ) {}

  readonly observe = (plan: ResponsePlan): ResponsePlan => {
    const status = statusOf(plan);
    const body = plan.body;
    const sendsBody = !this.arrival.head && statusAllowsContent(status);
    switch (body.kind) {
      case 'none':
        this.done(status, 0, true);
        return plan;
      case 'bytes':
        this.done(status, sendsBody ? body.bytes.length : 0, true);
        return plan;
      case 'sized':
        return { status: plan.status, headers: plan.headers, body: { kind: 'sized', length: body.length, source: new CountedSource(body.source, (bytes, complete) => this.done(status, bytes, complete)) } };
      case 'stream':
        return { status: plan.status, headers: plan.headers, body: { kind: 'stream', source: new CountedSource(body.source, (bytes, complete) => this.done(status, bytes, complete)) } };
    }
  };

  readonly cancelled = (): void => this.done(CLIENT_CLOSED, 0, false);

  private done(status: number, bytes: number, complete: boolean): void {
    if (this.logged) return;
    this.logged = true;
    this.log.write(this.arrival, status, bytes, complete);
  }
}

/**
 * A body source that counts the bytes it writes and reports once: when it is written to its
 * end, cut short, or disposed of without being written (HEAD, a connection gone).
 */
class CountedSource implements BodySource, ByteSink {
  private bytes = 0;
  private out: ByteSink | null = null;

  constructor(
    private readonly inner: BodySource,
    private readonly report: (bytes: number, complete: boolean) => void,
  ) {}

  pipeTo(out: ByteSink, done: (complete: boolean) => void): void {
    this.out = out;
    this.inner.pipeTo(this, (complete) => {
      this.report(this.bytes, complete);
      done(complete);
    });
  }

  dispose(): void {
    this.inner.dispose();
    // Not written at all (a HEAD, a status without content), or abandoned mid-way.
    this.report(this.bytes, this.out === null);
  }

  write(bytes: Buffer): boolean {
    this.bytes += bytes.length;
    return this.out!.write(bytes);
  }

  get destroyed(): boolean {
    return this.out!.destroyed;
  }

  once(event: 'drain' | 'close', listener: () => void): unknown {
    return this.out!.once(event, listener);
  }

  off(event: 'drain' | 'close', listener: () => void): unknown {
    return this.out!.off(event, listener);
  }
}
