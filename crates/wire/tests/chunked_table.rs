//! The chunked decoder's table (docs/wire-spec.md §6): raw body bytes -> data, end and error
//! position, each row also fed split at every byte, byte by byte, and with one span per call.

use wire::layout::*;
use wire::{ChunkedDecoder, ErrorCode as E};

/// How a body ended, as the caller sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum End {
    /// DONE: the body ended this many bytes into the input.
    Done(u32),
    NeedMore,
    /// ERROR: code and stream position.
    Error(E, u32),
}

struct Row {
    name: &'static str,
    input: Vec<u8>,
    lenient: bool,
    max_headers: u32,
    max_head_bytes: u32,
    /// None: the decoder's default cap (ChunkedDecoder::new).
    max_line_bytes: Option<u32>,
    data: &'static [u8],
    end: End,
}

fn row(name: &'static str, input: impl AsRef<[u8]>, data: &'static [u8], end: End) -> Row {
    Row {
        name,
        input: input.as_ref().to_vec(),
        lenient: false,
        max_headers: 100,
        max_head_bytes: 16384,
        max_line_bytes: None,
        data,
        end,
    }
}

impl Row {
    fn lenient(mut self) -> Self {
        self.lenient = true;
        self
    }
    fn max_headers(mut self, n: u32) -> Self {
        self.max_headers = n;
        self
    }
    fn max_head_bytes(mut self, n: u32) -> Self {
        self.max_head_bytes = n;
        self
    }
    fn max_line_bytes(mut self, n: u32) -> Self {
        self.max_line_bytes = Some(n);
        self
    }
}

fn done(n: u32) -> End {
    End::Done(n)
}
fn err(code: E, position: u32) -> End {
    End::Error(code, position)
}
const MORE: End = End::NeedMore;

/// `text` then `filler` repeated until the whole is `len` bytes long.
fn padded(text: &str, filler: u8, len: usize) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    bytes.resize(len, filler);
    bytes
}

