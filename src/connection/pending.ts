/**
 * The contract between a connection and the responses that take time (file reads, uploads).
 *
 * A route answers at once with a Buffer (in-memory routes: no object, closure or promise per
 * request), or with a `PendingResponse` that the connection queues in request order and that
 * settles later into bytes or a streamed body. A pending response that consumes the request
 * body (an upload) also exposes a `BodySink`.
 */
import type { Socket } from 'node:net';

/** What the connection is told about its pending responses and body sinks. */
export interface ResponseOwner {
  /** The response's outcome is now known (it is no longer `working`). */
  onSettled(response: PendingResponse): void;
  /** A body sink that was full can take bytes again. */
  onSinkDrain(): void;
}

/** A body sent after a head, with backpressure; e.g. a file. */
export interface BodySource {
  /** Writes the whole body to `socket`; `done(true)` when all of it was written, `done(false)` if not. */
  pipeTo(socket: Socket, done: (complete: boolean) => void): void;
  /** Releases what the body holds (a file handle); safe to call more than once. */
  dispose(): void;
}

export type Outcome =
  | { readonly kind: 'working' }
  | { readonly kind: 'bytes'; readonly bytes: Buffer }
  | { readonly kind: 'stream'; readonly head: Buffer; readonly body: BodySource };

export const WORKING: Outcome = { kind: 'working' };

/** Where a request body goes: bytes in order, then `end()` or `fail()`. */
export interface BodySink {
  /** True while the sink wants no more bytes for now (the connection pauses the socket). */
  readonly full: boolean;
  /** Takes a view of the received bytes; the sink may keep it (it is never reused). */
  write(chunk: Buffer): void;
  /** The whole body arrived. */
  end(): void;
  /**
   * The body will not complete (bad framing, too large, too slow, peer half-closed): the sink
   * drops what it has and answers `status`, closing the connection.
   */
  fail(status: number): void;
}

/** A body nobody wants: read and dropped, so that the next request can be parsed. */
export const DISCARD: BodySink = {
  full: false,
  write() {},
  end() {},
  fail() {},
};

type Link =
  | { kind: 'unattached' }
  | { kind: 'attached'; owner: ResponseOwner }
  /** The connection is gone; nothing will be sent. */
  | { kind: 'cancelled' };

const UNATTACHED: Link = { kind: 'unattached' };
const CANCELLED: Link = { kind: 'cancelled' };

export abstract class PendingResponse {
  outcome: Outcome = WORKING;
  private link: Link = UNATTACHED;
  private begun = false;
  /** The sink for this request's body when this response consumes it (uploads), else null. */
  get sink(): BodySink | null {
    return null;
  }

  /**
   * Called by the connection when it queues this response. A response that settled before
   * (it should not, but) is found settled when the connection next drains its queue.
   */
  attach(owner: ResponseOwner): void {
    if (this.link.kind === 'unattached') this.link = { kind: 'attached', owner };
  }

  /**
   * Starts the work (opening a file, creating the temporary file). The connection calls it once
   * every upload queued before this response has finished, so that a request pipelined after an
   * upload sees the file it stored.
   */
  begin(): void {
    if (this.begun || this.link.kind === 'cancelled') return;
    this.begun = true;
    this.start();
  }

  get hasBegun(): boolean {
    return this.begun;
  }

  /** Whether this response changes files (an upload): later file work waits for it. */
  get isWrite(): boolean {
    return this.sink !== null;
  }

  /** The connection is gone: release what this response holds (file handles, temp files). */
  cancel(): void {
    if (this.link.kind === 'cancelled') return;
    this.link = CANCELLED;
    this.release();
  }

  protected abstract start(): void;
  protected abstract release(): void;

  protected settle(outcome: Outcome): void {
    this.outcome = outcome;
    if (this.link.kind === 'attached') this.link.owner.onSettled(this);
  }

  protected notifySinkDrain(): void {
    if (this.link.kind === 'attached') this.link.owner.onSinkDrain();
  }

  /** Whether the connection this response belongs to is gone. */
  protected get cancelled(): boolean {
    return this.link.kind === 'cancelled';
  }
}
