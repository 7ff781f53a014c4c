/**
 * Where access-log lines go: stdout or a file, written asynchronously in batches (the lines of
 * one turn of the event loop leave in one write) and never dropped. While a write is in flight
 * or the destination is backed up, lines wait in memory (their count and bytes are kept, so a
 * test or an operator can see a backlog); `close()` writes what waits and resolves once it is
 * written; and whatever is still waiting when the process exits (a second signal, or a line of
 * a connection aborted at the end of the shutdown grace) is written synchronously on the way out.
 * The file stays open until then, so that no late line has nowhere to go.
 */
import { openSync, write as writeFd, writeSync } from 'node:fs';

export interface LogWriter {
  line(text: string): void;
  /** Writes every line still waiting; resolves when they are written. */
  close(): Promise<void>;
}

/** Where the lines go: stdout's stream, or a file opened for appending. */
type Destination =
  | { readonly kind: 'stdout' }
  | { readonly kind: 'file'; readonly fd: number };

export class BatchedLogWriter implements LogWriter {
  private waiting: string[] = [];
  private waitingBytes = 0;
  private state: 'idle' | 'scheduled' | 'writing' = 'idle';
  private readonly idle: (() => void)[] = [];
  private readonly onExit = (): void => this.flushSync();

  constructor(private readonly destination: Destination) {
    process.once('exit', this.onExit);
  }

  /** Lines (and their bytes) waiting to be written: the backlog. */
  get backlog(): { readonly lines: number; readonly bytes: number } {
    return { lines: this.waiting.length, bytes: this.waitingBytes };
  }

  line(text: string): void {
    this.waiting.push(text);
    this.waitingBytes += text.length + 1;
    if (this.state === 'idle') {
      this.state = 'scheduled';
      setImmediate(() => this.writeWaiting());
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.state === 'idle' && this.waiting.length === 0) resolve();
      else this.idle.push(resolve);
    });
  }

  private writeWaiting(): void {
    if (this.waiting.length === 0) {
      this.state = 'idle';
      const idle = this.idle.splice(0);
      for (const done of idle) done();
      return;
    }
    const chunk = `${this.waiting.join('\n')}\n`;
    this.waiting = [];
    this.waitingBytes = 0;
    this.state = 'writing';
    const next = (): void => this.writeWaiting();
    const destination = this.destination;
    if (destination.kind === 'stdout') {
      // Backpressure: a full stdout (a slow pipe) holds the next batch until it drains.
      if (process.stdout.write(chunk)) setImmediate(next);
      else process.stdout.once('drain', next);
    } else {
      const bytes = Buffer.from(chunk, 'utf8');
      const writeAll = (offset: number): void => {
        writeFd(destination.fd, bytes, offset, bytes.length - offset, null, (error, written) => {
          // A log that cannot be written (disk full) must not stop serving: it says so once per batch.
          if (error) process.stderr.write(`ferroserve: access log: ${error.message}\n`);
          else if (offset + written < bytes.length) return writeAll(offset + written);
          next();
        });
      };
      writeAll(0);
    }
  }

  /** The process is exiting: what waits is written now, in this tick. */
  private flushSync(): void {
    if (this.waiting.length === 0) return;
    const chunk = `${this.waiting.join('\n')}\n`;
    this.waiting = [];
    try {
      writeSync(this.destination.kind === 'stdout' ? 1 : this.destination.fd, chunk);
    } catch {
      // Nothing more can be done on the way out.
    }
  }
}

/** A writer to `file` (appended to, created when missing), or to stdout. */
export function openLogWriter(file: string | null): BatchedLogWriter {
  if (file === null) return new BatchedLogWriter({ kind: 'stdout' });
  return new BatchedLogWriter({ kind: 'file', fd: openSync(file, 'a') });
}
