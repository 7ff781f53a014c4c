/**
 * One keep-alive connection for many requests, one at a time, reading each whole response: a
 * body framed by Content-Length, by the chunked coding (a large text file encoded as it is
 * sent) or by the close. raw-client.ts refuses chunked responses on purpose (its suites check
 * Content-Length framing); the freshness suite asks for gzip of a streamed file, so it needs
 * this one. Exact bytes: nothing is decompressed, no header is normalised.
 */
import net from 'node:net';

export interface Answer {
  /** `HTTP/1.1 200 OK`. */
  readonly statusLine: string;
  readonly status: number;
  /** Header lines as received. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The body with any chunked framing removed (still content-coded). */
  readonly body: Buffer;
  /** The value of a header (case-insensitive), undefined when absent; throws when repeated. */
  header(name: string): string | undefined;
}

type Framing = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' };

type Step = { kind: 'partial' } | { kind: 'complete'; answer: Answer; next: number };

/** Parses one response at the start of `buf`; `bodyless`: the request was a HEAD. */
export function parseAnswer(buf: Buffer, bodyless: boolean, atEof: boolean): Step {
  const headEnd = buf.indexOf('\r\n\r\n', 0, 'latin1');
  if (headEnd < 0) {
    if (atEof) throw new Error(`closed inside a response head: ${JSON.stringify(buf.toString('latin1', 0, 200))}`);
    return { kind: 'partial' };
  }
  const [statusLine, ...lines] = buf.toString('latin1', 0, headEnd).split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3}) /.exec(statusLine);
  if (match === null) throw new Error(`not a status line: ${JSON.stringify(statusLine)}`);
  const status = Number(match[1]);
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`malformed header line: ${JSON.stringify(line)}`);
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  const header = (name: string): string | undefined => {
    const values = headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
    if (values.length > 1) throw new Error(`header ${name} repeated: ${JSON.stringify(values)}`);
    return values[0];
  };
  const answer = (body: Buffer): Answer => ({ statusLine, status, headers, body, header });
  const start = headEnd + 4;
  const framing = framingOf(status, bodyless, header);
  switch (framing.kind) {
    case 'none':
      return { kind: 'complete', answer: answer(Buffer.alloc(0)), next: start };
    case 'length':
      if (buf.length < start + framing.length) {
        if (atEof) throw new Error(`closed after ${buf.length - start} of ${framing.length} body bytes (${statusLine})`);
        return { kind: 'partial' };
      }
      return { kind: 'complete', answer: answer(Buffer.from(buf.subarray(start, start + framing.length))), next: start + framing.length };
    case 'close':
      return atEof ? { kind: 'complete', answer: answer(Buffer.from(buf.subarray(start))), next: buf.length } : { kind: 'partial' };
    case 'chunked': {
      const pieces: Buffer[] = [];
      let at = start;
      for (;;) {
        const lineEnd = buf.indexOf('\r\n', at, 'latin1');
        if (lineEnd < 0) break;
        const size = parseInt(buf.toString('latin1', at, lineEnd).split(';')[0], 16);
        if (Number.isNaN(size)) throw new Error(`bad chunk size line: ${JSON.stringify(buf.toString('latin1', at, lineEnd))}`);
        if (size === 0) {
          // No trailers are expected: the last chunk is followed by the final CRLF.
          const end = buf.indexOf('\r\n\r\n', lineEnd, 'latin1');
          if (end < 0) break;
          return { kind: 'complete', answer: answer(Buffer.concat(pieces)), next: end + 4 };
        }
        if (buf.length < lineEnd + 2 + size + 2) break;
        pieces.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
      if (atEof) throw new Error(`closed inside a chunked body (${statusLine})`);
      return { kind: 'partial' };
    }
  }
}

function framingOf(status: number, bodyless: boolean, header: (name: string) => string | undefined): Framing {
  if (bodyless || (status >= 100 && status < 200) || status === 204 || status === 304) return { kind: 'none' };
  if ((header('transfer-encoding') ?? '').toLowerCase() === 'chunked') return { kind: 'chunked' };
  const length = header('content-length');
  if (length !== undefined) {
    if (!/^\d+$/.test(length)) throw new Error(`bad Content-Length: ${JSON.stringify(length)}`);
    return { kind: 'length', length: Number(length) };
  }
  return { kind: 'close' };
}

export class KeepAliveClient {
  private socket: net.Socket | null = null;
  private buffered: Buffer[] = [];
  private ended = false;
  private wake: (() => void) | null = null;
  /** How many connections were opened: 1 while the server kept the first one alive. */
  connections = 0;

  constructor(private readonly port: number) {}

  /** Sends `request` and reads its whole response (`bodyless` for a HEAD). Reopens if the server closed. */
  async request(request: Buffer, bodyless = false, timeoutMs = 10_000): Promise<Answer> {
    if (this.socket === null || this.ended) await this.open();
    const socket = this.socket!;
    socket.write(request);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const buf = this.buffered.length === 1 ? this.buffered[0] : Buffer.concat(this.buffered);
      this.buffered = [buf];
      const step = parseAnswer(buf, bodyless, this.ended);
      if (step.kind === 'complete') {
        this.buffered = [buf.subarray(step.next)];
        return step.answer;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no whole response within ${timeoutMs} ms; have ${buf.length} bytes: ${JSON.stringify(buf.toString('latin1', 0, 200))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private async open(): Promise<void> {
    this.close();
    const socket = net.connect({ port: this.port, host: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    this.connections++;
    this.socket = socket;
    this.buffered = [];
    this.ended = false;
    socket.setNoDelay(true);
    const notify = (): void => {
      const wake = this.wake;
      this.wake = null;
      wake?.();
    };
    socket.on('data', (chunk: Buffer) => {
      if (this.socket !== socket) return;
      this.buffered.push(chunk);
      notify();
    });
    const end = (): void => {
      if (this.socket !== socket) return;
      this.ended = true;
      notify();
    };
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', end);
  }
}
