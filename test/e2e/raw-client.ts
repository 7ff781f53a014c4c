/**
 * A raw TCP client for the end-to-end tests: it writes exact bytes and reads exact bytes, so the
 * tests see what the server really put on the wire (no client library normalising headers,
 * decompressing bodies or hiding a missing close). The response parser is for tests only: it
 * understands just enough HTTP/1.1 to split a byte stream into responses.
 */
import net from 'node:net';

export interface RawResponse {
  /** The status line as received, without CRLF, e.g. `HTTP/1.1 200 OK`. */
  readonly statusLine: string;
  readonly status: number;
  /** Header lines in the order received; the value is trimmed of surrounding whitespace. */
  readonly headers: ReadonlyArray<readonly [name: string, value: string]>;
  readonly body: Buffer;
  /** The value of a header (case-insensitive name), or undefined when absent. Throws if repeated. */
  header(name: string): string | undefined;
  /** How many times a header (case-insensitive name) appears. */
  headerCount(name: string): number;
}

/** Whether the response to a request carries a body on the wire (HEAD answers never do). */
export type BodyRule = 'by-headers' | 'bodyless';

type ParseStep =
  | { readonly kind: 'complete'; readonly response: RawResponse; readonly next: number }
  | { readonly kind: 'partial' };

function makeResponse(statusLine: string, status: number, headers: Array<[string, string]>, body: Buffer): RawResponse {
  const valuesOf = (name: string) =>
    headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
  return {
    statusLine,
    status,
    headers,
    body,
    header(name) {
      const values = valuesOf(name);
      if (values.length > 1) throw new Error(`header ${name} appears ${values.length} times: ${JSON.stringify(values)}`);
      return values[0];
    },
    headerCount: (name) => valuesOf(name).length,
  };
}

/**
 * Parses one response starting at `start`. `atEof` says the peer has closed, which completes a
 * body framed by the close (no Content-Length). Throws on bytes that are not an HTTP response.
 */
