//! The chunked body decoder (docs/wire-spec.md §6, RFC 9112 §7.1).
//!
//! ```text
//! chunked-body = *chunk last-chunk trailer-section CRLF
//! chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
//! last-chunk   = 1*("0") [ chunk-ext ] CRLF
//! chunk-ext    = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] )
//! ext-val      = token / quoted-string
//! ```
//!
//! Unlike the head parser, which re-scans from R_CONSUMED, the decoder consumes every byte it is
//! given, so where it stands in the grammar lives in `state` between calls. Chunk data is never
//! copied: it is reported as spans of the caller's buffer.
//!
//! Each chunk-size line and each trailer line is capped at `max_line_bytes` (CR LF excluded):
//! the extensions and trailer values are otherwise unbounded, and a server that reads a 100 KiB
//! extension byte by byte for nothing is the CVE-2024-22019 class. The count lives in the state,
//! so the cap holds across any split of the input and nothing is buffered.

use crate::error::ErrorCode;
use crate::head_checks::MAX_LENGTH;
use crate::layout::*;
use crate::tables::{FIELD_LINE_CHAR, HEX_VALUE, NOT_HEX, QDTEXT, QUOTED_PAIR_CHAR, TCHAR};

const HTAB: u8 = b'\t';
const LF: u8 = b'\n';
const CR: u8 = b'\r';
const SP: u8 = b' ';

/// Where the decoder stands inside a chunk-size line; the next byte is read in this state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SizeLine {
    /// More HEXDIGs, or what follows the size.
    Digits,
    /// BWS after the size: only `;` may follow.
    SizeBws,
    /// After `;` (and BWS): the first tchar of an ext-name.
    ExtNameFirst,
    ExtName,
    /// BWS after an ext-name: `=` or `;` may follow (not the line end: BWS precedes only those).
    ExtNameBws,
    /// After `=` (and BWS): a token or a quoted-string.
    ExtValueFirst,
    ExtToken,
    ExtQuoted,
    /// After a backslash inside a quoted-string.
    ExtQuotedPair,
    /// Just after the closing DQUOTE of a quoted ext-val.
    ExtQuotedEnd,
    /// BWS after an ext-val: only `;` may follow.
    ExtValueBws,
    /// The line's CR was read: LF must follow.
    Lf,
}

/// Where the decoder stands inside the trailer section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TrailerLine {
    /// First byte of a trailer field line, or of the final blank line.
    First,
    Name,
    Value,
    /// A field line's CR was read: LF must follow.
    LineLf,
    /// The final blank line's CR was read: LF must follow.
    EndLf,
}

/// The decoder's place in the chunked-body grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// First HEXDIG of a chunk-size.
    SizeFirst,
    /// Inside a chunk-size line whose size so far is `size`, `line` bytes of it read.
    Size { size: u64, line: u32, at: SizeLine },
    /// Inside chunk-data; `remaining` (> 0) bytes are left.
    Data { remaining: u64 },
    /// Chunk-data read: CR must follow.
    DataCr,
    /// Chunk-data and CR read: LF must follow.
    DataLf,
    /// Inside the trailer section: `lines` field lines begun, `bytes` bytes read, `line` bytes of
    /// the current line read.
    Trailer {
        lines: u32,
        bytes: u64,
        line: u32,
        at: TrailerLine,
    },
    /// The body is complete; nothing more is consumed.
    Done,
    /// A rule was broken at stream position `position`.
    Failed { code: ErrorCode, position: u64 },
}

/// Stateful decoder of one chunked request body. Any split of the body into `decode` calls gives
/// the same data spans (concatenated) and the same result.
#[derive(Debug, Clone)]
pub struct ChunkedDecoder {
    max_headers: u32,
    max_head_bytes: u32,
    lenient_bare_lf: bool,
    max_line_bytes: u32,
    state: State,
    /// Stream position (bytes since the body began) of the first byte of the next call.
    position: u64,
}

