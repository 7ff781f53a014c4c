/**
 * A response plan: what a handler answers, before it is bytes. Status, header fields, and a
 * body that is none, bytes, a range of an open file, several ranges of one (multipart), or a
 * stream of unknown length. Handlers never see the connection's mode: the renderer adds
 * `Connection` (and `Date` with --date), and framing.ts decides Content-Length, chunked or
 * close-delimited from the status, the method and the version.
 */
import type { HeadTemplate } from './compiled.js';

/** A body written after the head, with backpressure (a file, a compressor). */
export interface BodySource {
  /**
   * Writes the whole body to `out`, in pieces each passed to `write` (which frames it: as is, or
   * as a chunk); calls `done(true)` once all of it was written, `done(false)` if it could not be.
   */
  pipeTo(out: ByteSink, done: (complete: boolean) => void): void;
  /** Releases what the body holds (a file handle); safe to call more than once. */
  dispose(): void;
}

/** Where a body source writes: a socket, a node:http response, or a chunked framer around one. */
export interface ByteSink {
  /** False when the sink's buffer is full: wait for `drain` before writing more. */
  write(bytes: Buffer): boolean;
  readonly destroyed: boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
}

export type PlanBody =
  /** No content: `Content-Length: 0` where the status allows content, nothing where it does not. */
  | { readonly kind: 'none' }
  /** Content in memory. */
  | { readonly kind: 'bytes'; readonly bytes: Buffer; readonly memo?: ResponseMemo }
  /** `length` bytes of known size from `source` (a file, or a range of one). */
  | { readonly kind: 'sized'; readonly length: number; readonly source: BodySource }
  /** Content whose length is not known before it is sent (on-the-fly compression). */
  | { readonly kind: 'stream'; readonly source: BodySource };

/**
 * Whole responses remembered for a body that is sent often (a cached small file): given the
 * compiled head and the mode, the head and body as one Buffer.
 */
export interface ResponseMemo {
  response(head: HeadTemplate, mode: number): Buffer;
}

export interface ResponsePlan {
  readonly status: number;
  /**
   * The header fields besides the framing ones, `Connection` and `Date`: a compiled head (made
   * once, for responses whose fields never change; its status wins) or a flat
   * `[name, value, name, value, ...]` list.
   */
  readonly headers: HeadTemplate | readonly string[];
  readonly body: PlanBody;
}

export const NO_BODY: PlanBody = { kind: 'none' };
const NO_HEADERS: readonly string[] = [];

/** A plan with no content and no header fields besides the ones the renderer adds. */
export function emptyPlan(status: number, headers: readonly string[] = NO_HEADERS): ResponsePlan {
  return { status, headers, body: NO_BODY };
}
