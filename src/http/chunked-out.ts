/**
 * The chunked transfer coding on the way out (RFC 9112 §7.1), for content whose length is not
 * known before it is sent: each piece a body source writes becomes one chunk; `LAST_CHUNK`
 * ends the body (no trailer fields).
 */
import type { ByteSink } from './plan.js';

const CRLF = Buffer.from('\r\n', 'latin1');
export const LAST_CHUNK = Buffer.from('0\r\n\r\n', 'latin1');

export class ChunkedSink implements ByteSink {
  constructor(private readonly out: ByteSink) {}

  write(bytes: Buffer): boolean {
    // A zero-length chunk would end the body early.
    if (bytes.length === 0) return !this.out.destroyed;
    this.out.write(Buffer.from(`${bytes.length.toString(16)}\r\n`, 'latin1'));
    this.out.write(bytes);
    return this.out.write(CRLF);
  }

  get destroyed(): boolean {
    return this.out.destroyed;
  }

  once(event: 'drain' | 'close', listener: () => void): this {
    this.out.once(event, listener);
    return this;
  }

  off(event: 'drain' | 'close', listener: () => void): this {
    this.out.off(event, listener);
    return this;
  }
}
