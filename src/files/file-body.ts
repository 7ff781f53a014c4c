/**
 * Streams a file's bytes (the whole file, or one range of it) to a byte sink with backpressure:
 * one read in flight at a time, and no next read until the sink has taken the previous chunk,
 * so memory stays flat whatever the file size. Exactly `size` bytes (the Content-Length already
 * sent): a file that shrank while being sent ends the body early, reported as incomplete so
 * that the connection is closed.
 */
import type { FileHandle } from 'node:fs/promises';
import type { BodySource, ByteSink } from '../http/plan.js';

const CHUNK_BYTES = 256 * 1024;

type BodyState = { kind: 'ready' } | { kind: 'sending' } | { kind: 'disposed' };

export class FileBody implements BodySource {
  private state: BodyState = { kind: 'ready' };

  constructor(
    private readonly handle: FileHandle,
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
    copyRange(this.handle, out, this.offset, this.size, () => this.state.kind !== 'disposed').then(
      (complete) => {
        this.dispose();
        done(complete);
      },
      () => {
        this.dispose();
        done(false);
      },
    );
  }

  dispose(): void {
    if (this.state.kind === 'disposed') return;
    this.state = { kind: 'disposed' };
    this.handle.close().catch(() => undefined);
  }
}

/**
 * Writes `length` bytes of the file from `offset` to `out`; false when they could not all be
 * written (the file shrank, the sink closed, `alive` turned false).
 */
export async function copyRange(
  handle: FileHandle,
  out: ByteSink,
  offset: number,
  length: number,
  alive: () => boolean,
): Promise<boolean> {
  let position = 0;
  while (position < length) {
    const want = Math.min(CHUNK_BYTES, length - position);
    // A fresh buffer per chunk: the sink holds it until the kernel took it.
    const chunk = Buffer.allocUnsafeSlow(want);
    const { bytesRead } = await handle.read(chunk, 0, want, offset + position);
    if (bytesRead === 0 || !alive() || out.destroyed) return false;
    position += bytesRead;
    if (!out.write(bytesRead === want ? chunk : chunk.subarray(0, bytesRead))) {
      await writable(out);
      if (out.destroyed) return false;
    }
  }
  return true;
}

/** Resolves when the sink drained its write buffer, or closed. */
export function writable(out: ByteSink): Promise<void> {
  return new Promise((resolve) => {
    const wake = (): void => {
      out.off('drain', wake);
      out.off('close', wake);
      resolve();
    };
    out.once('drain', wake);
    out.once('close', wake);
  });
}
