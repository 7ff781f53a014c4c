/**
 * The parser's output array, sized and configured once per transport: control words (limits)
 * then room for a batch of records (docs/wire-spec.md §2).
 */
import {
  C_CAPACITY,
  C_FLAGS,
  C_MAX_HEAD,
  C_MAX_HEADERS,
  C_MAX_TARGET,
  DEFAULT_MAX_HEAD,
  DEFAULT_MAX_HEADERS,
  DEFAULT_MAX_TARGET,
  HEADER_WORDS,
  REC_FIXED,
  RECORDS_START,
} from '../wire/layout.js';

/** Records of the largest size the output has room for (the parser stops and resumes beyond). */
export function createParseOutput(records: number): Uint32Array {
  const out = new Uint32Array(RECORDS_START + records * (REC_FIXED + HEADER_WORDS * DEFAULT_MAX_HEADERS));
  out[C_MAX_HEAD] = DEFAULT_MAX_HEAD;
  out[C_MAX_TARGET] = DEFAULT_MAX_TARGET;
  out[C_MAX_HEADERS] = DEFAULT_MAX_HEADERS;
  out[C_FLAGS] = 0;
  out[C_CAPACITY] = out.length;
  return out;
}