/// Chunk-size lines and trailer lines against the line cap (docs/wire-spec.md §6): the default
/// 4096 at 4095, 4096 and 4097 bytes, and small caps for the order of the checks. Every row is
/// also split at every byte and fed byte by byte, like all rows here.
fn line_cap_rows() -> Vec<Row> {
    let end = b"\r\nx\r\n0\r\n\r\n";
    // A chunk of "x" whose size line (extension included) is `len` bytes.
    let size_line = |len: usize| [padded("1;", b'e', len), end.to_vec()].concat();
    let trailer = |len: usize| {
        [
            b"0\r\n".to_vec(),
            padded("A:", b'v', len),
            b"\r\n\r\n".to_vec(),
        ]
        .concat()
    };
    vec![
        row(
            "size line of 4095 bytes",
            size_line(4095),
            b"x",
            done(4095 + 10),
        ),
        row(
            "size line of 4096 bytes: the cap",
            size_line(4096),
            b"x",
            done(4096 + 10),
        ),
        row(
            "size line of 4097 bytes",
            size_line(4097),
            b"",
            err(E::ChunkLineTooLong, 4096),
        ),
        row(
            "4097 zeros before the size: zeros count towards the line",
            [padded("", b'0', 4096), b"1\r\nx\r\n0\r\n\r\n".to_vec()].concat(),
            b"",
            err(E::ChunkLineTooLong, 4096),
        ),
        row(
            "quoted extension over the cap",
            [padded("1;a=\"", b'q', 4200), b"\"\r\n".to_vec()].concat(),
            b"",
            err(E::ChunkLineTooLong, 4096),
        ),
        row(
            "last chunk's extension over the cap",
            [padded("0;", b'e', 4097), b"\r\n\r\n".to_vec()].concat(),
            b"",
            err(E::ChunkLineTooLong, 4096),
        ),
        row(
            "cap is per line: two size lines of 4096",
            [
                padded("1;", b'e', 4096),
                b"\r\nx\r\n".to_vec(),
                padded("0;", b'e', 4096),
                b"\r\n\r\n".to_vec(),
            ]
            .concat(),
            b"x",
            done(4096 * 2 + 9),
        ),
        row(
            "size line over the cap in the second chunk",
            [b"1\r\nx\r\n".to_vec(), padded("1;", b'e', 4097)].concat(),
            b"x",
            err(E::ChunkLineTooLong, 6 + 4096),
        ),
        row(
            "trailer line of 4095 bytes",
            trailer(4095),
            b"",
            done(3 + 4095 + 4),
        ),
        row(
            "trailer line of 4096 bytes: the cap",
            trailer(4096),
            b"",
            done(3 + 4096 + 4),
        ),
        row(
            "trailer line of 4097 bytes",
            trailer(4097),
            b"",
            err(E::ChunkLineTooLong, 3 + 4096),
        ),
        row(
            "cap is per trailer line: the second is over",
            [
                b"0\r\nA: 1\r\n".to_vec(),
                padded("B:", b'v', 4097),
                b"\r\n\r\n".to_vec(),
            ]
            .concat(),
            b"",
            err(E::ChunkLineTooLong, 9 + 4096),
        ),
        row(
            "small cap, line at it",
            b"1;abcdef\r\nx\r\n0\r\n\r\n",
            b"x",
            done(18),
        )
        .max_line_bytes(8),
        row(
            "small cap, line over it",
            b"1;abcdefg\r\nx\r\n",
            b"",
            err(E::ChunkLineTooLong, 8),
        )
        .max_line_bytes(8),
        row(
            "cap of 1: a one-digit size line fits",
            b"1\r\nx\r\n0\r\n\r\n",
            b"x",
            done(11),
        )
        .max_line_bytes(1),
        row(
            "cap of 1: a two-digit size does not",
            b"01\r\n",
            b"",
            err(E::ChunkLineTooLong, 1),
        )
        .max_line_bytes(1),
        row(
            "cap is checked before the extension grammar",
            b"1;abcdef@\r\n",
            b"",
            err(E::ChunkLineTooLong, 8),
        )
        .max_line_bytes(8),
        row(
            "a lone LF at the cap is BARE_LF",
            b"1;abcdef\n",
            b"",
            err(E::BareLf, 8),
        )
        .max_line_bytes(8),
        row(
            "a lone LF at the cap ends the line, lenient",
            b"1;abcdef\nx\r\n0\n\n",
            b"x",
            done(15),
        )
        .max_line_bytes(8)
        .lenient(),
        row(
            "trailer over a small cap",
            b"0\r\nA: 12345\r\n\r\n",
            b"",
            err(E::ChunkLineTooLong, 3 + 6),
        )
        .max_line_bytes(6),
        row(
            "the trailer section limit is checked before the line cap",
            b"0\r\nABCDE",
            b"",
            err(E::HeadTooLarge, 7),
        )
        .max_head_bytes(4)
        .max_line_bytes(4),
    ]
}

fn rows() -> Vec<Row> {
    let mut rows = base_rows();
    rows.extend(line_cap_rows());
    rows
}

