/**
 * The interface that both wire implementations, native (crates/wire through napi) and the
 * TypeScript twin (src/wire/js/), provide. docs/wire-spec.md says what each call does.
 */

export type WireName = 'native' | 'js';

export interface ChunkedDecoderOptions {
  maxHeaders: number;
  maxHeadBytes: number;
  lenientBareLf: boolean;
  /**
   * Cap on the bytes of one chunk-size line (size and extensions) and of one trailer line, CR LF
   * excluded; CHUNK_LINE_TOO_LONG beyond. Default DEFAULT_MAX_CHUNK_LINE (4096).
   */
  maxLineBytes?: number;
}

/** Stateful decoder of one chunked request body (docs/wire-spec.md §6). */
export interface ChunkedDecoder {
  /** Consumes `buf[start, end)`, writes spans and status into `out`; returns D_STATUS. */
  decode(buf: Buffer, start: number, end: number, out: Uint32Array): number;
}

export interface Wire {
  readonly name: WireName;
  /** Parses request heads from `buf[start, end)` into `out`; returns R_STATUS (§1-3). */
  parse(buf: Buffer, start: number, end: number, out: Uint32Array): number;
  createChunkedDecoder(options: ChunkedDecoderOptions): ChunkedDecoder;
  /**
   * Serialises a response head (and a small body) into one Buffer (§7).
   * `headers` is flat: [name, value, name, value, ...]. `contentLength` -1 means none
   * (or body.length when a body is given).
   */
  writeResponse(status: number, headers: readonly string[], contentLength: number, body?: Buffer): Buffer;
}
