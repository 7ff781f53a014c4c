/**
 * Streams a file's bytes (the whole file, or one range of it) to a byte sink with backpressure:
 * one read in flight at a time, and no next read until the sink has taken the previous chunk,
 * so memory stays flat whatever the file size. Exactly `size` bytes (the Content-Length already
 * sent): a file that shrank while being sent ends the body early, reported as incomplete so
 * that the connection is closed. Callbacks, not promises: each read is one round trip.
 */
import type { BodySource, ByteSink } from '../http/plan.js';
import type { OpenFile } from './open-file.js';

const CHUNK_BYTES = 256 * 1024;

type BodyState = { kind: 'ready' } | { kind: 'sending' } | { kind: 'disposed' };

export class FileBody implements BodySource {
  private state: BodyState = { kind: 'ready' };

  constructor(
    private readonly file: OpenFile,
    private readonly size: number,
    /** Where the bytes start in the file. */
    private readonly offset = 0,
  ) {}

  pipeTo(out: ByteSink, done: (complete: boolean) => void): void {
    if (this.state.kind !== 'ready') {
      done(false);
      return;
    }
    this.state = { kind: 'sending' };
    copyRange(this.file, out, this.offset, this.size, () => this.state.kind !== 'disposed', (complete) => {
      this.dispose();
      done(complete);
    });
  }

  dispose(): void {
    if (this.state.kind === 'disposed') return;
    this.state = { kind: 'disposed' };
    this.file.close();
  }
}

/**
 * Writes `length` bytes of the file from `offset` to `out`, then `done(true)`; `done(false)`
 * when they could not all be written (the file shrank or failed, the sink closed, `alive`
 * turned false).
 */
export function copyRange(file: OpenFile, out: ByteSink, offset: number, length: number, alive: () => boolean, done: (complete: boolean) => void): void {
  let position = 0;
  const next = (): void => {
    if (position >= length) {
      done(true);
      return;
    }
    const want = Math.min(CHUNK_BYTES, length - position);
    // A fresh buffer per chunk: the sink holds it until the kernel took it.
    const chunk = Buffer.allocUnsafeSlow(want);
    file.read(chunk, want, offset + position, (error, bytesRead) => {
      if (error !== null || bytesRead === 0 || !alive() || out.destroyed) {
        done(false);
        return;
      }
      position += bytesRead;
      if (out.write(bytesRead === want ? chunk : chunk.subarray(0, bytesRead))) next();
      else whenWritable(out, () => (out.destroyed ? done(false) : next()));
    });
  };
  next();
}

/** Calls `then` once the sink drained its write buffer, or closed. */
export function whenWritable(out: ByteSink, then: () => void): void {
  const wake = (): void => {
    out.off('drain', wake);
    out.off('close', wake);
    then();
  };
  out.once('drain', wake);
  out.once('close', wake);
}
