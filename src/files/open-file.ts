/**
 * A file held open for a response body: positional reads, a stream from the start (for
 * encoding), and one close. Two kinds behind one shape: a descriptor opened on the calling
 * thread for a file already known (file-store.ts, `openKnownNow`), read with callback
 * `node:fs` (one thread-pool round trip per read, no promise), and a `FileHandle` from the
 * full, asynchronous opening.
 */
import { close, createReadStream, read, type ReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

export type ReadDone = (error: Error | null, bytesRead: number) => void;

export interface OpenFile {
  /** Reads up to `length` bytes at `position` into the start of `buffer` (0 at the end of the file). */
  read(buffer: Buffer, length: number, position: number, done: ReadDone): void;
  /** The file from its start, as a stream that leaves the file open. */
  stream(): ReadStream;
  /** Closes the file; only the first call does. */
  close(): void;
}

const ignore = (): void => undefined;

export class DescriptorFile implements OpenFile {
  private open = true;

  constructor(private readonly fd: number) {}

  read(buffer: Buffer, length: number, position: number, done: ReadDone): void {
    read(this.fd, buffer, 0, length, position, done);
  }

  stream(): ReadStream {
    return createReadStream('', { fd: this.fd, autoClose: false });
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    close(this.fd, ignore);
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

  stream(): ReadStream {
    return this.handle.createReadStream({ autoClose: false });
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.handle.close().catch(ignore);
  }
}