fn base_rows() -> Vec<Row> {
    vec![
        row("empty body", b"0\r\n\r\n", b"", done(5)),
        row("one chunk", b"5\r\nhello\r\n0\r\n\r\n", b"hello", done(15)),
        row(
            "two chunks, next request after",
            b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\nGET",
            b"hello world",
            done(26),
        ),
        row(
            "hex sizes, both cases",
            b"a\r\n0123456789\r\nB\r\nabcdefghijk\r\n0\r\n\r\n",
            b"0123456789abcdefghijk",
            done(36),
        ),
        row(
            "leading zeros",
            b"0005\r\nhello\r\n000\r\n\r\n",
            b"hello",
            done(20),
        ),
        row(
            "data holding CRLF",
            b"4\r\n\r\n\r\n\r\n0\r\n\r\n",
            b"\r\n\r\n",
            done(14),
        ),
        row("largest size", b"1FFFFFFFFFFFFF\r\nab", b"ab", MORE),
        row(
            "largest size, leading zeros",
            b"0001fffffffffffff\r\n",
            b"",
            MORE,
        ),
        row("empty input", b"", b"", MORE),
        row("inside the size", b"5", b"", MORE),
        row("inside the data", b"5\r\nhel", b"hel", MORE),
        row("before the data's CRLF", b"5\r\nhello", b"hello", MORE),
        row("inside the trailer section", b"0\r\nX: y\r\n", b"", MORE),
        // Extensions.
        row(
            "extension",
            b"5;a=b\r\nhello\r\n0\r\n\r\n",
            b"hello",
            done(19),
        ),
        row(
            "extension without value",
            b"5;a\r\nhello\r\n0;b\r\n\r\n",
            b"hello",
            done(19),
        ),
        row(
            "extensions with BWS",
            b"5 \t; a = b ;c\t=\td ; e\r\nhello\r\n0\r\n\r\n",
            b"hello",
            done(35),
        ),
        row(
            "extension, quoted value",
            b"5;a=\"x; y\\\"z\\\\\"\r\nhello\r\n0\r\n\r\n",
            b"hello",
            done(29),
        ),
        row(
            "extension, quoted value with obs-text and HTAB",
            b"5;a=\"\xe9\t\"\r\nhello\r\n0\r\n\r\n",
            b"hello",
            done(22),
        ),
        row(
            "extension, empty quoted value",
            b"5;a=\"\"\r\nhello\r\n0\r\n\r\n",
            b"hello",
            done(20),
        ),
        row(
            "extension on the last chunk",
            b"0;x=1\r\n\r\n",
            b"",
            done(9),
        ),
        row(
            "extension value, BWS then the line end (BWS only precedes ';')",
            b"5;a=b \r\nhello\r\n0\r\n\r\n",
            b"",
            err(E::InvalidChunkExtension, 6),
        ),
        row(
            "extension name, BWS then the line end (BWS only precedes '=' or ';')",
            b"5;a \r\nhello\r\n0\r\n\r\n",
            b"",
            err(E::InvalidChunkExtension, 4),
        ),
        row(
            "BWS without extension",
            b"5 \r\nhello\r\n",
            b"",
            err(E::InvalidChunkSize, 2),
        ),
        row(
            "empty extension",
            b"5;\r\n",
            b"",
            err(E::InvalidChunkExtension, 2),
        ),
        row(
            "extension without name",
            b"5;=b\r\n",
            b"",
            err(E::InvalidChunkExtension, 2),
        ),
        row(
            "extension without value after =",
            b"5;a=\r\n",
            b"",
            err(E::InvalidChunkExtension, 4),
        ),
        row(
            "extension name with a non-tchar",
            b"5;a/b\r\n",
            b"",
            err(E::InvalidChunkExtension, 3),
        ),
        row(
            "extension name, BWS then a word",
            b"5;a b\r\n",
            b"",
            err(E::InvalidChunkExtension, 4),
        ),
        row(
            "extension value, BWS then a word",
            b"5;a=b c\r\n",
            b"",
            err(E::InvalidChunkExtension, 6),
        ),
        row(
            "extension value with a non-tchar",
            b"5;a=b/c\r\n",
            b"",
            err(E::InvalidChunkExtension, 5),
        ),
        row(
            "extension, two =",
            b"5;a==b\r\n",
            b"",
            err(E::InvalidChunkExtension, 4),
        ),
        row(
            "extension, unterminated quote",
            b"5;a=\"x\r\n",
            b"",
            err(E::InvalidChunkExtension, 6),
        ),
        row(
            "extension, CTL in quote",
            b"5;a=\"\x01\"\r\n",
            b"",
            err(E::InvalidChunkExtension, 5),
        ),
        row(
            "extension, CTL after backslash",
            b"5;a=\"\\\x01\"\r\n",
            b"",
            err(E::InvalidChunkExtension, 6),
        ),
        row(
            "extension, junk after the quote",
            b"5;a=\"x\"y\r\n",
            b"",
            err(E::InvalidChunkExtension, 7),
        ),
        row(
            "extension, bare LF",
            b"5;a\nhello\r\n0\r\n\r\n",
            b"",
            err(E::BareLf, 3),
        ),
        row(
            "extension, bare LF, lenient",
            b"5;a\nhello\r\n0\r\n\r\n",
            b"hello",
            done(16),
        )
        .lenient(),
        row(
            "extension, CR then junk",
            b"5;a=b\rx",
            b"",
            err(E::BareCr, 5),
        ),
        // Sizes.
        row("size not hex", b"x\r\n", b"", err(E::InvalidChunkSize, 0)),
        row("size missing", b"\r\n", b"", err(E::InvalidChunkSize, 0)),
        row("size signed", b"-5\r\n", b"", err(E::InvalidChunkSize, 0)),
        row("size after SP", b" 5\r\n", b"", err(E::InvalidChunkSize, 0)),
        row(
            "size then junk",
            b"5x\r\n",
            b"",
            err(E::InvalidChunkSize, 1),
        ),
        row(
            "size 0x prefix",
            b"0x5\r\n",
            b"",
            err(E::InvalidChunkSize, 1),
        ),
        row(
            "size 2^53",
            b"20000000000000\r\n",
            b"",
            err(E::ChunkSizeTooLarge, 13),
        ),
        row(
            "size far too large",
            b"FFFFFFFFFFFFFFFFFFFF\r\n",
            b"",
            err(E::ChunkSizeTooLarge, 13),
        ),
        row(
            "size 2^53 after leading zeros",
            b"0020000000000000\r\n",
            b"",
            err(E::ChunkSizeTooLarge, 15),
        ),
        row("size line CR then junk", b"5\rx", b"", err(E::BareCr, 1)),
        row(
            "size line bare LF",
            b"5\nhello\r\n0\r\n\r\n",
            b"",
            err(E::BareLf, 1),
        ),
        row(
            "size line bare LF, lenient",
            b"5\nhello\r\n0\n\r\n",
            b"hello",
            done(13),
        )
        .lenient(),
        row(
            "second size invalid",
            b"5\r\nhello\r\nx",
            b"hello",
            err(E::InvalidChunkSize, 10),
        ),
        // Data ends.
        row(
            "data longer than its size",
            b"5\r\nhelloX\r\n",
            b"hello",
            err(E::InvalidChunkDataEnd, 8),
        ),
        row(
            "data end CR then junk",
            b"5\r\nhello\rX",
            b"hello",
            err(E::InvalidChunkDataEnd, 9),
        ),
        row(
            "data end bare LF",
            b"5\r\nhello\n0\r\n\r\n",
            b"hello",
            err(E::InvalidChunkDataEnd, 8),
        ),
        row(
            "data end bare LF, lenient too",
            b"5\r\nhello\n0\r\n\r\n",
            b"hello",
            err(E::InvalidChunkDataEnd, 8),
        )
        .lenient(),
        // Trailer sections.
        row("trailer", b"0\r\nX: y\r\n\r\n", b"", done(11)),
        row(
            "two trailers, next request after",
            b"0\r\nX: y\r\nZ-Z:\r\n\r\nGET",
            b"",
            done(17),
        ),
        row(
            "trailer value with OWS, HTAB, obs-text",
            b"0\r\nX:\t a\tb \xff \r\n\r\n",
            b"",
            done(17),
        ),
        row(
            "trailer obs-fold",
            b"0\r\nX: y\r\n folded\r\n\r\n",
            b"",
            err(E::ObsFold, 9),
        ),
        row(
            "trailer obs-fold, first line",
            b"0\r\n\tX: y\r\n\r\n",
            b"",
            err(E::ObsFold, 3),
        ),
        row(
            "trailer SP before colon",
            b"0\r\nX : y\r\n\r\n",
            b"",
            err(E::InvalidHeaderName, 4),
        ),
        row(
            "trailer empty name",
            b"0\r\n: y\r\n\r\n",
            b"",
            err(E::InvalidHeaderName, 3),
        ),
        row(
            "trailer without colon",
            b"0\r\nX\r\n\r\n",
            b"",
            err(E::InvalidHeaderName, 4),
        ),
        row(
            "trailer NUL in value",
            b"0\r\nX: \0\r\n\r\n",
            b"",
            err(E::InvalidHeaderValue, 6),
        ),
        row(
            "trailer DEL in value",
            b"0\r\nX: a\x7f\r\n\r\n",
            b"",
            err(E::InvalidHeaderValue, 7),
        ),
        row(
            "trailer CR then junk",
            b"0\r\nX: y\rz",
            b"",
            err(E::BareCr, 7),
        ),
        row(
            "trailer bare LF",
            b"0\r\nX: y\n\r\n",
            b"",
            err(E::BareLf, 7),
        ),
        row(
            "trailer bare LF, lenient",
            b"0\r\nX: y\n\r\n",
            b"",
            done(10),
        )
        .lenient(),
        row(
            "final blank line bare LF",
            b"0\r\n\n",
            b"",
            err(E::BareLf, 3),
        ),
        row(
            "final blank line bare LF, lenient",
            b"0\r\n\nGET",
            b"",
            done(4),
        )
        .lenient(),
        row(
            "final blank line CR then junk",
            b"0\r\n\rX",
            b"",
            err(E::BareCr, 3),
        ),
        row(
            "trailers up to max headers",
            b"0\r\nA: 1\r\nB: 2\r\n\r\n",
            b"",
            done(17),
        )
        .max_headers(2),
        row(
            "trailers over max headers",
            b"0\r\nA: 1\r\nB: 2\r\n\r\n",
            b"",
            err(E::TooManyHeaders, 9),
        )
        .max_headers(1),
        row("zero max headers, no trailer", b"0\r\n\r\n", b"", done(5)).max_headers(0),
        row(
            "zero max headers, a trailer",
            b"0\r\nA: 1\r\n\r\n",
            b"",
            err(E::TooManyHeaders, 3),
        )
        .max_headers(0),
        row(
            "too many headers comes after obs-fold",
            b"0\r\n A\r\n",
            b"",
            err(E::ObsFold, 3),
        )
        .max_headers(0),
        // The trailer section "X: y\r\n\r\n" is 8 bytes, from stream position 3.
        row(
            "trailer section of exactly max head bytes",
            b"0\r\nX: y\r\n\r\n",
            b"",
            done(11),
        )
        .max_head_bytes(8),
        row(
            "trailer section over max head bytes",
            b"0\r\nX: y\r\n\r\n",
            b"",
            err(E::HeadTooLarge, 10),
        )
        .max_head_bytes(7),
        row(
            "empty trailer section, max head bytes 2",
            b"0\r\n\r\n",
            b"",
            done(5),
        )
        .max_head_bytes(2),
        row(
            "empty trailer section, max head bytes 1",
            b"0\r\n\r\n",
            b"",
            err(E::HeadTooLarge, 4),
        )
        .max_head_bytes(1),
        row(
            "max head bytes 0, checked before more input",
            b"0\r\n",
            b"",
            err(E::HeadTooLarge, 3),
        )
        .max_head_bytes(0),
        row(
            "data does not count towards max head bytes",
            b"5\r\nhello\r\n0\r\n\r\n",
            b"hello",
            done(15),
        )
        .max_head_bytes(2),
    ]
}

