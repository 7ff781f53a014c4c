/**
 * A multipart/byteranges body (RFC 9110 §14.6) streamed from an open file: each part's head
 * (made by http/range.ts), then that range of the file, then the closing delimiter. One read in
 * flight at a time, with the sink's backpressure, as FileBody.
 */
import type { FileHandle } from 'node:fs/promises';
import type { BodySource, ByteSink } from '../http/plan.js';
import type { ByteRangesBody } from '../http/range.js';
import { copyRange, writable } from './file-body.js';

export class RangesBody implements BodySource {
  private disposed = false;

  constructor(
    private readonly handle: FileHandle,
    private readonly body: ByteRangesBody,
  ) {}

  pipeTo(out: ByteSink, done: (complete: boolean) => void): void {
    this.send(out).then(
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
    if (this.disposed) return;
    this.disposed = true;
    this.handle.close().catch(() => undefined);
  }

  private async send(out: ByteSink): Promise<boolean> {
    const alive = (): boolean => !this.disposed;
    for (const part of this.body.parts) {
      if (!this.disposed && !out.write(part.head)) await writable(out);
      const { start, end } = part.range;
      if (!(await copyRange(this.handle, out, start, end - start + 1, alive))) return false;
    }
    if (this.disposed || out.destroyed) return false;
    out.write(this.body.tail);
    return true;
  }
}

/** The same body from bytes in memory (a small file). */
export function rangesBytes(bytes: Buffer, body: ByteRangesBody): Buffer {
  const pieces: Buffer[] = [];
  for (const part of body.parts) pieces.push(part.head, bytes.subarray(part.range.start, part.range.end + 1));
  pieces.push(body.tail);
  return Buffer.concat(pieces, body.length);
}
