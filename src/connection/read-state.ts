/**
 * What a connection is reading (RFC 9112 §6: a head, then the body its framing announced), and
 * what it still writes.
 */
import type { BodySink } from '../http/handler.js';
import type { ChunkedDecoder } from '../wire/types.js';

export type ReadState =
  /** Parsing request heads (one or more, pipelined). */
  | { readonly kind: 'head' }
  /** A Content-Length body: `remaining` bytes to go into `sink`. */
  | { readonly kind: 'length-body'; remaining: number; readonly sink: BodySink; next: ReadState }
  /** A chunked body, decoded by `decoder`; `received` data bytes so far (for --max-body). */
  | {
      readonly kind: 'chunked-body';
      readonly decoder: ChunkedDecoder;
      received: number;
      readonly sink: BodySink;
      next: ReadState;
    }
  /** No more requests on this connection: input is read and dropped until the socket closes. */
  | { readonly kind: 'closing' };

export type BodyState = Extract<ReadState, { kind: 'length-body' | 'chunked-body' }>;

export const READING_HEAD: ReadState = { kind: 'head' };
export const CLOSING: ReadState = { kind: 'closing' };

/**
 * What the connection still writes: `open`; `close-after-queue` once the response that ends the
 * connection is queued (the socket is ended right after it is written); `ended` once it was.
 */
export type WriteState = 'open' | 'close-after-queue' | 'ended';