export function parseResponse(buf: Buffer, start: number, rule: BodyRule, atEof: boolean): ParseStep {
  const headEnd = buf.indexOf('\r\n\r\n', start, 'latin1');
  if (headEnd < 0) {
    if (atEof && buf.length > start) throw new Error(`connection closed inside a response head: ${preview(buf.subarray(start))}`);
    return { kind: 'partial' };
  }
  const lines = buf.toString('latin1', start, headEnd).split('\r\n');
  const statusLine = lines[0];
  const match = /^HTTP\/1\.[01] (\d{3}) ([^\r\n]*)$/.exec(statusLine);
  if (!match) throw new Error(`not an HTTP/1.x status line: ${JSON.stringify(statusLine)}`);
  const status = Number(match[1]);
  const headers: Array<[string, string]> = lines.slice(1).map((line) => {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`malformed response header line: ${JSON.stringify(line)}`);
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  const bodyStart = headEnd + 4;
  const head = makeResponse(statusLine, status, headers, Buffer.alloc(0));
  const noBody = rule === 'bodyless' || (status >= 100 && status < 200) || status === 204 || status === 304;
  if (noBody) return { kind: 'complete', response: head, next: bodyStart };
  if (head.header('transfer-encoding') !== undefined) {
    throw new Error(`unexpected Transfer-Encoding in a response (expected Content-Length framing): ${statusLine}`);
  }
  const lengthValue = head.header('content-length');
  if (lengthValue === undefined) {
    // Framed by the close of the connection (RFC 9112 §6.3, last rule).
    if (!atEof) return { kind: 'partial' };
    return { kind: 'complete', response: makeResponse(statusLine, status, headers, Buffer.from(buf.subarray(bodyStart))), next: buf.length };
  }
  if (!/^\d+$/.test(lengthValue)) throw new Error(`bad Content-Length in a response: ${JSON.stringify(lengthValue)}`);
  const bodyEnd = bodyStart + Number(lengthValue);
  if (buf.length < bodyEnd) {
    if (atEof) throw new Error(`connection closed after ${buf.length - bodyStart} of ${lengthValue} body bytes (${statusLine})`);
    return { kind: 'partial' };
  }
  const body = Buffer.from(buf.subarray(bodyStart, bodyEnd));
  return { kind: 'complete', response: makeResponse(statusLine, status, headers, body), next: bodyEnd };
}

/** A printable excerpt of received bytes, for failure messages. */
export function preview(bytes: Buffer, max = 400): string {
  const text = bytes.toString('latin1', 0, Math.min(bytes.length, max));
  return JSON.stringify(text) + (bytes.length > max ? ` ... (${bytes.length} bytes)` : '');
}

/** How the connection stands, as seen from the client. */
type LinkState =
  | { readonly kind: 'open' }
  | { readonly kind: 'closed-by-peer' }
  | { readonly kind: 'reset'; readonly error: Error }
  | { readonly kind: 'destroyed-by-us' };

export interface ReadOptions {
  /** Give up after this long (default 4 s). */
  readonly timeoutMs?: number;
  /** One rule per response, in order; responses beyond the list are 'by-headers'. */
  readonly rules?: readonly BodyRule[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RawConnection {
  /** Every byte received, in a buffer that grows by doubling (a 5 MiB body arrives in many chunks). */
  private store = Buffer.alloc(64 * 1024);
  private received = 0;
  /** Bytes before this offset were returned as parsed responses. */
  private consumed = 0;
  private link: LinkState = { kind: 'open' };
  private wakeups: Array<() => void> = [];

  private constructor(readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      if (this.received + chunk.length > this.store.length) {
        const grown = Buffer.alloc(Math.max(this.store.length * 2, this.received + chunk.length));
        this.store.copy(grown, 0, 0, this.received);
        this.store = grown;
      }
      chunk.copy(this.store, this.received);
      this.received += chunk.length;
      this.wake();
    });
    socket.on('end', () => this.settle({ kind: 'closed-by-peer' }));
    socket.on('error', (error) => this.settle({ kind: 'reset', error }));
    socket.on('close', () => this.settle({ kind: 'closed-by-peer' }));
  }

  static open(port: number, host = '127.0.0.1', timeoutMs = 4000): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new RawConnection(socket));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  /** True once the server closed (or reset) the connection. */
  get closedByPeer(): boolean {
    return this.link.kind === 'closed-by-peer' || this.link.kind === 'reset';
  }

  /** Every byte received so far. */
  all(): Buffer {
    return Buffer.from(this.store.subarray(0, this.received));
  }

  /** Bytes received after the last response returned by readResponses. */
  unread(): Buffer {
    return Buffer.from(this.store.subarray(this.consumed, this.received));
  }

  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.destroyed) {
        reject(new Error('write on a closed connection'));
        return;
      }
      this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data, (error) =>
        error ? reject(error) : resolve(),
      );
    });
  }

  /** Writes `data` in pieces of `pieceSize` bytes with a pause between them, so the server sees many chunks. */
  async writeInPieces(data: string | Buffer, pieceSize = 1, pauseMs = 1): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    for (let at = 0; at < bytes.length; at += pieceSize) {
      await this.write(bytes.subarray(at, at + pieceSize));
      await sleep(pauseMs);
    }
  }

  /** Waits for `count` complete responses (1xx interim responses count) after those already read. */
  async readResponses(count: number, options: ReadOptions = {}): Promise<RawResponse[]> {
    const timeoutMs = options.timeoutMs ?? 4000;
    const rules = options.rules ?? [];
    const deadline = Date.now() + timeoutMs;
    const responses: RawResponse[] = [];
    for (;;) {
      const view = this.store.subarray(0, this.received);
      while (responses.length < count) {
        const rule = rules[responses.length] ?? 'by-headers';
        const step = parseResponse(view, this.consumed, rule, this.link.kind !== 'open');
        if (step.kind === 'partial') break;
        responses.push(step.response);
        this.consumed = step.next;
      }
      if (responses.length === count) return responses;
      if (this.link.kind !== 'open') {
        throw new Error(
          `connection ${this.link.kind} after ${responses.length} of ${count} responses; unread: ${preview(this.unread())}`,
        );
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `timed out after ${timeoutMs} ms with ${responses.length} of ${count} responses; unread: ${preview(this.unread())}`,
        );
      }
      await this.nextEvent(left);
    }
  }

  async readResponse(options: ReadOptions = {}): Promise<RawResponse> {
    const [response] = await this.readResponses(1, options);
    return response;
  }

  /** Resolves true when the server closes the connection within `timeoutMs`, false otherwise. */
  async waitClosed(timeoutMs = 3000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.link.kind === 'open') {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await this.nextEvent(left);
    }
    return this.link.kind !== 'destroyed-by-us';
  }

  /** Waits until at least `bytes` bytes have been received in total (or the connection closes). */
  async waitReceived(bytes: number, timeoutMs = 4000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.received < bytes && this.link.kind === 'open') {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${bytes} bytes (got ${this.received})`);
      await this.nextEvent(left);
    }
  }

  destroy(): void {
    if (this.link.kind === 'open') this.link = { kind: 'destroyed-by-us' };
    this.socket.destroy();
    this.wake();
  }

  private settle(state: LinkState): void {
    if (this.link.kind === 'open') this.link = state;
    this.wake();
  }

  private wake(): void {
    const waiting = this.wakeups;
    this.wakeups = [];
    for (const resolve of waiting) resolve();
  }

  private nextEvent(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.wakeups.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

export interface RequestSpec {
  readonly method?: string;
  readonly target: string;
  /** Header lines in order; a Host header is added first unless `host` is null. */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly body?: string | Buffer;
  /** Adds `Content-Length` for the body (default true when a body is given). */
  readonly contentLength?: boolean;
  readonly host?: string | null;
  readonly version?: '1.0' | '1.1';
}

/** Builds the exact bytes of a request, as the challenge's checker sends them. */
export function buildRequest(spec: RequestSpec): Buffer {
  const version = spec.version ?? '1.1';
  const lines = [`${spec.method ?? 'GET'} ${spec.target} HTTP/${version}`];
  const host = spec.host === undefined ? 'localhost:4221' : spec.host;
  if (host !== null) lines.push(`Host: ${host}`);
  for (const [name, value] of spec.headers ?? []) lines.push(`${name}: ${value}`);
  const body = spec.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(spec.body) ? spec.body : Buffer.from(spec.body, 'utf8');
  if (spec.body !== undefined && (spec.contentLength ?? true)) lines.push(`Content-Length: ${body.length}`);
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), body]);
}

/** Encodes a body in chunked transfer coding, `pieceSize` bytes per chunk. */
export function chunkedBody(data: Buffer, pieceSize: number, trailer = ''): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < data.length; at += pieceSize) {
    const piece = data.subarray(at, at + pieceSize);
    parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`, 'latin1'), piece, Buffer.from('\r\n', 'latin1'));
  }
  parts.push(Buffer.from(`0\r\n${trailer}\r\n`, 'latin1'));
  return Buffer.concat(parts);
}

/** Opens a connection, sends `request`, reads `count` responses, and closes it. */
export async function exchange(port: number, request: string | Buffer, options: ReadOptions & { count?: number } = {}): Promise<RawResponse[]> {
  const connection = await RawConnection.open(port);
  try {
    await connection.write(request);
    return await connection.readResponses(options.count ?? 1, options);
  } finally {
    connection.destroy();
  }
}

/** One request, one response, on a fresh connection. */
export async function send(port: number, request: string | Buffer, options: ReadOptions = {}): Promise<RawResponse> {
  const [response] = await exchange(port, request, options);
  return response;
}
