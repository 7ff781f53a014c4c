/**
 * A file held open for a response body: positional reads, a stream from the start (for
 * encoding), and one close. Two kinds behind one shape: a descriptor opened on the calling
 * thread for a file already known (file-store.ts, `openKnownNow`), read with callback
 * `node:fs` (one thread-pool round trip per read, no promise), and a `FileHandle` from the
 * full, asynchronous opening.
 */
import { closeSync, createReadStream, read, readSync, type ReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

export type ReadDone = (error: Error | null, bytesRead: number) => void;

/**
 * Bodies up to this size from an open file (a range, a precompressed sibling) are read at once
 * on the calling thread and sent with their head, as nginx reads them: open, fstat, pread and
 * close, direct calls all. Larger ones stream, a read in the thread pool at a time.
 */
export const READ_NOW_BYTES = 64 * 1024;

export interface OpenFile {
  /** Reads up to `length` bytes at `position` into the start of `buffer` (0 at the end of the file). */
  read(buffer: Buffer, length: number, position: number, done: ReadDone): void;
  /**
   * Exactly `length` bytes at `position`, read on the calling thread, or undefined when they
   * could not all be read (the file shrank, an error): for a few KiB that are in the page cache,
   * one direct pread costs less than a thread-pool round trip.
   */
  readNow(length: number, position: number): Buffer | undefined;
  /** The file from its start, as a stream that leaves the file open. */
  stream(): ReadStream;
  /** Closes the file; only the first call does. */
  close(): void;
}

const ignore = (): void => undefined;

function readNow(fd: number, length: number, position: number): Buffer | undefined {
  const bytes = Buffer.allocUnsafe(length);
  let filled = 0;
  try {
    while (filled < length) {
      const got = readSync(fd, bytes, filled, length - filled, position + filled);
      if (got === 0) return undefined;
      filled += got;
    }
  } catch {
    return undefined;
  }
  return bytes;
}

/**
 * `open`: reads may be in flight (`reads`). `closing`: closed by its owner while reads were in
 * flight; the descriptor is closed when the last one ends, since a descriptor closed under a
 * pending read may be reused meanwhile (a socket the event loop watches). `streamed`: a stream
 * reads it and closes it (Node's stream, too, waits for its pending read); closing the file is
 * destroying that stream. `closed`.
 */
type DescriptorState =
  | { readonly kind: 'open' }
  | { readonly kind: 'closing' }
  | { readonly kind: 'streamed'; readonly stream: ReadStream }
  | { readonly kind: 'closed' };

const OPEN: DescriptorState = { kind: 'open' };
const CLOSING: DescriptorState = { kind: 'closing' };
const CLOSED: DescriptorState = { kind: 'closed' };

export class DescriptorFile implements OpenFile {
  private state: DescriptorState = OPEN;
  private reads = 0;

  constructor(private readonly fd: number) {}

  read(buffer: Buffer, length: number, position: number, done: ReadDone): void {
    this.reads++;
    read(this.fd, buffer, 0, length, position, (error, bytesRead) => {
      if (--this.reads === 0 && this.state.kind === 'closing') this.closeNow();
      done(error, bytesRead);
    });
  }

  readNow(length: number, position: number): Buffer | undefined {
    return readNow(this.fd, length, position);
  }

  stream(): ReadStream {
    // Positional reads from the start (never the descriptor's offset), closed by the stream.
    const stream = createReadStream('', { fd: this.fd, start: 0 });
    this.state = { kind: 'streamed', stream };
    return stream;
  }

  close(): void {
    const state = this.state;
    if (state.kind === 'streamed') {
      this.state = CLOSED;
      state.stream.destroy();
    } else if (state.kind === 'open') {
      if (this.reads > 0) this.state = CLOSING;
      else this.closeNow();
    }
  }

  /**
   * Direct: closing a file the server only read costs about a microsecond, less than the round
   * trip (and the thread-pool thread competing for the same core).
   */
  private closeNow(): void {
    this.state = CLOSED;
    try {
      closeSync(this.fd);
    } catch {
      // EIO on close of a read-only file loses nothing.
    }
  }
}

export class HandleFile implements OpenFile {
  private open = true;

  constructor(private readonly handle: FileHandle) {}

  read(buffer: Buffer, length: number, position: number, done: ReadDone): void {
    this.handle.read(buffer, 0, length, position).then(
      (result) => done(null, result.bytesRead),
      (error: Error) => done(error, 0),
    );
  }

  readNow(length: number, position: number): Buffer | undefined {
    return readNow(this.handle.fd, length, position);
  }

  stream(): ReadStream {
    return this.handle.createReadStream({ autoClose: false });
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.handle.close().catch(ignore);
  }
}