/// Decodes `input` delivered as chunks ending at `cuts` then at its end, each chunk in a buffer of
/// its own (so spans are offsets into that chunk), with `spans` span slots per call.
fn drive(row: &Row, cuts: &[usize], spans: usize) -> (Vec<u8>, End) {
    let mut decoder = ChunkedDecoder::new(row.max_headers, row.max_head_bytes, row.lenient);
    if let Some(n) = row.max_line_bytes {
        decoder = decoder.with_max_line_bytes(n);
    }
    let mut out = vec![0u32; D_SPANS_START as usize + 2 * spans];
    let mut data = Vec::new();
    let mut from = 0usize;
    for &to in cuts.iter().chain(std::iter::once(&row.input.len())) {
        let chunk = row.input[from..to].to_vec();
        let mut start = 0usize;
        loop {
            let status = decoder.decode(&chunk, start, chunk.len(), &mut out);
            assert_eq!(status, out[D_STATUS as usize]);
            for s in 0..out[D_SPAN_COUNT as usize] as usize {
                let (at, len) = (out[8 + 2 * s] as usize, out[9 + 2 * s] as usize);
                assert!(
                    at >= start && at + len <= chunk.len() && len > 0,
                    "{}: span {at}+{len}",
                    row.name
                );
                data.extend_from_slice(&chunk[at..at + len]);
            }
            let consumed = out[D_CONSUMED as usize] as usize;
            assert!(
                consumed >= start && consumed <= chunk.len(),
                "{}: consumed {consumed}",
                row.name
            );
            match status {
                DECODE_DONE => return (data, End::Done((from + consumed) as u32)),
                DECODE_ERROR => {
                    let code = E::ALL[out[D_ERROR_CODE as usize] as usize - 1];
                    return (data, End::Error(code, out[D_ERROR_POSITION as usize]));
                }
                _ if consumed == chunk.len() => break,
                _ => {
                    assert!(
                        spans > 0 && out[D_SPAN_COUNT as usize] as usize == spans,
                        "{}: stopped short",
                        row.name
                    );
                    start = consumed;
                }
            }
        }
        from = to;
    }
    (data, End::NeedMore)
}

