/**
 * Building response bytes. Every response goes through one `ResponseWriter` (the wire's
 * `writeResponse`, chosen in one place: server.ts). Header lists are prepared once per
 * connection mode (and, with `--date`, once per second); responses whose bytes never change
 * (`GET /`, 404, 405, errors) are preformatted Buffers, reused for every request.
 */
import { DateClock } from './date-clock.js';
import { CLOSE, CONN_MODES, connectionHeader, type ConnMode } from './conn-mode.js';

export type ResponseWriter = (
  status: number,
  headers: readonly string[],
  contentLength: number,
  body?: Buffer,
) => Buffer;

/** The headers of one kind of response, per connection mode, with Date when enabled. */
export class HeaderSet {
  private readonly byMode: (readonly string[])[];
  private stamp = -1;

  constructor(
    private readonly base: readonly string[],
    private readonly clock: DateClock | null,
  ) {
    this.byMode = CONN_MODES.map((mode) => [...base, ...connectionHeader(mode)]);
  }

  get(mode: ConnMode): readonly string[] {
    const clock = this.clock;
    if (clock !== null) {
      const stamp = clock.stamp();
      if (stamp !== this.stamp) {
        this.stamp = stamp;
        const date = clock.current();
        for (const m of CONN_MODES) this.byMode[m] = [...this.base, ...connectionHeader(m), 'Date', date];
      }
    }
    return this.byMode[mode];
  }
}

/** A response whose bytes depend only on the connection mode (and the Date, when enabled). */
export class FixedResponse {
  private readonly headers: HeaderSet;
  private readonly bytes: (Buffer | null)[] = [null, null, null];
  private stamp = -1;

  constructor(
    private readonly write: ResponseWriter,
    private readonly clock: DateClock | null,
    readonly status: number,
    base: readonly string[],
    private readonly contentLength: number,
  ) {
    this.headers = new HeaderSet(base, clock);
  }

  get(mode: ConnMode): Buffer {
    if (this.clock !== null) {
      const stamp = this.clock.stamp();
      if (stamp !== this.stamp) {
        this.stamp = stamp;
        this.bytes.fill(null);
      }
    }
    let bytes = this.bytes[mode];
    if (bytes === null) {
      bytes = this.write(this.status, this.headers.get(mode), this.contentLength);
      this.bytes[mode] = bytes;
    }
    return bytes;
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

  /** A 200 response with `headers` and `body`; one function for all callers (no closure per request). */
  readonly okWithBody = (headers: readonly string[], body: Buffer): Buffer => this.write(200, headers, -1, body);

  headerSet(base: readonly string[]): HeaderSet {
    return new HeaderSet(base, this.clock);
  }

  /** A preformatted response with an empty body (`Content-Length: 0`) and the given headers. */
  fixed(status: number, base: readonly string[] = []): FixedResponse {
    return new FixedResponse(this.write, this.clock, status, base, 0);
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
