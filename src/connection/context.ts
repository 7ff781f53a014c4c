/**
 * What every connection of one server shares: the wire, the parser's output arrays, the
 * handler, the renderer, the limits. Shared arrays are safe because a connection uses them only
 * synchronously, within one event (a chunk, a settled response, a timer), and copies what it
 * keeps. Nothing here is a feature: the handler is whatever implements http/handler.ts.
 */
import type { Responses } from '../http/compiled.js';
import type { Handler, RefusalListener } from '../http/handler.js';
import type { OutBatch } from '../http/out-batch.js';
import type { Renderer } from '../http/render.js';
import type { RequestView } from '../http/request.js';
import type { ChunkedDecoderOptions, Wire } from '../wire/types.js';
import type { WireReply } from './wire-reply.js';

export interface ConnectionLimits {
  /** Largest request body accepted, in bytes (--max-body). */
  readonly maxBody: number;
  /** Keep-alive connection with nothing in flight is closed after this long (--idle-timeout). */
  readonly idleTimeoutMs: number;
  /** A head must arrive completely within this long of its first byte (--head-timeout). */
  readonly headTimeoutMs: number;
  /** A connection whose response bytes make no progress this long is closed (--send-timeout). */
  readonly sendTimeoutMs: number;
  /** After the server ended a connection, how long it waits for the peer to close. */
  readonly lingerMs: number;
  /** Pipelined responses waiting behind a slow one before the socket stops being read. */
  readonly maxQueuedResponses: number;
}

export interface ConnectionContext {
  readonly wire: Wire;
  /** The parser's output (control block and records), shared by all connections. */
  readonly out: Uint32Array;
  /** The chunked decoder's output, shared by all connections. */
  readonly decodeOut: Uint32Array;
  /** Responses ready to leave in one write, filled and flushed within one event. */
  readonly batch: OutBatch;
  readonly view: RequestView;
  /** What answers each request (the route table). */
  readonly handler: Handler;
  /** Told of the answers the connection gives on its own (the access log), or null. */
  readonly refusals: RefusalListener | null;
  /** The `Reply` handlers answer through at once; writes into `batch`. */
  readonly reply: WireReply;
  /** Turns the plans of responses that settled later into bytes. */
  readonly renderer: Renderer;
  /** Error answers the connection gives itself (400s of the wire, 408, 413). */
  readonly responses: Responses;
  readonly limits: ConnectionLimits;
  readonly decoderOptions: ChunkedDecoderOptions;
  /** `draining` once the server shuts down: every response then closes its connection. */
  readonly lifecycle: 'serving' | 'draining';
  /** A fault in ferroserve itself (a bug): one line on stderr; the server goes on. */
  reportInternalError(error: unknown): void;
  /** A connection closed for good. */
  forget(connection: object): void;
}
