/**
 * Reads what the parser wrote into `out` (docs/wire-spec.md §1-2) back as plain values: the
 * result words, and each record with its fields decoded to latin1 strings. Offsets are shifted
 * by `shift` so that results from different buffers (padding, split input) compare equal.
 */
import {
  F_BODY_KIND,
  F_FLAGS,
  F_HEAD_END,
  F_HEAD_START,
  F_HEADER_COUNT,
  F_LENGTH_HI,
  F_LENGTH_LO,
  F_METHOD,
  F_METHOD_LEN,
  F_TARGET_FORM,
  F_TARGET_LEN,
  F_TARGET_START,
  F_VERSION_MINOR,
  F_WORDS,
  HEADER_WORDS,
  R_CONSUMED,
  R_COUNT,
  R_ERROR_CODE,
  R_ERROR_OFFSET,
  R_STATUS,
  REC_FIXED,
  RECORDS_START,
} from '../../src/wire/layout.js';

export interface ParsedHeader {
  name: string;
  value: string;
  nameStart: number;
  valueStart: number;
  id: number;
}

export interface ParsedRecord {
  headStart: number;
  headEnd: number;
  method: string;
  methodId: number;
  target: string;
  targetStart: number;
  form: number;
  minor: number;
  flags: number;
  bodyKind: number;
  length: number;
  headers: ParsedHeader[];
}

export interface ParseResult {
  status: number;
  count: number;
  consumed: number;
  errorCode: number;
  errorOffset: number;
}

export function readResult(out: Uint32Array, shift = 0): ParseResult {
  const errorOffset = out[R_ERROR_OFFSET];
  return {
    status: out[R_STATUS],
    count: out[R_COUNT],
    consumed: out[R_CONSUMED] + shift,
    errorCode: out[R_ERROR_CODE],
    // 0 means "no error" and is not an offset, so it is not shifted.
    errorOffset: out[R_ERROR_CODE] === 0 ? errorOffset : errorOffset + shift,
  };
}

function latin1(buf: Buffer, start: number, length: number): string {
  return buf.toString('latin1', start, start + length);
}

/** The words of every record, in order (for exact comparisons between implementations). */
export function recordWords(out: Uint32Array): Uint32Array[] {
  const records: Uint32Array[] = [];
  let at = RECORDS_START;
  for (let i = 0; i < out[R_COUNT]; i++) {
    const words = out[at + F_WORDS];
    if (words < REC_FIXED || at + words > out.length) {
      throw new Error(`record ${i} at word ${at} claims ${words} words`);
    }
    records.push(out.slice(at, at + words));
    at += words;
  }
  return records;
}

export function decodeRecord(buf: Buffer, words: Uint32Array, shift = 0): ParsedRecord {
  const headStart = words[F_HEAD_START];
  const targetStart = words[F_TARGET_START];
  const headers: ParsedHeader[] = [];
  for (let h = 0; h < words[F_HEADER_COUNT]; h++) {
    const w = REC_FIXED + h * HEADER_WORDS;
    headers.push({
      name: latin1(buf, words[w], words[w + 1]),
      value: latin1(buf, words[w + 2], words[w + 3]),
      nameStart: words[w] + shift,
      valueStart: words[w + 2] + shift,
      id: words[w + 4],
    });
  }
  return {
    headStart: headStart + shift,
    headEnd: words[F_HEAD_END] + shift,
    method: latin1(buf, headStart, words[F_METHOD_LEN]),
    methodId: words[F_METHOD],
    target: latin1(buf, targetStart, words[F_TARGET_LEN]),
    targetStart: targetStart + shift,
    form: words[F_TARGET_FORM],
    minor: words[F_VERSION_MINOR],
    flags: words[F_FLAGS],
    bodyKind: words[F_BODY_KIND],
    length: words[F_LENGTH_HI] * 2 ** 32 + words[F_LENGTH_LO],
    headers,
  };
}

export function readRecords(buf: Buffer, out: Uint32Array, shift = 0): ParsedRecord[] {
  return recordWords(out).map((words) => decodeRecord(buf, words, shift));
}
