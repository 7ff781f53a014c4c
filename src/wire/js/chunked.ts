/**
 * The chunked body decoder of the TypeScript wire (docs/wire-spec.md §6, RFC 9112 §7.1).
 *
 * ```
 * chunked-body = *chunk last-chunk trailer-section CRLF
 * chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 * last-chunk   = 1*("0") [ chunk-ext ] CRLF
 * chunk-ext    = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] )
 * ext-val      = token / quoted-string
 * ```
 *
 * Unlike the head parser, which re-scans from R_CONSUMED, the decoder consumes every byte it is
 * given, so where it stands in the grammar lives in `state` between calls. Chunk data is never
 * copied: it is reported as spans of the caller's buffer.
 *
 * Each chunk-size line and each trailer line is capped at `maxLineBytes` (CR LF excluded): the
 * extensions and trailer values are otherwise unbounded, and a server that reads a 100 KiB
 * extension byte by byte for nothing is the CVE-2024-22019 class. The count lives in the decoder,
 * so the cap holds across any split of the input and nothing is buffered.
 */
import { WireError } from '../errors.js';
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
  DEFAULT_MAX_CHUNK_LINE,
} from '../layout.js';
import type { ChunkedDecoder, ChunkedDecoderOptions } from '../types.js';
import { FIELD_LINE_CHAR, HEX_VALUE, QDTEXT, QUOTED_PAIR_CHAR, TCHAR } from './tables.js';

/** Where the decoder stands in the chunked-body grammar: the next byte is read in this state. */
const State = {
  /** First HEXDIG of a chunk-size. */
  SIZE_FIRST: 0,
  /** More HEXDIGs, or what follows the size. */
  SIZE: 1,
  /** BWS after the size: only ';' may follow. */
  SIZE_BWS: 2,
  /** After ';' (and BWS): the first tchar of an ext-name. */
  EXT_NAME_FIRST: 3,
  EXT_NAME: 4,
  /** BWS after an ext-name: '=' or ';' may follow. */
  EXT_NAME_BWS: 5,
  /** After '=' (and BWS): a token or a quoted-string. */
  EXT_VALUE_FIRST: 6,
  EXT_TOKEN: 7,
  EXT_QUOTED: 8,
  /** After a backslash inside a quoted-string. */
  EXT_QUOTED_PAIR: 9,
  /** Just after the closing DQUOTE of a quoted ext-val. */
  EXT_QUOTED_END: 10,
  /** BWS after an ext-val: only ';' may follow. */
  EXT_VALUE_BWS: 11,
  /** The size line's CR was read: LF must follow. */
  SIZE_LINE_LF: 12,
  /** Inside chunk-data; `remaining` bytes are left. */
  DATA: 13,
  /** Chunk-data read: CR must follow. */
  DATA_CR: 14,
  DATA_LF: 15,
  /** First byte of a trailer field line, or of the final blank line. */
  TRAILER_LINE_FIRST: 16,
  TRAILER_NAME: 17,
  TRAILER_VALUE: 18,
  /** A trailer line's CR was read: LF must follow. */
  TRAILER_LINE_LF: 19,
  /** The final blank line's CR was read: LF must follow. */
  TRAILER_END_LF: 20,
  /** The body is complete; nothing more is consumed. */
  DONE: 21,
  /** A rule was broken; `errorCode` and `errorPosition` say which and where. */
  FAILED: 22,
} as const;
type State = (typeof State)[keyof typeof State];
/** States from SIZE_FIRST to this one are inside a chunk-size line, before its CR. */
const LAST_SIZE_LINE_STATE = State.EXT_VALUE_BWS;

const HTAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const DQUOTE = 0x22;
const COLON = 0x3a;
const SEMICOLON = 0x3b;
const EQUALS = 0x3d;
const BACKSLASH = 0x5c;
const NOT_HEX = 255;

/** 2^53 - 1: the largest chunk size accepted. */
const MAX_CHUNK_SIZE = Number.MAX_SAFE_INTEGER;

