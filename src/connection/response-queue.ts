/**
 * The responses of one connection not yet written, in request order: bytes ready to go, and
 * pending responses with what their rendering needs (the request's shape and the connection
 * mode decided for it), since a pending response itself knows neither. Empty in the common case.
 *
 * Uploads are write barriers: a response queued after an upload still in flight is not begun
 * until it finished, so that a request pipelined after an upload sees the file it stored.
 */
import type { ConnMode } from '../http/conn-mode.js';
import { CLOSE } from '../http/conn-mode.js';
import type { BodySink, PendingResponse, ResponseOwner } from '../http/handler.js';
import type { RequestShape } from '../http/render.js';

export interface QueuedResponse {
  readonly response: PendingResponse;
  readonly shape: RequestShape;
  mode: ConnMode;
}

export type QueueItem = Buffer | QueuedResponse;

/** The four request shapes, made once: queuing a response allocates only its entry. */
const SHAPES: readonly RequestShape[] = [
  { head: false, minor: 0 },
  { head: false, minor: 1 },
  { head: true, minor: 0 },
  { head: true, minor: 1 },
];

export function shapeOf(head: boolean, minor: number): RequestShape {
  return SHAPES[(head ? 2 : 0) + (minor === 0 ? 0 : 1)];
}

export class ResponseQueue {
  private readonly items: QueueItem[] = [];

  get length(): number {
    return this.items.length;
  }

  get front(): QueueItem | undefined {
    return this.items[0];
  }

  shift(): void {
    this.items.shift();
  }

  pushBytes(bytes: Buffer): void {
    this.items.push(bytes);
  }

  /** Queues `response` for its owner and begins it if no upload before it is in flight. */
  pushPending(response: PendingResponse, shape: RequestShape, mode: ConnMode, owner: ResponseOwner): void {
    this.items.push({ response, shape, mode });
    response.attach(owner);
    this.beginReady();
  }

  /** Begins queued responses in order, up to the first upload still in flight (a write barrier). */
  beginReady(): void {
    for (const item of this.items) {
      if (Buffer.isBuffer(item)) continue;
      const response = item.response;
      response.begin();
      if (response.isWrite && response.outcome.kind === 'working') return;
    }
  }

  /** The response reading into `sink` will be the connection's last: it says so (`Connection: close`). */
  closeAfter(sink: BodySink): void {
    for (const item of this.items) {
      if (!Buffer.isBuffer(item) && item.response.sink === sink) item.mode = CLOSE;
    }
  }

  /** The connection is gone: every pending response releases what it holds. */
  cancelAll(): void {
    for (const item of this.items) if (!Buffer.isBuffer(item)) item.response.cancel();
    this.items.length = 0;
  }
}