#[test]
fn table_rows_give_their_expected_result() {
    let mut failures = Vec::new();
    for row in rows() {
        let got = drive(&row, &[], 64);
        if got != (row.data.to_vec(), row.end.clone()) {
            failures.push(format!(
                "{}: got {:?}, expected {:?}",
                row.name,
                got,
                (row.data, &row.end)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Rows longer than this (the line-cap rows) are split at a sample of positions: both ends,
/// every position around the default cap, and a stride between, so the test stays quick in a
/// debug build. Byte-by-byte feeding still covers every boundary of every row.
const SPLIT_ALL_UP_TO: usize = 512;

fn cut_positions(len: usize) -> Vec<usize> {
    if len <= SPLIT_ALL_UP_TO {
        return (0..=len).collect();
    }
    let mut cuts: Vec<usize> = (0..64)
        .chain((64..len).step_by(61))
        .chain(4090..4110)
        .chain(len - 64..=len)
        .filter(|&cut| cut <= len)
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

#[test]
fn any_split_gives_the_result_of_the_whole() {
    for row in rows() {
        let whole = drive(&row, &[], 64);
        for cut in cut_positions(row.input.len()) {
            assert_eq!(
                drive(&row, &[cut], 64),
                whole,
                "{}: split at {cut}",
                row.name
            );
        }
        let bytes: Vec<usize> = (1..row.input.len()).collect();
        assert_eq!(drive(&row, &bytes, 64), whole, "{}: byte by byte", row.name);
    }
}

#[test]
fn one_span_per_call_gives_the_result_of_the_whole() {
    for row in rows() {
        assert_eq!(drive(&row, &[], 1), drive(&row, &[], 64), "{}", row.name);
    }
}

#[test]
fn full_span_slots_stop_short_with_need_more() {
    let body = b"1\r\na\r\n1\r\nb\r\n0\r\n\r\n";
    let mut decoder = ChunkedDecoder::new(100, 16384, false);
    let mut out = vec![0u32; D_SPANS_START as usize + 2];
    assert_eq!(
        decoder.decode(body, 0, body.len(), &mut out),
        DECODE_NEED_MORE
    );
    assert_eq!(&out[..3], &[DECODE_NEED_MORE, 9, 1]);
    assert_eq!(&out[8..10], &[3, 1]);
    assert_eq!(decoder.decode(body, 9, body.len(), &mut out), DECODE_DONE);
    assert_eq!(&out[..3], &[DECODE_DONE, 17, 1]);
    assert_eq!(&out[8..10], &[9, 1]);
}

/// The case: a 100 KiB chunk extension, arriving in 1 KiB reads, is refused at the
/// first byte past the 4096-byte cap (stream position 4096, the first byte of the fifth read),
/// without the decoder holding any of it.
#[test]
fn a_100_kib_extension_is_refused_as_it_streams_in() {
    let body = padded("1;", b'e', 100 * 1024);
    let mut decoder = ChunkedDecoder::new(100, 16384, false);
    let mut out = vec![0u32; D_SPANS_START as usize + 2];
    let mut statuses = Vec::new();
    for read in body.chunks(1024) {
        let status = decoder.decode(read, 0, read.len(), &mut out);
        statuses.push((status, out[D_CONSUMED as usize]));
        if status != DECODE_NEED_MORE {
            break;
        }
    }
    let need_more = (DECODE_NEED_MORE, 1024);
    assert_eq!(
        statuses,
        [
            need_more,
            need_more,
            need_more,
            need_more,
            (DECODE_ERROR, 0)
        ]
    );
    assert_eq!(
        &out[D_ERROR_CODE as usize..=D_ERROR_POSITION as usize],
        &[E::ChunkLineTooLong as u32, 4096]
    );
}

#[test]
fn a_finished_decoder_consumes_nothing_more() {
    let mut decoder = ChunkedDecoder::new(100, 16384, false);
    let mut out = vec![0u32; 16];
    assert_eq!(decoder.decode(b"0\r\n\r\nGET", 0, 8, &mut out), DECODE_DONE);
    assert_eq!(out[D_CONSUMED as usize], 5);
    assert_eq!(decoder.decode(b"GET", 0, 3, &mut out), DECODE_DONE);
    assert_eq!(&out[..5], &[DECODE_DONE, 0, 0, 0, 0]);
}

#[test]
fn a_failed_decoder_keeps_its_error() {
    let mut decoder = ChunkedDecoder::new(100, 16384, false);
    let mut out = vec![0u32; 16];
    assert_eq!(decoder.decode(b"5\r\nab", 0, 5, &mut out), DECODE_NEED_MORE);
    assert_eq!(decoder.decode(b"xx", 0, 2, &mut out), DECODE_NEED_MORE);
    assert_eq!(decoder.decode(b"cQ", 0, 2, &mut out), DECODE_ERROR);
    assert_eq!(
        &out[..5],
        &[DECODE_ERROR, 1, 1, E::InvalidChunkDataEnd as u32, 8]
    );
    assert_eq!(decoder.decode(b"\r\n", 0, 2, &mut out), DECODE_ERROR);
    assert_eq!(
        &out[..5],
        &[DECODE_ERROR, 0, 0, E::InvalidChunkDataEnd as u32, 8]
    );
}

#[test]
fn every_error_code_of_the_decoder_has_a_row() {
    let rows = rows();
    let codes = [
        E::InvalidChunkSize,
        E::ChunkSizeTooLarge,
        E::InvalidChunkExtension,
        E::InvalidChunkDataEnd,
        E::BareCr,
        E::BareLf,
        E::ObsFold,
        E::InvalidHeaderName,
        E::InvalidHeaderValue,
        E::TooManyHeaders,
        E::HeadTooLarge,
        E::ChunkLineTooLong,
    ];
    for code in codes {
        assert!(
            rows.iter()
                .any(|r| matches!(r.end, End::Error(c, _) if c == code)),
            "no row for {code:?}"
        );
    }
}