export class JsChunkedDecoder implements ChunkedDecoder {
  private readonly maxHeaders: number;
  private readonly maxHeadBytes: number;
  private readonly lenientBareLf: boolean;
  private readonly maxLineBytes: number;

  private state: State = State.SIZE_FIRST;
  /** The chunk-size being read, then the chunk-data bytes still to come. */
  private remaining = 0;
  /** Bytes of the trailer section read so far (counted against maxHeadBytes). */
  private trailerBytes = 0;
  /** Trailer field lines begun so far (counted against maxHeaders). */
  private trailerLines = 0;
  /** Bytes read of the current chunk-size line or trailer line (counted against maxLineBytes). */
  private lineBytes = 0;
  /** Stream position (bytes since the body began) of the first byte of the next call. */
  private position = 0;
  private errorCode = 0;
  private errorPosition = 0;

  constructor(options: ChunkedDecoderOptions) {
    this.maxHeaders = options.maxHeaders;
    this.maxHeadBytes = options.maxHeadBytes;
    this.lenientBareLf = options.lenientBareLf;
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_CHUNK_LINE;
  }

  decode(buf: Buffer, start: number, end: number, out: Uint32Array): number {
    if (!(start >= 0 && start <= end && end <= buf.length)) {
      throw new RangeError(`decode range [${start}, ${end}) is outside the buffer (length ${buf.length})`);
    }
    if (out.length < D_SPANS_START) {
      throw new RangeError(`decode: out must hold at least ${D_SPANS_START} words, got ${out.length}`);
    }
    const maxSpans = (out.length - D_SPANS_START) >>> 1;
    let spanCount = 0;
    let state = this.state;
    let p = start;

    scan: while (state !== State.DONE && state !== State.FAILED) {
      if (state >= State.TRAILER_LINE_FIRST && this.trailerBytes >= this.maxHeadBytes) {
        state = this.failAt(WireError.HEAD_TOO_LARGE, p, start);
        break;
      }
      if (p >= end) break;
      const b = buf[p];
      if (state <= LAST_SIZE_LINE_STATE || (state >= State.TRAILER_LINE_FIRST && state <= State.TRAILER_VALUE)) {
        // The line cap: the byte at index maxLineBytes of a line is one too many unless it is the
        // CR (or lone LF) that ends the line. Checked before the byte's own grammar, as
        // TARGET_TOO_LONG is in the head.
        if (state === State.SIZE_FIRST || state === State.TRAILER_LINE_FIRST) this.lineBytes = 0;
        if (this.lineBytes >= this.maxLineBytes && b !== CR && b !== LF) {
          state = this.failAt(WireError.CHUNK_LINE_TOO_LONG, p, start);
          break;
        }
        this.lineBytes++;
      }
      switch (state) {
        case State.SIZE_FIRST: {
          const digit = HEX_VALUE[b];
          if (digit === NOT_HEX) {
            state = this.failAt(WireError.INVALID_CHUNK_SIZE, p, start);
            break scan;
          }
          this.remaining = digit;
          state = State.SIZE;
          break;
        }
        case State.SIZE: {
          const digit = HEX_VALUE[b];
          if (digit !== NOT_HEX) {
            // Above 2^53 - 1 the double stays above it (rounding is monotonic): the test is exact.
            const size = this.remaining * 16 + digit;
            if (size > MAX_CHUNK_SIZE) {
              state = this.failAt(WireError.CHUNK_SIZE_TOO_LARGE, p, start);
              break scan;
            }
            this.remaining = size;
          } else if (b === SP || b === HTAB) {
            state = State.SIZE_BWS;
          } else if (b === SEMICOLON) {
            state = State.EXT_NAME_FIRST;
          } else if (b === CR || b === LF) {
            state = this.sizeLineEnd(b, p, start);
            if (state === State.FAILED) break scan;
          } else {
            state = this.failAt(WireError.INVALID_CHUNK_SIZE, p, start);
            break scan;
          }
          break;
        }
        case State.SIZE_BWS:
          if (b === SEMICOLON) {
            state = State.EXT_NAME_FIRST;
          } else if (b !== SP && b !== HTAB) {
            state = this.failAt(WireError.INVALID_CHUNK_SIZE, p, start);
            break scan;
          }
          break;
        case State.EXT_NAME_FIRST:
          if (TCHAR[b] !== 0) {
            state = State.EXT_NAME;
          } else if (b !== SP && b !== HTAB) {
            state = this.failAt(WireError.INVALID_CHUNK_EXTENSION, p, start);
            break scan;
          }
          break;
        case State.EXT_NAME:
          if (TCHAR[b] !== 0) break;
          if (b === SP || b === HTAB) state = State.EXT_NAME_BWS;
          else if (b === EQUALS) state = State.EXT_VALUE_FIRST;
          else if (b === SEMICOLON) state = State.EXT_NAME_FIRST;
          else if (b === CR || b === LF) state = this.sizeLineEnd(b, p, start);
          else state = this.failAt(WireError.INVALID_CHUNK_EXTENSION, p, start);
          if (state === State.FAILED) break scan;
          break;
        case State.EXT_NAME_BWS:
          if (b === EQUALS) state = State.EXT_VALUE_FIRST;
          else if (b === SEMICOLON) state = State.EXT_NAME_FIRST;
          else if (b !== SP && b !== HTAB) {
            state = this.failAt(WireError.INVALID_CHUNK_EXTENSION, p, start);
            break scan;
          }
          break;
        case State.EXT_VALUE_FIRST:
          if (TCHAR[b] !== 0) state = State.EXT_TOKEN;
          else if (b === DQUOTE) state = State.EXT_QUOTED;
          else if (b !== SP && b !== HTAB) {
            state = this.failAt(WireError.INVALID_CHUNK_EXTENSION, p, start);
            break scan;
          }
          break;
        case State.EXT_TOKEN:
          if (TCHAR[b] !== 0) break;
          state = this.afterExtValue(b, p, start);
          if (state === State.FAILED) break scan;
          break;
        case State.EXT_QUOTED:
          if (b === DQUOTE) state = State.EXT_QUOTED_END;
          else if (b === BACKSLASH) state = State.EXT_QUOTED_PAIR;
          else if (QDTEXT[b] === 0) {
            state = this.failAt(WireError.INVALID_CHUNK_EXTENSION, p, start);
            break scan;
          }
          break;
        case State.EXT_QUOTED_PAIR:
          if (QUOTED_PAIR_CHAR[b] === 0) {
            state = this.failAt(WireError.INVALID_CHUNK_EXTENSION, p, start);
            break scan;
          }
          state = State.EXT_QUOTED;
          break;
        case State.EXT_QUOTED_END:
          state = this.afterExtValue(b, p, start);
          if (state === State.FAILED) break scan;
          break;
        case State.EXT_VALUE_BWS:
          if (b === SEMICOLON) state = State.EXT_NAME_FIRST;
          else if (b !== SP && b !== HTAB) {
            state = this.failAt(WireError.INVALID_CHUNK_EXTENSION, p, start);
            break scan;
          }
          break;
        case State.SIZE_LINE_LF:
          if (b !== LF) {
            state = this.failAt(WireError.BARE_CR, p - 1, start);
            break scan;
          }
          state = this.afterSizeLine();
          break;
        case State.DATA: {
          if (spanCount === maxSpans) break scan;
          const available = end - p;
          const length = available < this.remaining ? available : this.remaining;
          const slot = D_SPANS_START + 2 * spanCount;
          out[slot] = p;
          out[slot + 1] = length;
          spanCount++;
          this.remaining -= length;
          if (this.remaining === 0) state = State.DATA_CR;
          p += length;
          continue scan;
        }
        case State.DATA_CR:
          if (b !== CR) {
            state = this.failAt(WireError.INVALID_CHUNK_DATA_END, p, start);
            break scan;
          }
          state = State.DATA_LF;
          break;
        case State.DATA_LF:
          if (b !== LF) {
            state = this.failAt(WireError.INVALID_CHUNK_DATA_END, p, start);
            break scan;
          }
          state = State.SIZE_FIRST;
          break;
        case State.TRAILER_LINE_FIRST:
          this.trailerBytes++;
          if (b === CR) state = State.TRAILER_END_LF;
          else if (b === LF) state = this.lenientBareLf ? State.DONE : this.failAt(WireError.BARE_LF, p, start);
          else if (b === SP || b === HTAB) state = this.failAt(WireError.OBS_FOLD, p, start);
          else if (this.trailerLines === this.maxHeaders) state = this.failAt(WireError.TOO_MANY_HEADERS, p, start);
          else if (TCHAR[b] === 0) state = this.failAt(WireError.INVALID_HEADER_NAME, p, start);
          else {
            this.trailerLines++;
            state = State.TRAILER_NAME;
          }
          if (state === State.FAILED) break scan;
          break;
        case State.TRAILER_NAME:
          this.trailerBytes++;
          if (TCHAR[b] !== 0) break;
          if (b !== COLON) {
            state = this.failAt(WireError.INVALID_HEADER_NAME, p, start);
            break scan;
          }
          state = State.TRAILER_VALUE;
          break;
        case State.TRAILER_VALUE:
          this.trailerBytes++;
          if (FIELD_LINE_CHAR[b] !== 0) break;
          if (b === CR) state = State.TRAILER_LINE_LF;
          else if (b === LF) {
            state = this.lenientBareLf ? State.TRAILER_LINE_FIRST : this.failAt(WireError.BARE_LF, p, start);
          } else state = this.failAt(WireError.INVALID_HEADER_VALUE, p, start);
          if (state === State.FAILED) break scan;
          break;
        case State.TRAILER_LINE_LF:
          this.trailerBytes++;
          if (b !== LF) {
            state = this.failAt(WireError.BARE_CR, p - 1, start);
            break scan;
          }
          state = State.TRAILER_LINE_FIRST;
          break;
        case State.TRAILER_END_LF:
          this.trailerBytes++;
          if (b !== LF) {
            state = this.failAt(WireError.BARE_CR, p - 1, start);
            break scan;
          }
          state = State.DONE;
          break;
      }
      p++;
    }

    this.state = state;
    this.position += p - start;
    out[D_CONSUMED] = p;
    out[D_SPAN_COUNT] = spanCount;
    if (state === State.FAILED) {
      out[D_STATUS] = DECODE_ERROR;
      out[D_ERROR_CODE] = this.errorCode;
      out[D_ERROR_POSITION] = this.errorPosition;
      return DECODE_ERROR;
    }
    out[D_ERROR_CODE] = 0;
    out[D_ERROR_POSITION] = 0;
    const status = state === State.DONE ? DECODE_DONE : DECODE_NEED_MORE;
    out[D_STATUS] = status;
    return status;
  }

