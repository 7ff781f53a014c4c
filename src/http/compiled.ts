/**
 * Compiled response plans: heads whose status and fields never change, serialised once by the
 * one `ResponseWriter` (the wire's `writeResponse`, chosen in one place: server/server.ts)
 * instead of once per response. This is where the in-memory routes' speed lives.
 *
 * - a `HeadTemplate` holds, per connection mode, the status line and header lines the writer
 *   made once (again each second with `--date`); a response is that prefix, its framing line
 *   (framing.ts decides which) and its body, copied straight into the out batch;
 * - a `FixedResponse` is a whole response with no content whose bytes never change (`GET /`,
 *   404, 405, errors), reused for every request.
 */
import { DateClock } from './date-clock.js';
import { CLOSE, CONN_MODES, connectionHeader, type ConnMode } from './conn-mode.js';
import { statusAllowsContent, type Framing } from './framing.js';
import type { OutBatch } from './out-batch.js';
import { NO_BODY, type ResponsePlan } from './plan.js';

export type ResponseWriter = (
  status: number,
  headers: readonly string[],
  contentLength: number,
  body?: Buffer,
) => Buffer;

const CONTENT_LENGTH = 'Content-Length: ';
const CHUNKED_LINES = Buffer.from('Transfer-Encoding: chunked\r\n\r\n', 'latin1');
const END_OF_HEAD = Buffer.from('\r\n', 'latin1');
const CR = 0x0d;
const LF = 0x0a;
const DIGIT_0 = 0x30;
/** `Content-Length: `, CRLF CRLF: the length lines without their digits. */
const LENGTH_LINES_FIXED = CONTENT_LENGTH.length + 4;

/** The status and headers of one kind of response, preformatted per connection mode. */
export class HeadTemplate {
  /** Per mode: the writer's head up to and including the last header line's CRLF. */
  private readonly prefixes: Buffer[] = [];
  private stamp = -1;

  /** False for 1xx, 204 and 304: their heads never carry Content-Length (framing.ts). */
  readonly allowsContent: boolean;

  constructor(
    private readonly write: ResponseWriter,
    private readonly clock: DateClock | null,
    readonly status: number,
    /** The fields besides framing, Connection and Date (flat name, value list). */
    readonly fields: readonly string[],
  ) {
    this.allowsContent = statusAllowsContent(status);
    this.build();
  }

  /**
   * The preformatted head for `mode` (without Content-Length). The same Buffer until the Date
   * changes, so it also identifies the head (the small-file cache keys responses by it).
   */
  prefix(mode: ConnMode): Buffer {
    const clock = this.clock;
    if (clock !== null && clock.stamp() !== this.stamp) this.build();
    return this.prefixes[mode];
  }

  /**
   * Appends the response to `out`: the head with `contentLength`, then `body[start, end)` unless
   * null (HEAD). A status without content gets neither.
   */
  writeTo(out: OutBatch, mode: ConnMode, contentLength: number, body: Buffer | null, start: number, end: number): void {
    const prefix = this.prefix(mode);
    if (!this.allowsContent) {
      out.append(prefix);
      out.append(END_OF_HEAD);
      return;
    }
    const digits = decimalDigits(contentLength);
    const at = out.claim(prefix.length + LENGTH_LINES_FIXED + digits + (body === null ? 0 : end - start));
    const target = out.target;
    target.set(prefix, at);
    const o = writeLengthLines(target, at + prefix.length, contentLength, digits);
    if (body !== null) copySmall(body, start, end, target, o);
  }

  /** The head for `framing` as a Buffer of its own (for responses whose body follows apart). */
  headFor(mode: ConnMode, framing: Framing): Buffer {
    const prefix = this.prefix(mode);
    switch (framing.kind) {
      case 'length':
        return this.bytes(mode, framing.length);
      case 'chunked':
        return Buffer.concat([prefix, CHUNKED_LINES]);
      case 'bodiless':
      case 'head-unknown':
      case 'until-close':
        return Buffer.concat([prefix, END_OF_HEAD]);
    }
  }

  /** The response as a Buffer of its own (for responses that settle later). */
  bytes(mode: ConnMode, contentLength: number, body?: Buffer): Buffer {
    const prefix = this.prefix(mode);
    if (!this.allowsContent) return Buffer.concat([prefix, END_OF_HEAD]);
    const digits = decimalDigits(contentLength);
    const bytes = Buffer.allocUnsafe(prefix.length + LENGTH_LINES_FIXED + digits + (body === undefined ? 0 : body.length));
    const o = writeLengthLines(bytes, prefix.copy(bytes, 0), contentLength, digits);
    if (body !== undefined) body.copy(bytes, o);
    return bytes;
  }

  private build(): void {
    if (this.clock !== null) this.stamp = this.clock.stamp();
    for (const mode of CONN_MODES) {
      // Without a Content-Length the writer ends the head with CRLF CRLF; the last CRLF goes.
      const head = this.write(this.status, headerList(this.fields, mode, this.clock), -1);
      this.prefixes[mode] = head.subarray(0, head.length - 2);
    }
  }
}

