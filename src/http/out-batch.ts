/**
 * The bytes that leave on one socket at the end of the current event, in one write.
 *
 * In-memory responses are written straight into a slab (no Buffer per response, no copy into a
 * batch later): a batch of 16 pipelined echoes is 16 small copies into the slab and one
 * `socket.write` of a view of it. Bytes handed to a socket are never written over: the slab is
 * only ever appended to, and a new one is taken when it is full, so a write still in flight keeps
 * its bytes. Large buffers (file contents, streamed heads after them) are not copied but sent
 * as further pieces of the same write.
 *
 * One batch serves every connection of a server: a connection fills and flushes it within one
 * event, so it is empty between events.
 */
import type { Socket } from 'node:net';

const SLAB_BYTES = 64 * 1024;
/** Buffers up to this size are copied into the slab; larger ones are sent as they are. */
const COPY_LIMIT = 4 * 1024;
/** Above this many bytes, pieces are written with writev (cork) instead of being joined. */
const JOIN_LIMIT = 64 * 1024;

export class OutBatch {
  private slab = Buffer.allocUnsafe(SLAB_BYTES);
  /** The slab's bytes not yet flushed: `slab[runStart, end)`. */
  private runStart = 0;
  private end = 0;
  /** Pieces before the current slab run, in order (only when a large buffer was appended). */
  private readonly pieces: Buffer[] = [];
  private piecesBytes = 0;

  /** Bytes waiting to leave. */
  get length(): number {
    return this.piecesBytes + this.end - this.runStart;
  }

  /** The slab the next `claim` writes into (valid until the next `claim`). */
  get target(): Buffer {
    return this.slab;
  }

  /**
   * Reserves `size` bytes at the end of the batch and returns their offset in `target`, which
   * the caller fills at once, completely.
   */
  claim(size: number): number {
    if (this.end + size > this.slab.length) this.newSlab(size);
    const at = this.end;
    this.end += size;
    return at;
  }

  /** Appends `bytes`: copied when small, else sent as a piece of its own. */
  append(bytes: Buffer): void {
    const size = bytes.length;
    if (size <= COPY_LIMIT) {
      const at = this.claim(size); // first: it may take a new slab
      this.slab.set(bytes, at); // a V8 builtin: cheaper than Buffer.copy for small buffers
      return;
    }
    this.closeRun();
    this.pieces.push(bytes);
    this.piecesBytes += size;
  }

  /**
   * Removes and returns the bytes appended since the batch was `length` bytes long (a response
   * that must wait in a queue behind another). A copy: the slab region is written over next.
   */
  takeSince(length: number): Buffer {
    const taken = this.length - length;
    if (taken === 0) return Buffer.alloc(0);
    const runBytes = this.end - this.runStart;
    if (taken <= runBytes) {
      const bytes = Buffer.from(this.slab.subarray(this.end - taken, this.end));
      this.end -= taken;
      return bytes;
    }
    // Rare: a large piece was appended since; join everything after the mark.
    this.closeRun();
    const parts: Buffer[] = [];
    let rest = taken;
    while (rest > 0) {
      const last = this.pieces.pop() as Buffer;
      this.piecesBytes -= last.length;
      if (last.length <= rest) {
        parts.unshift(last);
        rest -= last.length;
      } else {
        parts.unshift(last.subarray(last.length - rest));
        this.pieces.push(last.subarray(0, last.length - rest));
        this.piecesBytes += last.length - rest;
        rest = 0;
      }
    }
    return Buffer.concat(parts, taken);
  }

  /** Writes everything to `socket` in one write (writev for large batches) and empties the batch. */
  flushTo(socket: Socket): void {
    const pieces = this.pieces;
    if (pieces.length === 0) {
      if (this.end > this.runStart) socket.write(this.slab.subarray(this.runStart, this.end));
      this.runStart = this.end;
      return;
    }
    this.closeRun();
    if (pieces.length === 1) socket.write(pieces[0]);
    else if (this.piecesBytes <= JOIN_LIMIT) socket.write(Buffer.concat(pieces, this.piecesBytes));
    else {
      socket.cork();
      for (const piece of pieces) socket.write(piece);
      socket.uncork();
    }
    this.clearPieces();
  }

  /** Drops everything (the socket is gone). */
  clear(): void {
    this.runStart = this.end;
    this.clearPieces();
  }

  /** Ends the current slab run as a piece, so that a large buffer can follow it in order. */
  private closeRun(): void {
    if (this.end === this.runStart) return;
    const run = this.slab.subarray(this.runStart, this.end);
    this.runStart = this.end;
    this.pieces.push(run);
    this.piecesBytes += run.length;
  }

  private clearPieces(): void {
    this.pieces.length = 0;
    this.piecesBytes = 0;
  }

  /** Starts a new slab, moving the unflushed run into it (it stays contiguous). */
  private newSlab(size: number): void {
    const run = this.slab.subarray(this.runStart, this.end);
    const next = Buffer.allocUnsafe(Math.max(SLAB_BYTES, run.length + size));
    run.copy(next, 0);
    this.slab = next;
    this.runStart = 0;
    this.end = run.length;
  }
}
