/**
 * What a connection is reading (RFC 9112 §6: a head, then the body its framing announced).
 */
import type { ChunkedDecoder } from '../wire/types.js';
import type { BodySink } from './pending.js';

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

export const READING_HEAD: ReadState = { kind: 'head' };
export const CLOSING: ReadState = { kind: 'closing' };

/**
 * What the connection still writes: `open`; `close-after-queue` once the response that ends the
 * connection is queued (the socket is ended right after it is written); `ended` once it was.
 */
export type WriteState = 'open' | 'close-after-queue' | 'ended';

/** Which timer runs (one at a time; the server sweeps all connections periodically). */
export const TIMER_NONE = 0;
/** Keep-alive connection with nothing in flight: closed silently when it fires. */
export const TIMER_IDLE = 1;
/** Part of a head arrived: 408 and close when it fires (slowloris). */
export const TIMER_HEAD = 2;
/** A body is expected and nothing arrived for a while: 408 (uploads) and close. */
export const TIMER_BODY = 3;
/** Closing: waiting for the peer to close after our FIN; destroyed when it fires. */
export const TIMER_LINGER = 4;
export type TimerKind =
  | typeof TIMER_NONE
  | typeof TIMER_IDLE
  | typeof TIMER_HEAD
  | typeof TIMER_BODY
  | typeof TIMER_LINGER;
