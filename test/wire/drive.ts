/**
 * A miniature connection: bytes arrive in chunks, heads are parsed, Content-Length bodies are
 * taken as they are, chunked bodies go through the decoder, and parsing resumes where a body
 * ended. The unconsumed tail of a head is kept and prepended to the next chunk (the parser is
 * stateless and re-parses from R_CONSUMED). The result is normalised (stream offsets, strings)
 * so that any split of the input, and any implementation, can be compared with `toEqual`.
 *
 * Every buffer handed to the wire has poison bytes before `start` and after `end`: an
 * implementation that looks outside its range gets a different answer.
 */
import {
  BODY_CHUNKED,
  BODY_LENGTH,
  D_CONSUMED,
  D_ERROR_CODE,
  D_ERROR_POSITION,
  D_SPAN_COUNT,
  D_SPANS_START,
  D_STATUS,
  DECODE_DONE,
  DECODE_ERROR,
  DECODE_NEED_MORE,
  R_CONSUMED,
  R_STATUS,
  STATUS_DONE,
  STATUS_ERROR,
  STATUS_PARTIAL,
} from '../../src/wire/layout.js';
import type { ChunkedDecoder, Wire } from '../../src/wire/types.js';
import { makeOut, type WireConfig } from './config.js';
import { readRecords, readResult, type ParsedRecord } from './records.js';

export const PAD_BEFORE = Buffer.from('@\r\n', 'latin1');
export const PAD_AFTER = Buffer.from('\r\n\r\n', 'latin1');

export interface DrivenRequest {
  record: ParsedRecord;
  /** Body bytes as latin1 (as far as they arrived). */
  body: string;
}

/** Where the connection stood when the input ran out (or broke). */
export type DriveEnd =
  | { state: 'idle' }
  | { state: 'partial-head'; from: number }
  | { state: 'in-length-body'; remaining: number }
  | { state: 'in-chunked-body' }
  | { state: 'head-error'; code: number; offset: number }
  | { state: 'body-error'; code: number; position: number; bodyStart: number }
  /** The parser returned DONE with no record and no progress (capacity below one record). */
  | { state: 'stalled'; at: number }
  /** The decoder returned NEED_MORE without progress or output short of `end`. */
  | { state: 'decoder-stalled'; at: number }
  /** A status outside the contract, or a returned status that differs from the status word. */
  | { state: 'bad-status'; status: number; at: number };

export interface DriveResult {
  requests: DrivenRequest[];
  end: DriveEnd;
}

type Reading =
  | { kind: 'head' }
  | { kind: 'length'; remaining: number; request: DrivenRequest }
  | { kind: 'chunked'; decoder: ChunkedDecoder; bodyStart: number; request: DrivenRequest }
  | { kind: 'over'; end: DriveEnd };

export interface DriveOptions {
  /** Spans the decoder's `out` can hold per call. */
  decoderSpans?: number;
}

/** Cut positions: none (the whole input at once). */
export const WHOLE: readonly number[] = [];

export function splitAt(position: number): number[] {
  return [position];
}

export function everyByte(length: number): number[] {
  return Array.from({ length: Math.max(0, length - 1) }, (_, i) => i + 1);
}

/** `input` cut at `cuts` (ascending; cuts outside (0, length) are ignored). */
export function chunksOf(input: Buffer, cuts: readonly number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let from = 0;
  for (const cut of cuts) {
    if (cut > from && cut < input.length) {
      chunks.push(input.subarray(from, cut));
      from = cut;
    }
  }
  chunks.push(input.subarray(from));
  return chunks;
}

/** Upper bound on wire calls per chunk; a correct wire needs far fewer. */
const MAX_CALLS_PER_CHUNK = 10_000;

