// A minimal HTTP/1.1 client for the soak: exact bytes out, responses framed by Content-Length
// in (ferroserve always sends one for these routes; 1xx, 204 and 304 have no body). Any failure
// to get a whole answer rejects with an Error whose `kind` says what happened.
import { connect } from 'node:net';

const HEAD_END = Buffer.from('\r\n\r\n');

export class SoakError extends Error {
  /** @param {'connect-failed'|'reset'|'closed-early'|'timeout'|'malformed'} kind */
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

export class Connection {
  #socket;
  #buffer = Buffer.alloc(0);
  #ended = null; // null while open, else a SoakError
  #wake = () => {};

  constructor(socket) {
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk) => {
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      this.#wake();
    });
    socket.on('error', (error) => this.#end(new SoakError('reset', error.message)));
    socket.on('close', () => this.#end(new SoakError('closed-early', 'the server closed the connection')));
  }

  static open(port, timeoutMs = 5000) {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1' });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new SoakError('connect-failed', 'connect timed out'));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new Connection(socket));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(new SoakError('connect-failed', error.message));
      });
    });
  }

  #end(error) {
    if (this.#ended === null) this.#ended = error;
    this.#wake();
  }

  write(bytes) {
    if (this.#socket.destroyed) return;
    this.#socket.write(bytes);
  }

  /** Bytes received so far and not yet returned as responses. */
  get pendingBytes() {
    return this.#buffer.length;
  }

  /** Waits until at least `bytes` bytes arrived (for an abort mid-response). */
  async waitBytes(bytes, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (this.#buffer.length < bytes) {
      if (this.#ended) throw this.#ended;
      await this.#next(deadline, `waiting for ${bytes} bytes`);
    }
  }

  /** Reads `count` responses. `bodyless` answers (e.g. to HEAD) are not needed by the soak. */
  async readResponses(count, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    const responses = [];
    while (responses.length < count) {
      const response = this.#parseOne();
      if (response) {
        responses.push(response);
        continue;
      }
      if (this.#ended) throw this.#ended;
      await this.#next(deadline, `${responses.length} of ${count} responses`);
    }
    return responses;
  }

  #parseOne() {
    const headEnd = this.#buffer.indexOf(HEAD_END);
    if (headEnd < 0) return null;
    const lines = this.#buffer.toString('latin1', 0, headEnd).split('\r\n');
    const match = /^HTTP\/1\.1 (\d{3}) /.exec(lines[0]);
    if (!match) throw new SoakError('malformed', `not a status line: ${JSON.stringify(lines[0].slice(0, 80))}`);
    const status = Number(match[1]);
    const headers = new Map(lines.slice(1).map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
    const bodyless = status < 200 || status === 204 || status === 304;
    const length = bodyless ? 0 : Number(headers.get('content-length'));
    if (!Number.isInteger(length)) throw new SoakError('malformed', `no Content-Length on ${lines[0]}`);
    const end = headEnd + 4 + length;
    if (this.#buffer.length < end) return null;
    const body = this.#buffer.subarray(headEnd + 4, end);
    this.#buffer = this.#buffer.subarray(end);
    return { status, headers, body };
  }

  #next(deadline, what) {
    const left = deadline - Date.now();
    if (left <= 0) return Promise.reject(new SoakError('timeout', `timed out: ${what}`));
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, left);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  destroy() {
    this.#ended ??= new SoakError('closed-early', 'closed by the client');
    this.#socket.destroy();
  }
}