impl ChunkedDecoder {
    /// A decoder for one body; trailer sections are held to `max_headers` field lines and
    /// `max_head_bytes` bytes, and `lenient_bare_lf` lets a lone LF end a line. Lines are capped
    /// at DEFAULT_MAX_CHUNK_LINE bytes; see [`ChunkedDecoder::with_max_line_bytes`].
    pub fn new(max_headers: u32, max_head_bytes: u32, lenient_bare_lf: bool) -> Self {
        ChunkedDecoder {
            max_headers,
            max_head_bytes,
            lenient_bare_lf,
            max_line_bytes: DEFAULT_MAX_CHUNK_LINE,
            state: State::SizeFirst,
            position: 0,
        }
    }

    /// The same decoder with each chunk-size line and each trailer line capped at
    /// `max_line_bytes` bytes, CR LF excluded (CHUNK_LINE_TOO_LONG beyond).
    pub fn with_max_line_bytes(mut self, max_line_bytes: u32) -> Self {
        self.max_line_bytes = max_line_bytes;
        self
    }

    /// Consumes `buf[start..end)` and writes the data spans found into `out` (docs/wire-spec.md
    /// §6); returns `out[D_STATUS]`.
    ///
    /// Never panics: `end` is clamped to `buf.len()` (and `u32::MAX`), `start` to `end`; an `out`
    /// shorter than D_SPANS_START words is a call that consumes nothing, writes nothing and
    /// returns NEED_MORE.
    pub fn decode(&mut self, buf: &[u8], start: usize, end: usize, out: &mut [u32]) -> u32 {
        if out.len() < D_SPANS_START as usize {
            return DECODE_NEED_MORE;
        }
        let end = end.min(buf.len()).min(u32::MAX as usize);
        let start = start.min(end);
        let (control, span_words) = out.split_at_mut(D_SPANS_START as usize);
        let max_spans = span_words.len() / 2;
        let mut span_count = 0usize;
        let mut p = start;
        let mut state = self.state;
        // Stream position of the byte at offset `at` of this call.
        let stream = |at: usize| self.position + (at - start) as u64;

        loop {
            if let State::Trailer { bytes, .. } = state {
                if bytes >= u64::from(self.max_head_bytes) {
                    state = fail(ErrorCode::HeadTooLarge, stream(p));
                }
            }
            if matches!(state, State::Done | State::Failed { .. }) || p >= end {
                break;
            }
            if let State::Data { remaining } = state {
                if span_count == max_spans {
                    break;
                }
                let length = remaining.min((end - p) as u64);
                span_words[2 * span_count] = p as u32;
                span_words[2 * span_count + 1] = length as u32;
                span_count += 1;
                p += length as usize;
                state = if length == remaining {
                    State::DataCr
                } else {
                    State::Data {
                        remaining: remaining - length,
                    }
                };
                continue;
            }
            let b = buf[p];
            // The line cap: the byte at index max_line_bytes of a line is one too many unless it
            // is the CR (or lone LF) that ends the line. Checked before the byte's own grammar, as
            // TARGET_TOO_LONG is in the head.
            if let Some(line) = line_bytes(state) {
                if line >= self.max_line_bytes && b != CR && b != LF {
                    state = fail(ErrorCode::ChunkLineTooLong, stream(p));
                    continue;
                }
            }
            state = match state {
                State::SizeFirst => match HEX_VALUE[b as usize] {
                    NOT_HEX => fail(ErrorCode::InvalidChunkSize, stream(p)),
                    digit => State::Size {
                        size: u64::from(digit),
                        line: 1,
                        at: SizeLine::Digits,
                    },
                },
                State::Size { size, line, at } => self.size_line(size, line, at, b, stream(p)),
                State::DataCr if b == CR => State::DataLf,
                State::DataLf if b == LF => State::SizeFirst,
                State::DataCr | State::DataLf => fail(ErrorCode::InvalidChunkDataEnd, stream(p)),
                State::Trailer {
                    lines,
                    bytes,
                    line,
                    at,
                } => self.trailer_line(lines, bytes + 1, line, at, b, stream(p)),
                State::Data { .. } | State::Done | State::Failed { .. } => state,
            };
            if !matches!(state, State::Failed { .. }) {
                p += 1;
            }
        }

        self.state = state;
        self.position += (p - start) as u64;
        control[D_CONSUMED as usize] = p as u32;
        control[D_SPAN_COUNT as usize] = span_count as u32;
        let (status, code, position) = match state {
            State::Failed { code, position } => (DECODE_ERROR, code as u32, position as u32),
            State::Done => (DECODE_DONE, 0, 0),
            _ => (DECODE_NEED_MORE, 0, 0),
        };
        control[D_STATUS as usize] = status;
        control[D_ERROR_CODE as usize] = code;
        control[D_ERROR_POSITION as usize] = position;
        status
    }

