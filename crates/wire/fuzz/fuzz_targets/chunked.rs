//! Fuzzes `wire::ChunkedDecoder`: the first bytes choose the limits, the leniency, the number of
//! span slots and a split point; the rest is the body. The split must give the same data and the
//! same end as the whole (docs/wire-spec.md §6).
#![no_main]

use libfuzzer_sys::fuzz_target;
use wire::layout::*;
use wire::ChunkedDecoder;

const CONFIG_BYTES: usize = 4;

/// Decodes `input` delivered in chunks ending at `cuts`; returns the data and the end words.
fn drive(input: &[u8], cuts: &[usize], config: &[u8]) -> (Vec<u8>, [u32; 4]) {
    let mut decoder = ChunkedDecoder::new(u32::from(config[0] % 8), u32::from(config[1]), config[2] & 1 == 1);
    let mut out = vec![0u32; D_SPANS_START as usize + 2 * (1 + usize::from(config[2] >> 5))];
    let mut data = Vec::new();
    let mut from = 0;
    for &to in cuts.iter().chain(std::iter::once(&input.len())) {
        let mut start = from;
        loop {
            let status = decoder.decode(&input[..to], start, to, &mut out);
            for s in 0..out[D_SPAN_COUNT as usize] as usize {
                let (at, len) = (out[8 + 2 * s] as usize, out[9 + 2 * s] as usize);
                assert!(at >= start && at + len <= to && len > 0);
                data.extend_from_slice(&input[at..at + len]);
            }
            let consumed = out[D_CONSUMED as usize] as usize;
            assert!(consumed >= start && consumed <= to);
            if status != DECODE_NEED_MORE {
                return (data, [status, consumed as u32, out[D_ERROR_CODE as usize], out[D_ERROR_POSITION as usize]]);
            }
            if consumed == to {
                break;
            }
            start = consumed;
        }
        from = to;
    }
    (data, [DECODE_NEED_MORE, input.len() as u32, 0, 0])
}

fuzz_target!(|data: &[u8]| {
    if data.len() < CONFIG_BYTES {
        return;
    }
    let (config, input) = data.split_at(CONFIG_BYTES);
    let cut = usize::from(config[3]) % (input.len() + 1);
    let whole = drive(input, &[], config);
    assert_eq!(drive(input, &[cut], config), whole, "split at {cut}");
});
