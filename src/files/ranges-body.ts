/**
 * A multipart/byteranges body (RFC 9110 §14.6) streamed from an open file: each part's head
 * (made by http/range.ts), then that range of the file, then the closing delimiter. One read in
 * flight at a time, with the sink's backpressure, as FileBody.
 */
import type { BodySource, ByteSink } from '../http/plan.js';
import type { ByteRangesBody } from '../http/range.js';
import { copyRange, whenWritable } from './file-body.js';
import type { OpenFile } from './open-file.js';

export class RangesBody implements BodySource {
  private disposed = false;

  constructor(
    private readonly file: OpenFile,
    private readonly body: ByteRangesBody,
  ) {}

  pipeTo(out: ByteSink, done: (complete: boolean) => void): void {
    this.sendPart(out, 0, (complete) => {
      this.dispose();
      done(complete);
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.file.close();
  }

  /** Part `index` (its head, then its range of the file), the parts after it, then the closing delimiter. */
  private sendPart(out: ByteSink, index: number, done: (complete: boolean) => void): void {
    const parts = this.body.parts;
    if (index === parts.length) {
      if (this.disposed || out.destroyed) done(false);
      else {
        out.write(this.body.tail);
        done(true);
      }
      return;
    }
    const { head, range } = parts[index];
    const copy = (): void =>
      copyRange(this.file, out, range.start, range.end - range.start + 1, () => !this.disposed, (complete) => {
        if (complete) this.sendPart(out, index + 1, done);
        else done(false);
      });
    if (!this.disposed && !out.write(head)) whenWritable(out, copy);
    else copy();
  }
}

/** The same body from bytes in memory (a small file). */
export function rangesBytes(bytes: Buffer, body: ByteRangesBody): Buffer {
  const pieces: Buffer[] = [];
  for (const part of body.parts) pieces.push(part.head, bytes.subarray(part.range.start, part.range.end + 1));
  pieces.push(body.tail);
  return Buffer.concat(pieces, body.length);
}