    /// The state after byte `b` (at stream position `p`) of a chunk-size line whose size so far
    /// is `size`, `line` bytes of it read before `b`.
    fn size_line(&self, size: u64, line: u32, at: SizeLine, b: u8, p: u64) -> State {
        let line = line.saturating_add(1);
        let next = |at| State::Size { size, line, at };
        let is_ws = b == SP || b == HTAB;
        match at {
            SizeLine::Digits => match HEX_VALUE[b as usize] {
                NOT_HEX if is_ws => next(SizeLine::SizeBws),
                NOT_HEX if b == b';' => next(SizeLine::ExtNameFirst),
                NOT_HEX if b == CR || b == LF => self.size_line_end(size, line, b, p),
                NOT_HEX => fail(ErrorCode::InvalidChunkSize, p),
                digit => {
                    let size = size * 16 + u64::from(digit);
                    if size > MAX_LENGTH {
                        fail(ErrorCode::ChunkSizeTooLarge, p)
                    } else {
                        State::Size {
                            size,
                            line,
                            at: SizeLine::Digits,
                        }
                    }
                }
            },
            SizeLine::SizeBws => match b {
                b';' => next(SizeLine::ExtNameFirst),
                _ if is_ws => next(SizeLine::SizeBws),
                _ => fail(ErrorCode::InvalidChunkSize, p),
            },
            SizeLine::ExtNameFirst => match b {
                _ if TCHAR[b as usize] => next(SizeLine::ExtName),
                _ if is_ws => next(SizeLine::ExtNameFirst),
                _ => fail(ErrorCode::InvalidChunkExtension, p),
            },
            SizeLine::ExtName => match b {
                _ if TCHAR[b as usize] => next(SizeLine::ExtName),
                _ if is_ws => next(SizeLine::ExtNameBws),
                b'=' => next(SizeLine::ExtValueFirst),
                b';' => next(SizeLine::ExtNameFirst),
                CR | LF => self.size_line_end(size, line, b, p),
                _ => fail(ErrorCode::InvalidChunkExtension, p),
            },
            // chunk-ext has BWS only before "=" and ";", never before the line end.
            SizeLine::ExtNameBws => match b {
                b'=' => next(SizeLine::ExtValueFirst),
                b';' => next(SizeLine::ExtNameFirst),
                _ if is_ws => next(SizeLine::ExtNameBws),
                _ => fail(ErrorCode::InvalidChunkExtension, p),
            },
            SizeLine::ExtValueFirst => match b {
                _ if TCHAR[b as usize] => next(SizeLine::ExtToken),
                b'"' => next(SizeLine::ExtQuoted),
                _ if is_ws => next(SizeLine::ExtValueFirst),
                _ => fail(ErrorCode::InvalidChunkExtension, p),
            },
            SizeLine::ExtToken if TCHAR[b as usize] => next(SizeLine::ExtToken),
            SizeLine::ExtToken | SizeLine::ExtQuotedEnd => match b {
                b';' => next(SizeLine::ExtNameFirst),
                _ if is_ws => next(SizeLine::ExtValueBws),
                CR | LF => self.size_line_end(size, line, b, p),
                _ => fail(ErrorCode::InvalidChunkExtension, p),
            },
            SizeLine::ExtValueBws => match b {
                b';' => next(SizeLine::ExtNameFirst),
                _ if is_ws => next(SizeLine::ExtValueBws),
                _ => fail(ErrorCode::InvalidChunkExtension, p),
            },
            SizeLine::ExtQuoted => match b {
                b'"' => next(SizeLine::ExtQuotedEnd),
                b'\\' => next(SizeLine::ExtQuotedPair),
                _ if QDTEXT[b as usize] => next(SizeLine::ExtQuoted),
                _ => fail(ErrorCode::InvalidChunkExtension, p),
            },
            SizeLine::ExtQuotedPair if QUOTED_PAIR_CHAR[b as usize] => next(SizeLine::ExtQuoted),
            SizeLine::ExtQuotedPair => fail(ErrorCode::InvalidChunkExtension, p),
            SizeLine::Lf if b == LF => after_size_line(size),
            SizeLine::Lf => fail(ErrorCode::BareCr, p - 1),
        }
    }