/** `base`, then the Connection header of `mode`, then Date when enabled: every head's order. */
function headerList(base: readonly string[], mode: ConnMode, clock: DateClock | null): string[] {
  const list = [...base, ...connectionHeader(mode)];
  if (clock !== null) list.push('Date', clock.current());
  return list;
}

/** Below this many bytes, a JS loop copies faster than `Buffer.copy` (a call into C++). */
const LOOP_COPY_LIMIT = 64;

/** Copies `src[start, end)` to `target` at `at`. */
function copySmall(src: Buffer, start: number, end: number, target: Buffer, at: number): void {
  if (end - start < LOOP_COPY_LIMIT) {
    for (let i = start; i < end; i++) target[at++] = src[i];
  } else {
    src.copy(target, at, start, end);
  }
}

function decimalDigits(n: number): number {
  let digits = 1;
  for (let rest = Math.floor(n / 10); rest > 0; rest = Math.floor(rest / 10)) digits++;
  return digits;
}

/**
 * `Content-Length: n` CRLF CRLF at `o` (n has `digits` digits), exactly as the wire's writer
 * ends a head; returns the offset after it.
 */
function writeLengthLines(target: Buffer, o: number, contentLength: number, digits: number): number {
  for (let i = 0; i < CONTENT_LENGTH.length; i++) target[o++] = CONTENT_LENGTH.charCodeAt(i);
  for (let n = contentLength, d = o + digits - 1; d >= o; d--, n = Math.floor(n / 10)) target[d] = DIGIT_0 + (n % 10);
  o += digits;
  target[o++] = CR;
  target[o++] = LF;
  target[o++] = CR;
  target[o++] = LF;
  return o;
}

/**
 * A response with no content whose bytes depend only on the connection mode (and the Date, when
 * enabled): `Content-Length: 0` where the status allows content, no framing field where not.
 */
export class FixedResponse {
  private readonly bytes: (Buffer | null)[] = [null, null, null];
  private stamp = -1;

  constructor(
    private readonly write: ResponseWriter,
    private readonly clock: DateClock | null,
    readonly status: number,
    readonly fields: readonly string[],
  ) {}

  get(mode: ConnMode): Buffer {
    const clock = this.clock;
    if (clock !== null) {
      const stamp = clock.stamp();
      if (stamp !== this.stamp) {
        this.stamp = stamp;
        this.bytes.fill(null);
      }
    }
    let bytes = this.bytes[mode];
    if (bytes === null) {
      bytes = this.write(this.status, headerList(this.fields, mode, clock), statusAllowsContent(this.status) ? 0 : -1);
      this.bytes[mode] = bytes;
    }
    return bytes;
  }

  writeTo(out: OutBatch, mode: ConnMode): void {
    out.append(this.get(mode));
  }
}

/** The interim response that invites the body of an `Expect: 100-continue` request. */
export const CONTINUE_100 = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');

/**
 * Header fields an empty answer of a status always carries: a 503 (a transient fault, such as
 * descriptors used up) says when to try again (RFC 9110 §10.2.3).
 */
const EMPTY_PLAN_FIELDS: Readonly<Record<number, readonly string[]>> = { 503: ['Retry-After', '1'] };

export class Responses {
  private readonly empties = new Map<number, FixedResponse>();
  private readonly emptyPlans = new Map<number, ResponsePlan>();

  constructor(
    readonly write: ResponseWriter,
    readonly clock: DateClock | null,
  ) {}

  /** A head template of `status` with the `base` headers (flat name, value list). */
  head(status: number, base: readonly string[]): HeadTemplate {
    return new HeadTemplate(this.write, this.clock, status, base);
  }

  /** A preformatted response with no content and the given headers. */
  fixed(status: number, base: readonly string[] = []): FixedResponse {
    return new FixedResponse(this.write, this.clock, status, base);
  }

  /** An empty-bodied response of `status` without other headers (errors, 201, ...), cached. */
  empty(status: number, mode: ConnMode): Buffer {
    let fixed = this.empties.get(status);
    if (fixed === undefined) {
      fixed = this.fixed(status);
      this.empties.set(status, fixed);
    }
    return fixed.get(mode);
  }

  /**
   * The plan of a response of `status` with no content and no other header fields than its
   * status always carries (an upload's 201 or 204, a refusal), cached: its head is compiled once.
   */
  emptyPlan(status: number): ResponsePlan {
    let plan = this.emptyPlans.get(status);
    if (plan === undefined) {
      plan = { status, headers: this.head(status, EMPTY_PLAN_FIELDS[status] ?? []), body: NO_BODY };
      this.emptyPlans.set(status, plan);
    }
    return plan;
  }

  /** An empty-bodied error response that closes the connection. */
  closing(status: number): Buffer {
    return this.empty(status, CLOSE);
  }
}
