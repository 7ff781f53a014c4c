//! Bounded random inputs: random bytes, mutations of valid requests and bodies, random
//! configurations (tiny and huge limits, short `out` slices, out-of-range offsets). Nothing may
//! panic, results must stay inside their documented ranges, and a random split must not change
//! the parser's result. A tiny seeded PRNG keeps every run the same.

mod common;

use common::*;
use wire::layout::*;
use wire::{write_response, ChunkedDecoder};

/// xorshift64*: enough randomness for input generation, reproducible from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const SEEDS: &[&[u8]] = &[
    include_bytes!("../../../bench/samples/a-curl-get.http"),
    include_bytes!("../../../bench/samples/b-browser-get.http"),
    include_bytes!("../../../bench/samples/c-post-1k.http"),
    b"POST /u HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;a=\"b\"\r\nhello\r\n0\r\nX: y\r\n\r\n",
    b"\r\nCONNECT a:1 HTTP/1.0\r\nConnection: keep-alive, upgrade\r\nUpgrade: x\r\nContent-Length: 0\r\n\r\n",
    b"OPTIONS * HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\nGET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n",
];

/// Bytes that matter to the grammar, so mutations hit delimiters often.
const INTERESTING: &[u8] = b"\r\n \t:;,=\"\\/*?@#0189aAfFzZ\x00\x01\x7f\x80\xff";

fn mutate(rng: &mut Rng, input: &mut Vec<u8>) {
    for _ in 0..=rng.below(4) {
        let at = if input.is_empty() {
            0
        } else {
            rng.below(input.len())
        };
        match rng.below(5) {
            0 if !input.is_empty() => input[at] = rng.next() as u8,
            1 if !input.is_empty() => input[at] = rng.pick(INTERESTING),
            2 => input.insert(at, rng.pick(INTERESTING)),
            3 if !input.is_empty() => {
                input.remove(at);
            }
            _ => input.truncate(at),
        }
    }
}

fn random_input(rng: &mut Rng) -> Vec<u8> {
    match rng.below(3) {
        0 => (0..rng.below(64)).map(|_| rng.pick(INTERESTING)).collect(),
        1 => (0..rng.below(64)).map(|_| rng.next() as u8).collect(),
        _ => {
            let mut input = SEEDS[rng.below(SEEDS.len())].repeat(1 + rng.below(3));
            mutate(rng, &mut input);
            input
        }
    }
}

fn random_limit(rng: &mut Rng) -> u32 {
    let any = rng.next() as u32;
    rng.pick(&[
        0,
        1,
        2,
        3,
        5,
        8,
        17,
        30,
        100,
        8192,
        16384,
        u32::MAX - 1,
        u32::MAX,
        any,
    ])
}

/// Half the time a hostile configuration (any limit, short or oversold `out`), half the time one
/// that can hold records, so that every path of the parser is reached.
fn random_config(rng: &mut Rng) -> Config {
    let any = rng.next() as u32;
    if rng.below(2) == 0 {
        return Config {
            max_head: random_limit(rng),
            max_target: random_limit(rng),
            max_headers: rng.pick(&[0, 1, 2, 3, 11, 100, u32::MAX / 5, u32::MAX, any]),
            flags: rng.pick(&[0, LENIENT_BARE_LF, u32::MAX]),
            out_len: rng.pick(&[0, 1, 8, 12, 13, 15, 16, 17, 31, 32, 37, 200, 600, 5000]),
            capacity: rng.pick(&[None, Some(0), Some(16), Some(40), Some(u32::MAX)]),
        };
    }
    let max_headers = rng.pick(&[0, 1, 2, 3, 11, 100]);
    Config {
        max_head: rng.pick(&[5, 30, 100, 700, 16384]),
        max_target: rng.pick(&[0, 1, 5, 60, 8192]),
        max_headers,
        flags: rng.pick(&[0, LENIENT_BARE_LF]),
        out_len: 16 + (16 + 5 * max_headers as usize) * (1 + rng.below(4)),
        capacity: None,
    }
}

/// The result words of a parse call stay in range.
fn check_result(input: &[u8], start: usize, end: usize, out: &[u32], status: u32) {
    if out.len() < RECORDS_START as usize {
        assert_eq!(status, STATUS_DONE);
        return;
    }
    let end = end.min(input.len());
    let start = start.min(end);
    assert!(status <= STATUS_ERROR);
    assert_eq!(out[R_STATUS as usize], status);
    let consumed = out[R_CONSUMED as usize] as usize;
    assert!(
        (start..=end).contains(&consumed),
        "consumed {consumed} outside [{start}, {end}]"
    );
    let (code, offset) = (
        out[R_ERROR_CODE as usize],
        out[R_ERROR_OFFSET as usize] as usize,
    );
    if status == STATUS_ERROR {
        // The head parser's codes: 1..=21, and INVALID_HOST, which came after
        // the chunked decoder's 22..=25.
        assert!((1..=21).contains(&code) || code == 26, "code {code}");
        assert!(
            (consumed..=end).contains(&offset),
            "error offset {offset} outside [{consumed}, {end}]"
        );
    } else {
        assert_eq!((code, offset), (0, 0));
    }
    let mut at = start;
    for record in records(out) {
        let (head_start, head_end) = (
            record[F_HEAD_START as usize] as usize,
            record[F_HEAD_END as usize] as usize,
        );
        assert!(at <= head_start && head_start < head_end && head_end <= consumed);
        for h in 0..record[F_HEADER_COUNT as usize] as usize {
            let w = &record[16 + 5 * h..21 + 5 * h];
            assert!(w[0] as usize > head_start && (w[2] + w[3]) as usize <= head_end);
        }
        at = head_end;
    }
}

