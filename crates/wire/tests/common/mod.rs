//! Test harness shared by the integration tests: parser configuration, `out` arrays, record
//! extraction, and a caller simulation that feeds input in chunks.
#![allow(dead_code)]

pub mod rows;

use wire::layout::*;

/// The caller-written words of the control block, and the length of `out`.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    pub max_head: u32,
    pub max_target: u32,
    pub max_headers: u32,
    pub flags: u32,
    pub out_len: usize,
    /// C_CAPACITY when it should differ from `out_len`.
    pub capacity: Option<u32>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_head: DEFAULT_MAX_HEAD,
            max_target: DEFAULT_MAX_TARGET,
            max_headers: DEFAULT_MAX_HEADERS,
            flags: 0,
            out_len: (RECORDS_START + 64 * (REC_FIXED + HEADER_WORDS * DEFAULT_MAX_HEADERS))
                as usize,
            capacity: None,
        }
    }
}

impl Config {
    /// Like `out`, but writes only the config words that fit in a short `out_len`.
    pub fn out_or_short(&self) -> Vec<u32> {
        if self.out_len >= RECORDS_START as usize {
            return self.out();
        }
        vec![0xdead_beef; self.out_len]
    }

    /// A fresh `out` with the config words written and C_CAPACITY = its length.
    pub fn out(&self) -> Vec<u32> {
        let mut out = vec![0xdead_beef; self.out_len];
        out[C_MAX_HEAD as usize] = self.max_head;
        out[C_MAX_TARGET as usize] = self.max_target;
        out[C_MAX_HEADERS as usize] = self.max_headers;
        out[C_FLAGS as usize] = self.flags;
        out[C_CAPACITY as usize] = self.capacity.unwrap_or(self.out_len as u32);
        out
    }
}

/// The words of each record reported in `out` (R_COUNT of them).
pub fn records(out: &[u32]) -> Vec<Vec<u32>> {
    let mut w = RECORDS_START as usize;
    (0..out[R_COUNT as usize])
        .map(|_| {
            let words = out[w + F_WORDS as usize] as usize;
            let record = out[w..w + words].to_vec();
            w += words;
            record
        })
        .collect()
}

/// What a caller sees from a whole stream: every record, then how the stream ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub records: Vec<Vec<u32>>,
    pub end: StreamEnd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamEnd {
    /// All input consumed at a request boundary.
    Done,
    /// Input ended inside a head or a Content-Length body.
    Partial,
    /// Stopped at a chunked body (the decoder would take over).
    Chunked,
    /// Error code and offset.
    Error(u32, u32),
    /// DONE without progress: `out` has no room for one record.
    NoRoom,
}

/// Feeds `input` to the parser as a caller would when it arrives in chunks ending at each of
/// `cuts` (ascending) and then at `input.len()`: re-parse from R_CONSUMED keeping the tail, skip
/// Content-Length bodies, stop at a chunked one. Each call sees only the bytes that have arrived
/// (`buf` ends at the chunk end) and bytes already consumed are overwritten, so a parser that read
/// outside `[start, end)` would show it.
pub fn drive(input: &[u8], cuts: &[usize], cfg: &Config) -> Outcome {
    let mut out = cfg.out();
    let mut seen = Vec::new();
    let mut pos = 0usize;
    let mut body_end = 0usize;
    let mut last_status = STATUS_DONE;
    for &e in cuts.iter().chain(std::iter::once(&input.len())) {
        loop {
            if body_end > pos {
                if body_end > e {
                    break;
                }
                pos = body_end;
            }
            if pos == e {
                last_status = STATUS_DONE;
                break;
            }
            let mut buf = input[..e].to_vec();
            buf[..pos].fill(0xa5);
            let status = wire::parse(&buf, pos, e, &mut out);
            last_status = status;
            let got = records(&out);
            let consumed = out[R_CONSUMED as usize] as usize;
            assert!(
                consumed >= pos && consumed <= e,
                "R_CONSUMED {consumed} outside [{pos}, {e}]"
            );
            if status == STATUS_DONE && consumed == pos && out[R_COUNT as usize] == 0 {
                return Outcome {
                    records: seen,
                    end: StreamEnd::NoRoom,
                };
            }
            pos = consumed;
            let last_body = got.last().map(|r| (r[F_BODY_KIND as usize], length_of(r)));
            seen.extend(got);
            match status {
                STATUS_ERROR => {
                    let end =
                        StreamEnd::Error(out[R_ERROR_CODE as usize], out[R_ERROR_OFFSET as usize]);
                    return Outcome { records: seen, end };
                }
                STATUS_PARTIAL => break,
                _ => match last_body {
                    Some((BODY_CHUNKED, _)) => {
                        return Outcome {
                            records: seen,
                            end: StreamEnd::Chunked,
                        }
                    }
                    Some((BODY_LENGTH, n)) if n > 0 => body_end = pos + n as usize,
                    _ => {}
                },
            }
        }
    }
    let end = if last_status == STATUS_PARTIAL || body_end > pos {
        StreamEnd::Partial
    } else {
        StreamEnd::Done
    };
    Outcome { records: seen, end }
}

/// The Content-Length of a record.
pub fn length_of(record: &[u32]) -> u64 {
    (u64::from(record[F_LENGTH_HI as usize]) << 32) | u64::from(record[F_LENGTH_LO as usize])
}
