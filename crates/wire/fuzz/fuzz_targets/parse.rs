//! Fuzzes `wire::parse`: the first bytes choose the limits, the flags and a split point; the rest
//! is the input. Besides not panicking, the result words must stay in range and the split must
//! give the result of the whole (docs/wire-spec.md §3).
#![no_main]

use libfuzzer_sys::fuzz_target;
use wire::layout::*;

const CONFIG_BYTES: usize = 6;

fn out_for(data: &[u8]) -> Vec<u32> {
    let max_headers = u32::from(data[2] % 16);
    let len = (RECORDS_START + 4 * (REC_FIXED + HEADER_WORDS * max_headers)) as usize;
    let mut out = vec![0u32; len];
    out[C_MAX_HEAD as usize] = u32::from(u16::from_le_bytes([data[0], data[5]]));
    out[C_MAX_TARGET as usize] = u32::from(data[1]) * 4;
    out[C_MAX_HEADERS as usize] = max_headers;
    out[C_FLAGS as usize] = u32::from(data[3] & 1);
    out[C_CAPACITY as usize] = len as u32;
    out
}

/// Parses `input` as a caller would, re-parsing from R_CONSUMED after each chunk end in `cuts`
/// (Content-Length bodies skipped). Returns every record word and the final control words.
fn drive(input: &[u8], cuts: &[usize], config: &[u8]) -> (Vec<u32>, [u32; 3]) {
    let mut out = out_for(config);
    let mut records = Vec::new();
    let (mut pos, mut body_end) = (0usize, 0usize);
    let mut last = [STATUS_DONE, 0, 0];
    for &end in cuts.iter().chain(std::iter::once(&input.len())) {
        loop {
            if body_end > pos {
                if body_end > end {
                    break;
                }
                pos = body_end;
            }
            if pos == end {
                last = [STATUS_DONE, 0, 0];
                break;
            }
            let status = wire::parse(&input[..end], pos, end, &mut out);
            let consumed = out[R_CONSUMED as usize] as usize;
            assert!(consumed >= pos && consumed <= end);
            let mut w = RECORDS_START as usize;
            let mut last_body = (BODY_NONE, 0u64);
            for _ in 0..out[R_COUNT as usize] {
                let words = out[w + F_WORDS as usize] as usize;
                records.extend_from_slice(&out[w..w + words]);
                let length = (u64::from(out[w + F_LENGTH_HI as usize]) << 32) | u64::from(out[w + F_LENGTH_LO as usize]);
                last_body = (out[w + F_BODY_KIND as usize], length);
                w += words;
            }
            pos = consumed;
            last = [status, out[R_ERROR_CODE as usize], out[R_ERROR_OFFSET as usize]];
            match (status, last_body) {
                (STATUS_ERROR, _) | (STATUS_DONE, (BODY_CHUNKED, _)) => return (records, last),
                (STATUS_PARTIAL, _) => break,
                (_, (BODY_LENGTH, n)) if n > 0 => body_end = pos.saturating_add(n as usize),
                _ => {}
            }
        }
    }
    if body_end > pos {
        last = [STATUS_PARTIAL, 0, 0];
    }
    (records, last)
}

fuzz_target!(|data: &[u8]| {
    if data.len() < CONFIG_BYTES {
        return;
    }
    let (config, input) = data.split_at(CONFIG_BYTES);
    let cut = usize::from(config[4]) % (input.len() + 1);
    let whole = drive(input, &[], config);
    assert_eq!(drive(input, &[cut], config), whole, "split at {cut}");
});
