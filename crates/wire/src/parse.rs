//! The request-head parser's entry point (docs/wire-spec.md §1): reads the config words of the
//! control block, parses heads one after another, writes the result words.

use crate::head::{scan_head, Limits, Stop};
use crate::layout::*;

/// Parses request heads from `buf[start..end)` into `out`: records from word 16, result in the
/// control block (docs/wire-spec.md §1-2). Returns `out[R_STATUS]`.
///
/// Never panics, whatever the arguments; a caller that breaks the calling convention gets:
/// - `out.len() < 16` (no room for the control block): nothing is read or written, the return
///   value is DONE. The glue always passes a longer array; this only keeps a bad call harmless.
/// - `end > buf.len()` is clamped to `buf.len()`, and `start > end` to `end`; offsets are `u32`
///   words, so `end` is also clamped to `u32::MAX`.
/// - `C_CAPACITY > out.len()` is clamped to `out.len()`. A capacity too small for one record
///   (`REC_FIXED + 5 * C_MAX_HEADERS` words from word 16) gives DONE with nothing consumed.
pub fn parse(buf: &[u8], start: usize, end: usize, out: &mut [u32]) -> u32 {
    if out.len() < RECORDS_START as usize {
        return STATUS_DONE;
    }
    let end = end.min(buf.len()).min(u32::MAX as usize);
    let start = start.min(end);
    let limits = Limits {
        max_head: out[C_MAX_HEAD as usize] as usize,
        max_target: out[C_MAX_TARGET as usize] as usize,
        max_headers: out[C_MAX_HEADERS as usize] as usize,
        lenient_bare_lf: out[C_FLAGS as usize] & LENIENT_BARE_LF != 0,
    };
    let capacity = (out[C_CAPACITY as usize] as usize).min(out.len());
    let largest_record = (REC_FIXED as usize)
        .saturating_add((HEADER_WORDS as usize).saturating_mul(limits.max_headers));

    let mut status = STATUS_DONE;
    let mut error = (0, 0);
    let mut consumed = start;
    let mut count = 0u32;
    let mut w = RECORDS_START as usize;
    while consumed < end && w.saturating_add(largest_record) <= capacity {
        let rec = &mut out[w..w + largest_record];
        match scan_head(buf, consumed, end, &limits, rec) {
            Ok(head_end) => {
                count += 1;
                consumed = head_end;
                let has_body = match rec[F_BODY_KIND as usize] {
                    BODY_CHUNKED => true,
                    BODY_LENGTH => rec[F_LENGTH_HI as usize] | rec[F_LENGTH_LO as usize] != 0,
                    _ => false,
                };
                w += rec[F_WORDS as usize] as usize;
                // The caller reads a body before anything after it can be parsed.
                if has_body {
                    break;
                }
            }
            Err(Stop::Partial) => {
                status = STATUS_PARTIAL;
                break;
            }
            Err(Stop::Error(code, offset)) => {
                status = STATUS_ERROR;
                error = (code as u32, offset as u32);
                break;
            }
        }
    }
    out[R_STATUS as usize] = status;
    out[R_COUNT as usize] = count;
    out[R_CONSUMED as usize] = consumed as u32;
    out[R_ERROR_CODE as usize] = error.0;
    out[R_ERROR_OFFSET as usize] = error.1;
    status
}
