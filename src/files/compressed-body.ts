/**
 * A file encoded on the fly (gzip or br) as it is sent: its length is unknown before, so the
 * response is chunked on HTTP/1.1 (close-delimited on 1.0; framing.ts decides). zlib's streams
 * run in the thread pool; the sink's backpressure pauses the encoder, which pauses the file read.
 * Small files are encoded once and kept with their cached copy instead (file-response.ts).
 */
import { constants, createBrotliCompress, createGzip, brotliCompress, gzip, type BrotliOptions } from 'node:zlib';
import type { BodySource, ByteSink } from '../http/plan.js';
import type { OpenFile } from './open-file.js';

export type Encoding = 'gzip' | 'br';

/** Brotli's quality when streaming: 4 keeps up with a fast link on one core; 11 is for bytes encoded once. */
const STREAM_BROTLI: BrotliOptions = { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } };
const ONCE_BROTLI: BrotliOptions = { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } };

export class CompressedBody implements BodySource {
  private disposed = false;

  constructor(
    private readonly file: OpenFile,
    private readonly coding: Encoding,
  ) {}

  pipeTo(out: ByteSink, done: (complete: boolean) => void): void {
    const input = this.file.stream();
    const encoder = this.coding === 'br' ? createBrotliCompress(STREAM_BROTLI) : createGzip();
    let finished = false;
    const finish = (complete: boolean): void => {
      if (finished) return;
      finished = true;
      out.off('close', onClose);
      input.destroy();
      encoder.destroy();
      this.dispose();
      done(complete);
    };
    const onClose = (): void => finish(false);
    out.once('close', onClose);
    encoder.on('data', (chunk: Buffer) => {
      if (!out.write(chunk)) {
        encoder.pause();
        out.once('drain', () => encoder.resume());
      }
    });
    encoder.once('end', () => finish(true));
    encoder.once('error', () => finish(false));
    input.once('error', () => finish(false));
    input.pipe(encoder);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.file.close();
  }
}

/**
 * Up to this size, bytes encoded once (then kept) get brotli's best quality: 11 costs about a
 * second per MiB, which the first client of a large file would wait for.
 */
const BEST_BROTLI_BYTES = 64 * 1024;

/** Encodes bytes in memory in the thread pool; `once` (cached results) affords brotli's best on small files. */
export function encodeBytes(bytes: Buffer, coding: Encoding, once: boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, result: Buffer): void => (error === null ? resolve(result) : reject(error));
    if (coding === 'gzip') gzip(bytes, done);
    else brotliCompress(bytes, once && bytes.length <= BEST_BROTLI_BYTES ? ONCE_BROTLI : STREAM_BROTLI, done);
  });
}
