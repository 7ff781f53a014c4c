/**
 * How the head scanner reports back to the parse loop: a head end offset (>= 0) when a head is
 * complete, or one of the negative values below. An error's code and offset go straight into the
 * caller's control block, which is where the parse result is read from anyway.
 */
import { R_ERROR_CODE, R_ERROR_OFFSET } from '../layout.js';

/** The head is a valid but incomplete beginning: more bytes are needed. */
export const HEAD_PARTIAL = -1;
/** The head broke a rule; R_ERROR_CODE and R_ERROR_OFFSET say which and where. */
export const HEAD_ERROR = -2;

/** Records error `code` found at absolute offset `offset`; returns HEAD_ERROR. */
export function fail(out: Uint32Array, code: number, offset: number): number {
  out[R_ERROR_CODE] = code;
  out[R_ERROR_OFFSET] = offset;
  return HEAD_ERROR;
}