    /// The state after the CR or LF `b` (at stream position `p`) that ends a chunk-size line.
    fn size_line_end(&self, size: u64, line: u32, b: u8, p: u64) -> State {
        if b == CR {
            State::Size {
                size,
                line,
                at: SizeLine::Lf,
            }
        } else if self.lenient_bare_lf {
            after_size_line(size)
        } else {
            fail(ErrorCode::BareLf, p)
        }
    }

    /// The state after byte `b` (at stream position `p`) of the trailer section, `bytes` bytes of
    /// it read (this one included), `lines` field lines begun before it, `line` bytes of the
    /// current line read before it.
    fn trailer_line(
        &self,
        lines: u32,
        bytes: u64,
        line: u32,
        at: TrailerLine,
        b: u8,
        p: u64,
    ) -> State {
        let line = line.saturating_add(1);
        let next = |lines, at| State::Trailer {
            lines,
            bytes,
            line,
            at,
        };
        // A line ended: the next one starts with no bytes read.
        let next_line = |lines| State::Trailer {
            lines,
            bytes,
            line: 0,
            at: TrailerLine::First,
        };
        match at {
            TrailerLine::First => match b {
                CR => next(lines, TrailerLine::EndLf),
                LF if self.lenient_bare_lf => State::Done,
                LF => fail(ErrorCode::BareLf, p),
                SP | HTAB => fail(ErrorCode::ObsFold, p),
                _ if lines >= self.max_headers => fail(ErrorCode::TooManyHeaders, p),
                _ if TCHAR[b as usize] => next(lines + 1, TrailerLine::Name),
                _ => fail(ErrorCode::InvalidHeaderName, p),
            },
            TrailerLine::Name => match b {
                _ if TCHAR[b as usize] => next(lines, TrailerLine::Name),
                b':' => next(lines, TrailerLine::Value),
                _ => fail(ErrorCode::InvalidHeaderName, p),
            },
            TrailerLine::Value => match b {
                _ if FIELD_LINE_CHAR[b as usize] => next(lines, TrailerLine::Value),
                CR => next(lines, TrailerLine::LineLf),
                LF if self.lenient_bare_lf => next_line(lines),
                LF => fail(ErrorCode::BareLf, p),
                _ => fail(ErrorCode::InvalidHeaderValue, p),
            },
            TrailerLine::LineLf if b == LF => next_line(lines),
            TrailerLine::EndLf if b == LF => State::Done,
            TrailerLine::LineLf | TrailerLine::EndLf => fail(ErrorCode::BareCr, p - 1),
        }
    }
}

/// The error `code` at stream position `position`.
fn fail(code: ErrorCode, position: u64) -> State {
    State::Failed { code, position }
}

/// The size line is complete: chunk-data follows, or the trailer section after the last chunk.
fn after_size_line(size: u64) -> State {
    if size > 0 {
        State::Data { remaining: size }
    } else {
        State::Trailer {
            lines: 0,
            bytes: 0,
            line: 0,
            at: TrailerLine::First,
        }
    }
}

/// Bytes read of the chunk-size line or trailer line the decoder is inside, before the CR that
/// ends it; None elsewhere (in chunk-data, after a line's CR, and once finished).
fn line_bytes(state: State) -> Option<u32> {
    match state {
        State::SizeFirst => Some(0),
        State::Size {
            at: SizeLine::Lf, ..
        } => None,
        State::Size { line, .. } => Some(line),
        State::Trailer {
            at: TrailerLine::First | TrailerLine::Name | TrailerLine::Value,
            line,
            ..
        } => Some(line),
        _ => None,
    }
}