  /** Records error `code` at the byte at offset `p` (`start` is this call's first offset). */
  private failAt(code: number, p: number, start: number): State {
    this.errorCode = code;
    this.errorPosition = this.position + (p - start);
    return State.FAILED;
  }

  /** The state after the CR or LF `b` (at offset `p`) that ends a chunk-size line. */
  private sizeLineEnd(b: number, p: number, start: number): State {
    if (b === CR) return State.SIZE_LINE_LF;
    return this.lenientBareLf ? this.afterSizeLine() : this.failAt(WireError.BARE_LF, p, start);
  }

  /** The size line is complete: chunk-data follows, or the trailer section after the last chunk. */
  private afterSizeLine(): State {
    if (this.remaining > 0) return State.DATA;
    this.trailerBytes = 0;
    this.trailerLines = 0;
    return State.TRAILER_LINE_FIRST;
  }

  /** The state after byte `b` that follows a complete ext-val. */
  private afterExtValue(b: number, p: number, start: number): State {
    if (b === SP || b === HTAB) return State.EXT_VALUE_BWS;
    if (b === SEMICOLON) return State.EXT_NAME_FIRST;
    if (b === CR || b === LF) return this.sizeLineEnd(b, p, start);
    return this.failAt(WireError.INVALID_CHUNK_EXTENSION, p, start);
  }
}
