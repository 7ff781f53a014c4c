/**
 * The one boundary between the transports (ferroserve's connection, node:http through
 * createHandler) and the features (the route table, files, echo): a `Handler` answers a request
 * view through a `Reply` at once, or returns a `PendingResponse` that settles later with a
 * response plan. Transports implement `Reply` and `ResponseOwner`; features implement
 * `Handler` and extend `PendingResponse`. Nothing here knows a transport or a feature, and the
 * connection's keep-alive mode never crosses it.
 *
 * In-memory answers go through `Reply` with no object, closure or promise per request; a pending
 * response that consumes the request body (an upload) also exposes a `BodySink`.
 */
import type { FixedResponse, HeadTemplate } from './compiled.js';
import type { ResponsePlan } from './plan.js';
import type { RequestView } from './request.js';

export interface Handler {
  /**
   * Answers `request`: through `reply`, returning null, or with a pending response. The view is
   * valid only during this call: a pending response copies what it needs first.
   */
  handle(request: RequestView, reply: Reply): PendingResponse | null;
}

/** How a handler answers at once. The transport adds framing, Connection and Date, and drops a HEAD's body. */
export interface Reply {
  /** A compiled head and `body[start, end)` as its content (null: no content to send). */
  compiled(head: HeadTemplate, body: Buffer | null, start: number, end: number): void;
  /** A response with no content whose bytes never change. */
  fixed(response: FixedResponse): void;
  /** Any plan whose body is in memory (none or bytes). */
  plan(plan: ResponsePlan): void;
  /** The client's address, when the transport knows it (read only by the access log). */
  readonly remoteAddress: string | undefined;
}

/**
 * Told of the answers a transport gives on its own, before any handler ran (a head the wire
 * refuses, a body over the limit, a head too slow): the access log, so that it misses none.
 * `request` is the head when it was parsed, else null.
 */
export interface RefusalListener {
  refused(status: number, request: RequestView | null, remoteAddress: string | undefined): void;
}

/** What a transport is told about its pending responses and body sinks. */
export interface ResponseOwner {
  /** The response's outcome is now known (it is no longer `working`). */
  onSettled(response: PendingResponse): void;
  /** A body sink that was full can take bytes again. */
  onSinkDrain(): void;
}

export type Outcome = { readonly kind: 'working' } | { readonly kind: 'plan'; readonly plan: ResponsePlan };

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

/**
 * `starting`: inside `start()`. A response that settles there (a cached file, answered at once)
 * does not tell its owner: whoever called `begin()` looks at `outcome` when it returns, which
 * spares the owner a re-entrant call in the middle of queueing.
 */
type Phase = 'waiting' | 'starting' | 'started';

export abstract class PendingResponse {
  outcome: Outcome = WORKING;
  private link: Link = UNATTACHED;
  private phase: Phase = 'waiting';
  /** The sink for this request's body when this response consumes it (uploads), else null. */
  get sink(): BodySink | null {
    return null;
  }

  /** Called by the transport when it queues this response. */
  attach(owner: ResponseOwner): void {
    if (this.link.kind === 'unattached') this.link = { kind: 'attached', owner };
  }

  /**
   * Starts the work (opening a file, creating the temporary file). The connection calls it once
   * every upload queued before this response has finished, so that a request pipelined after an
   * upload sees the file it stored. The response may be settled when this returns: the caller
   * checks `outcome` (see `Phase`).
   */
  begin(): void {
    if (this.phase !== 'waiting' || this.link.kind === 'cancelled') return;
    this.phase = 'starting';
    try {
      this.start();
    } finally {
      this.phase = 'started';
    }
  }

  get hasBegun(): boolean {
    return this.phase !== 'waiting';
  }

  /** Whether this response changes files (an upload): later file work waits for it. */
  get isWrite(): boolean {
    return this.sink !== null;
  }

  /** The transport is gone: release what this response holds (file handles, temp files). */
  cancel(): void {
    if (this.link.kind === 'cancelled') return;
    this.link = CANCELLED;
    this.release();
  }

  protected abstract start(): void;
  protected abstract release(): void;

  /** Settles with `plan`: the transport renders and sends it in its turn. */
  protected settle(plan: ResponsePlan): void {
    this.outcome = { kind: 'plan', plan };
    if (this.link.kind === 'attached' && this.phase === 'started') this.link.owner.onSettled(this);
  }

  protected notifySinkDrain(): void {
    if (this.link.kind === 'attached') this.link.owner.onSinkDrain();
  }

  /** Whether the connection this response belongs to is gone. */
  protected get cancelled(): boolean {
    return this.link.kind === 'cancelled';
  }
}
