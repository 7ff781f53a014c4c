/**
 * Streams a file's bytes (the whole file, or one range of it) to a byte sink with backpressure:
 * one read in flight at a time, and no next read until the sink has taken the previous chunk, so memory stays flat whatever the
 * file size. Exactly `size` bytes (the Content-Length already sent): a file that shrank while
 * being sent ends the body early, reported as incomplete so that the connection is closed.
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

  pipeTo(socket: ByteSink, done: (complete: boolean) => void): void {
    if (this.state.kind !== 'ready') {
      done(false);
      return;
    }
    this.state = { kind: 'sending' };
    this.send(socket).then(
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

  private async send(socket: ByteSink): Promise<boolean> {
    let position = 0;
    while (position < this.size) {
      const want = Math.min(CHUNK_BYTES, this.size - position);
      // A fresh buffer per chunk: the socket holds it until the kernel took it.
      const chunk = Buffer.allocUnsafeSlow(want);
      const { bytesRead } = await this.handle.read(chunk, 0, want, this.offset + position);
      if (bytesRead === 0 || this.state.kind === 'disposed' || socket.destroyed) return false;
      position += bytesRead;
      if (!socket.write(bytesRead === want ? chunk : chunk.subarray(0, bytesRead))) {
        await writable(socket);
        if (socket.destroyed) return false;
      }
    }
    return true;
  }
}

/** Resolves when the sink drained its write buffer, or closed. */
function writable(socket: ByteSink): Promise<void> {
  return new Promise((resolve) => {
    const wake = (): void => {
      socket.off('drain', wake);
      socket.off('close', wake);
      resolve();
    };
    socket.once('drain', wake);
    socket.once('close', wake);
  });
}