#[test]
fn parser_never_panics_and_stays_in_range() {
    let mut rng = Rng(0x5eed_0001);
    let mut seen = [0usize; 3];
    for _ in 0..20_000 {
        let input = random_input(&mut rng);
        let cfg = random_config(&mut rng);
        let mut out = cfg.out_or_short();
        let (start, end) = match rng.below(6) {
            0 => (rng.below(input.len() + 3), rng.below(input.len() + 3)),
            1 => (usize::MAX, usize::MAX),
            _ => (0, input.len()),
        };
        let status = wire::parse(&input, start, end, &mut out);
        check_result(&input, start, end, &out, status);
        seen[status as usize] += 1;
    }
    assert!(seen.iter().all(|&n| n > 100), "statuses seen: {seen:?}");
}

#[test]
fn parser_split_anywhere_matches_whole_on_mutated_input() {
    let mut rng = Rng(0x5eed_0002);
    for _ in 0..3000 {
        let input = random_input(&mut rng);
        let mut cfg = random_config(&mut rng);
        cfg.out_len = cfg.out_len.max(600);
        cfg.capacity = None;
        cfg.max_headers = cfg.max_headers.min(100);
        let whole = drive(&input, &[], &cfg);
        let cut = rng.below(input.len() + 1);
        assert_eq!(
            drive(&input, &[cut], &cfg),
            whole,
            "{:?} cut at {cut}, {cfg:?}",
            String::from_utf8_lossy(&input)
        );
    }
}

#[test]
fn decoder_never_panics_and_stays_in_range() {
    let mut rng = Rng(0x5eed_0003);
    let mut seen = [0usize; 3];
    for _ in 0..5000 {
        let mut decoder = ChunkedDecoder::new(
            random_limit(&mut rng),
            random_limit(&mut rng),
            rng.below(2) == 0,
        );
        let mut out = vec![0u32; rng.pick(&[0, 1, 7, 8, 9, 10, 12, 64])];
        for _ in 0..=rng.below(4) {
            let mut input = match rng.below(2) {
                0 => random_input(&mut rng),
                _ => {
                    let mut body = b"5;a=\"b\"\r\nhello\r\n1a\r\n0123456789abcdef0123456789\r\n0\r\nX: y\r\n\r\n".to_vec();
                    mutate(&mut rng, &mut body);
                    body
                }
            };
            if rng.below(8) == 0 {
                input.clear();
            }
            let (start, end) = match rng.below(6) {
                0 => (rng.below(input.len() + 3), rng.below(input.len() + 3)),
                _ => (0, input.len()),
            };
            let status = decoder.decode(&input, start, end, &mut out);
            if out.len() < D_SPANS_START as usize {
                assert_eq!(status, DECODE_NEED_MORE);
                continue;
            }
            let end = end.min(input.len());
            let start = start.min(end);
            assert!(status <= DECODE_ERROR && out[D_STATUS as usize] == status);
            seen[status as usize] += 1;
            let consumed = out[D_CONSUMED as usize] as usize;
            assert!((start..=end).contains(&consumed));
            for s in 0..out[D_SPAN_COUNT as usize] as usize {
                let (at, len) = (out[8 + 2 * s] as usize, out[9 + 2 * s] as usize);
                assert!(at >= start && at + len <= consumed && len > 0);
            }
        }
    }
    assert!(seen.iter().all(|&n| n > 100), "statuses seen: {seen:?}");
}

#[test]
fn writer_never_panics_and_never_lets_a_line_break_through() {
    let mut rng = Rng(0x5eed_0004);
    let mut written = 0;
    for _ in 0..5000 {
        let parts: Vec<Vec<u8>> = (0..2 * rng.below(4))
            .map(|_| {
                (0..rng.below(6))
                    .map(|_| {
                        if rng.below(3) == 0 {
                            rng.pick(INTERESTING)
                        } else {
                            b'a' + rng.below(26) as u8
                        }
                    })
                    .collect()
            })
            .collect();
        let headers: Vec<(&[u8], &[u8])> =
            parts.chunks(2).map(|p| (&p[0][..], &p[1][..])).collect();
        let any = rng.next();
        let status = rng.pick(&[0, 99, 100, 200, 299, 418, 599, 600, any as u16]);
        let length = rng.pick(&[None, Some(0), Some(u64::MAX), Some(any)]);
        let body: Option<&[u8]> = rng.pick(&[None, Some(&b""[..]), Some(&b"body\r\n"[..])]);
        let mut dst = Vec::new();
        if write_response(status, &headers, length, body, &mut dst).is_ok() {
            let head_len = dst.len() - body.map_or(0, <[u8]>::len);
            let head = &dst[..head_len];
            // Every CR is part of a CRLF that ends a line, and the head ends at its one blank line.
            let lines: Vec<&[u8]> = head.split(|&b| b == b'\n').collect();
            assert!(lines
                .iter()
                .rev()
                .skip(1)
                .all(|l| l.ends_with(b"\r") && !l[..l.len() - 1].contains(&b'\r')));
            assert_eq!(lines.iter().filter(|l| *l == b"\r").count(), 1);
            assert!(head.ends_with(b"\r\n\r\n"));
            written += 1;
        } else {
            assert!(dst.is_empty());
        }
    }
    assert!(written > 500 && written < 4500, "{written} of 5000 written");
}