export function drive(
  wire: Wire,
  input: Buffer,
  cuts: readonly number[],
  config: WireConfig,
  options: DriveOptions = {},
): DriveResult {
  const out = makeOut(config);
  const decoderOut = new Uint32Array(D_SPANS_START + 2 * (options.decoderSpans ?? 64));
  const requests: DrivenRequest[] = [];
  let reading: Reading = { kind: 'head' };
  let tail = Buffer.alloc(0);
  let tailStart = 0;
  let streamAt = 0; // stream offset of the next chunk's first byte

  for (const chunk of chunksOf(input, cuts)) {
    if (reading.kind === 'over') break;
    const buf = Buffer.concat([PAD_BEFORE, tail, chunk, PAD_AFTER]);
    const start = PAD_BEFORE.length;
    const end = start + tail.length + chunk.length;
    const shift = (tail.length > 0 ? tailStart : streamAt) - start;
    streamAt += chunk.length;
    tail = Buffer.alloc(0);
    let pos = start;

    for (let calls = 0; ; calls++) {
      if (calls > MAX_CALLS_PER_CHUNK) throw new Error('driver: too many wire calls for one chunk');
      if (reading.kind === 'over') break;
      if (reading.kind === 'length') {
        const n = Math.min(reading.remaining, end - pos);
        reading.request.body += buf.toString('latin1', pos, pos + n);
        reading.remaining -= n;
        pos += n;
        if (reading.remaining > 0) break;
        reading = { kind: 'head' };
        continue;
      }
      if (pos === end) break;
      if (reading.kind === 'chunked') {
        const status: number = reading.decoder.decode(buf, pos, end, decoderOut);
        for (let s = 0; s < decoderOut[D_SPAN_COUNT]; s++) {
          const spanStart = decoderOut[D_SPANS_START + 2 * s];
          const spanLength = decoderOut[D_SPANS_START + 2 * s + 1];
          reading.request.body += buf.toString('latin1', spanStart, spanStart + spanLength);
        }
        const consumed = decoderOut[D_CONSUMED];
        if (status !== decoderOut[D_STATUS]) {
          reading = { kind: 'over', end: { state: 'bad-status', status, at: pos + shift } };
        } else if (status === DECODE_ERROR) {
          reading = {
            kind: 'over',
            end: {
              state: 'body-error',
              code: decoderOut[D_ERROR_CODE],
              position: decoderOut[D_ERROR_POSITION],
              bodyStart: reading.bodyStart,
            },
          };
        } else if (status === DECODE_DONE) {
          pos = consumed;
          reading = { kind: 'head' };
        } else if (status === DECODE_NEED_MORE) {
          if (consumed === end) break;
          if (consumed <= pos && decoderOut[D_SPAN_COUNT] === 0) {
            reading = { kind: 'over', end: { state: 'decoder-stalled', at: pos + shift } };
          }
          pos = consumed;
        } else {
          reading = { kind: 'over', end: { state: 'bad-status', status, at: pos + shift } };
        }
        continue;
      }
      // Reading a head.
      const status = wire.parse(buf, pos, end, out);
      if (status !== out[R_STATUS]) {
        reading = { kind: 'over', end: { state: 'bad-status', status, at: pos + shift } };
        break;
      }
      const records = readRecords(buf, out, shift);
      for (const record of records) requests.push({ record, body: '' });
      if (status === STATUS_ERROR) {
        const result = readResult(out, shift);
        reading = { kind: 'over', end: { state: 'head-error', code: result.errorCode, offset: result.errorOffset } };
        break;
      }
      const consumed = out[R_CONSUMED];
      if (status === STATUS_PARTIAL) {
        tail = Buffer.from(buf.subarray(consumed, end));
        tailStart = consumed + shift;
        break;
      }
      if (status !== STATUS_DONE) {
        reading = { kind: 'over', end: { state: 'bad-status', status, at: pos + shift } };
        break;
      }
      if (records.length === 0 && consumed < end) {
        reading = { kind: 'over', end: { state: 'stalled', at: pos + shift } };
        break;
      }
      pos = consumed;
      const last = records[records.length - 1];
      if (last?.bodyKind === BODY_LENGTH && last.length > 0) {
        reading = { kind: 'length', remaining: last.length, request: requests[requests.length - 1] };
      } else if (last?.bodyKind === BODY_CHUNKED) {
        reading = {
          kind: 'chunked',
          decoder: wire.createChunkedDecoder({
            maxHeaders: config.maxHeaders,
            maxHeadBytes: config.maxHead,
            lenientBareLf: config.lenientBareLf,
            maxLineBytes: config.maxLineBytes,
          }),
          bodyStart: pos + shift,
          request: requests[requests.length - 1],
        };
      }
    }
  }
  return { requests, end: endOf(reading, tail, tailStart) };
}

function endOf(reading: Reading, tail: Buffer, tailStart: number): DriveEnd {
  switch (reading.kind) {
    case 'over':
      return reading.end;
    case 'length':
      return { state: 'in-length-body', remaining: reading.remaining };
    case 'chunked':
      return { state: 'in-chunked-body' };
    case 'head':
      return tail.length > 0 ? { state: 'partial-head', from: tailStart } : { state: 'idle' };
  }
}
