/**
 * Feeds a chunked body to one decoder (docs/wire-spec.md §6) in chunks, the way a connection
 * does: each chunk in its own buffer with poison bytes around it, calling again from D_CONSUMED
 * when the span list filled up. The outcome is normalised (stream positions, data as latin1).
 */
import {
  D_CONSUMED,
  D_ERROR_CODE,
  D_ERROR_POSITION,
  D_SPAN_COUNT,
  D_SPANS_START,
  D_STATUS,
  DECODE_DONE,
  DECODE_ERROR,
  DECODE_NEED_MORE,
} from '../../src/wire/layout.js';
import type { ChunkedDecoderOptions, Wire } from '../../src/wire/types.js';
import { chunksOf, PAD_AFTER, PAD_BEFORE } from './drive.js';
import { codeName } from './summary.js';

export type DecodeOutcome =
  | { status: 'NEED_MORE'; data: string }
  /** `end`: stream position just past the body (where the next request starts). */
  | { status: 'DONE'; data: string; end: number }
  | { status: 'ERROR'; data: string; code: string; position: number }
  | { status: 'STALLED'; data: string; at: number }
  | { status: 'BAD_STATUS'; data: string; word: number };

export const DEFAULT_DECODER_OPTIONS: ChunkedDecoderOptions = Object.freeze({
  maxHeaders: 100,
  maxHeadBytes: 16384,
  lenientBareLf: false,
});

export function decoderOut(spans = 64): Uint32Array {
  return new Uint32Array(D_SPANS_START + 2 * spans);
}

export function decodeInChunks(
  wire: Wire,
  input: Buffer,
  cuts: readonly number[],
  options: ChunkedDecoderOptions,
  spans = 64,
): DecodeOutcome {
  const decoder = wire.createChunkedDecoder(options);
  const out = decoderOut(spans);
  let data = '';
  let streamAt = 0;
  for (const chunk of chunksOf(input, cuts)) {
    const buf = Buffer.concat([PAD_BEFORE, chunk, PAD_AFTER]);
    const start = PAD_BEFORE.length;
    const end = start + chunk.length;
    const shift = streamAt - start;
    streamAt += chunk.length;
    let pos = start;
    // Each call either ends the body, consumes the rest, or makes progress; bounded anyway.
    for (let calls = 0; pos < end; calls++) {
      if (calls > chunk.length + 2) return { status: 'STALLED', data, at: pos + shift };
      const status = decoder.decode(buf, pos, end, out);
      for (let s = 0; s < out[D_SPAN_COUNT]; s++) {
        const spanStart = out[D_SPANS_START + 2 * s];
        data += buf.toString('latin1', spanStart, spanStart + out[D_SPANS_START + 2 * s + 1]);
      }
      if (status !== out[D_STATUS]) return { status: 'BAD_STATUS', data, word: status };
      if (status === DECODE_ERROR) return { status: 'ERROR', data, code: codeName(out[D_ERROR_CODE]), position: out[D_ERROR_POSITION] };
      if (status === DECODE_DONE) return { status: 'DONE', data, end: out[D_CONSUMED] + shift };
      if (status !== DECODE_NEED_MORE) return { status: 'BAD_STATUS', data, word: status };
      if (out[D_CONSUMED] <= pos && out[D_SPAN_COUNT] === 0) return { status: 'STALLED', data, at: pos + shift };
      pos = out[D_CONSUMED];
    }
  }
  return { status: 'NEED_MORE', data };
}
