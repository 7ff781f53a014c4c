/**
 * Building response bytes. Every head is serialised by one `ResponseWriter` (the wire's
 * `writeResponse`, chosen in one place: server.ts), but not once per response:
 *
 * - a `HeadTemplate` holds, per connection mode, the status line and header lines the writer
 *   made once (again each second with `--date`); a response is that prefix, its
 *   `Content-Length` line and its body, copied straight into the out batch;
 * - a `FixedResponse` is a whole response whose bytes never change (`GET /`, 404, 405,
 *   errors), reused for every request.
 */
import { DateClock } from './date-clock.js';
import { CLOSE, CONN_MODES, connectionHeader, type ConnMode } from './conn-mode.js';
import type { OutBatch } from './out-batch.js';

export type ResponseWriter = (
  status: number,
  headers: readonly string[],
  contentLength: number,
  body?: Buffer,
) => Buffer;

const CONTENT_LENGTH = 'Content-Length: ';
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

  constructor(
    private readonly write: ResponseWriter,
    private readonly clock: DateClock | null,
    private readonly status: number,
    private readonly base: readonly string[],
  ) {
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

  /** Appends the response to `out`: the head with `contentLength`, then `body[start, end)` unless null. */
  writeTo(out: OutBatch, mode: ConnMode, contentLength: number, body: Buffer | null, start: number, end: number): void {
    const prefix = this.prefix(mode);
    const digits = decimalDigits(contentLength);
    const at = out.claim(prefix.length + LENGTH_LINES_FIXED + digits + (body === null ? 0 : end - start));
    const target = out.target;
    target.set(prefix, at);
    const o = writeLengthLines(target, at + prefix.length, contentLength, digits);
    if (body !== null) copySmall(body, start, end, target, o);
  }

  /** The response as a Buffer of its own (for responses that settle later). */
  bytes(mode: ConnMode, contentLength: number, body?: Buffer): Buffer {
    const prefix = this.prefix(mode);
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
      const head = this.write(this.status, headerList(this.base, mode, this.clock), -1);
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

/** A response whose bytes depend only on the connection mode (and the Date, when enabled). */
export class FixedResponse {
  private readonly bytes: (Buffer | null)[] = [null, null, null];
  private stamp = -1;

  constructor(
    private readonly write: ResponseWriter,
    private readonly clock: DateClock | null,
    readonly status: number,
    private readonly base: readonly string[],
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
      bytes = this.write(this.status, headerList(this.base, mode, clock), 0);
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

export class Responses {
  private readonly empties = new Map<number, FixedResponse>();

  constructor(
    readonly write: ResponseWriter,
    readonly clock: DateClock | null,
  ) {}

  /** A head template of `status` with the `base` headers (flat name, value list). */
  head(status: number, base: readonly string[]): HeadTemplate {
    return new HeadTemplate(this.write, this.clock, status, base);
  }

  /** A preformatted response with an empty body (`Content-Length: 0`) and the given headers. */
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

  /** An empty-bodied error response that closes the connection. */
  closing(status: number): Buffer {
    return this.empty(status, CLOSE);
  }
}
