//! The parser's table: raw bytes -> expected control block and record words
//! (docs/wire-spec.md §1-3, §5), each row also fed split at every byte and byte by byte.

mod common;

use common::rows::{at, row, Row};
use common::*;
use wire::layout::*;
use wire::ErrorCode as E;

/// The smallest valid HTTP/1.1 request: 27 bytes, Host value at 22.
const GET: &[u8] = b"GET / HTTP/1.1\r\nHost: a\r\n\r\n";

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// GET / HTTP/1.1 with Host: a and then `headers` (each ending in CRLF) and the blank line.
fn get_with(headers: &str) -> Vec<u8> {
    format!("GET / HTTP/1.1\r\nHost: a\r\n{headers}\r\n").into_bytes()
}

fn basics() -> Vec<Row> {
    vec![
        row("smallest HTTP/1.1 GET", GET)
            .all(1)
            .rec(
                0,
                &[
                    (F_WORDS, 21),
                    (F_HEAD_START, 0),
                    (F_HEAD_END, 27),
                    (F_METHOD, METHOD_GET),
                    (F_METHOD_LEN, 3),
                    (F_TARGET_START, 4),
                    (F_TARGET_LEN, 1),
                    (F_TARGET_FORM, FORM_ORIGIN),
                    (F_VERSION_MINOR, 1),
                    (F_FLAGS, FLAG_KEEP_ALIVE),
                    (F_BODY_KIND, BODY_NONE),
                    (F_LENGTH_HI, 0),
                    (F_LENGTH_LO, 0),
                    (F_HEADER_COUNT, 1),
                    (14, 0),
                    (15, 0),
                ],
            )
            .header(0, 0, [16, 4, 22, 1, H_HOST]),
        row("HTTP/1.0 without headers", b"GET / HTTP/1.0\r\n\r\n")
            .all(1)
            .rec(
                0,
                &[
                    (F_VERSION_MINOR, 0),
                    (F_FLAGS, 0),
                    (F_HEADER_COUNT, 0),
                    (F_WORDS, 16),
                    (F_HEAD_END, 18),
                ],
            ),
        row("empty input", b"").done(0, 0),
        row("one byte", b"G").partial(0, 0),
        row("request line only", b"GET / HTTP/1.1\r\n").partial(0, 0),
        row(
            "head without its blank line",
            b"GET / HTTP/1.1\r\nHost: a\r\n",
        )
        .partial(0, 0),
        row(
            "blank line's CR without its LF",
            b"GET / HTTP/1.1\r\nHost: a\r\n\r",
        )
        .partial(0, 0),
        row("leading empty lines alone", b"\r\n").partial(0, 0),
        row("several leading empty lines alone", b"\r\n\r\n\r").partial(0, 0),
        row("leading empty lines are skipped", &cat(&[b"\r\n\r\n", GET]))
            .all(1)
            .rec(
                0,
                &[(F_HEAD_START, 4), (F_HEAD_END, 31), (F_TARGET_START, 8)],
            ),
        row(
            "empty lines after a head wait for the next head",
            &cat(&[GET, b"\r\n"]),
        )
        .partial(1, 27),
        row("lone LF as empty line", &cat(&[b"\n", GET])).fails(E::BareLf, 0),
        row("lone LF as empty line, lenient", &cat(&[b"\n", GET]))
            .lenient()
            .all(1)
            .rec(0, &[(F_HEAD_START, 1)]),
        row("CR then junk before the method", b"\r\rGET").fails(E::BareCr, 0),
        row("CR then junk before the method, lenient", b"\r\rGET")
            .lenient()
            .fails(E::BareCr, 0),
        row("bare LF everywhere, strict", b"GET / HTTP/1.1\nHost: a\n\n").fails(E::BareLf, 14),
        row(
            "bare LF everywhere, lenient",
            b"GET / HTTP/1.1\nHost: a\n\n",
        )
        .lenient()
        .all(1)
        .rec(0, &[(F_HEAD_END, 24)])
        .header(0, 0, [15, 4, 21, 1, H_HOST]),
        row(
            "CRLF and bare LF mixed, lenient",
            b"GET / HTTP/1.1\r\nHost: a\n\r\n",
        )
        .lenient()
        .all(1),
    ]
}

fn methods() -> Vec<Row> {
    let mut rows: Vec<Row> = [
        ("GET", METHOD_GET),
        ("HEAD", METHOD_HEAD),
        ("POST", METHOD_POST),
        ("PUT", METHOD_PUT),
        ("DELETE", METHOD_DELETE),
        ("OPTIONS", METHOD_OPTIONS),
        ("TRACE", METHOD_TRACE),
        ("PATCH", METHOD_PATCH),
        ("get", METHOD_OTHER),
        ("Get", METHOD_OTHER),
        ("GETS", METHOD_OTHER),
        ("PROPFIND", METHOD_OTHER),
        ("M-SEARCH", METHOD_OTHER),
        ("!#$%&'*+-.^_`|~09azAZ", METHOD_OTHER),
    ]
    .into_iter()
    .map(|(m, id)| {
        let input = format!("{m} / HTTP/1.1\r\nHost: a\r\n\r\n");
        row(&format!("method {m}"), input.as_bytes()).all(1).rec(
            0,
            &[
                (F_METHOD, id),
                (F_METHOD_LEN, m.len() as u32),
                (F_TARGET_START, m.len() as u32 + 1),
            ],
        )
    })
    .collect();
    rows.extend([
        row(
            "method CONNECT",
            b"CONNECT a:1 HTTP/1.1\r\nHost: a:1\r\n\r\n",
        )
        .all(1)
        .rec(0, &[(F_METHOD, METHOD_CONNECT), (F_METHOD_LEN, 7)]),
        row("empty method", b" / HTTP/1.1\r\n").fails(E::InvalidMethod, 0),
        row("method with a non-tchar", b"GE(T / HTTP/1.1\r\n").fails(E::InvalidMethod, 2),
        row("method ended by HTAB", b"GET\t/ HTTP/1.1\r\n").fails(E::InvalidMethod, 3),
        row("method ended by CR", b"GET\r\n").fails(E::InvalidMethod, 3),
        row("method with obs-text", b"G\xc3\x89T / HTTP/1.1\r\n").fails(E::InvalidMethod, 1),
        row("method starting with NUL", b"\0GET / HTTP/1.1\r\n").fails(E::InvalidMethod, 0),
        row("method only, input ends", b"GET").partial(0, 0),
    ]);
    rows
}

fn targets() -> Vec<Row> {
    let ok = |name: &str, line: &str, form: u32| {
        let input = format!("{line} HTTP/1.1\r\nHost: a\r\n\r\n");
        let space = line.find(' ').unwrap() as u32;
        row(name, input.as_bytes()).all(1).rec(
            0,
            &[
                (F_TARGET_FORM, form),
                (F_TARGET_START, space + 1),
                (F_TARGET_LEN, line.len() as u32 - space - 1),
            ],
        )
    };
    let bad = |name: &str, line: &str, offset: u32| {
        let input = format!("{line} HTTP/1.1\r\nHost: a\r\n\r\n");
        row(name, input.as_bytes()).fails(E::InvalidTarget, offset)
    };
    vec![
        ok("origin-form with query", "GET /a/b?c=d&e=%20f", FORM_ORIGIN),
        ok(
            "origin-form with every allowed sign",
            "GET /!$&'()*+,-./:;=?@[]_~09azAZ%",
            FORM_ORIGIN,
        ),
        ok("absolute-form", "GET http://example.com/a?b", FORM_ABSOLUTE),
        ok(
            "absolute-form, scheme with + - .",
            "GET a+b-c.d:x",
            FORM_ABSOLUTE,
        ),
        ok(
            "absolute-form with OPTIONS",
            "OPTIONS http://a/",
            FORM_ABSOLUTE,
        ),
        ok("asterisk-form with OPTIONS", "OPTIONS *", FORM_ASTERISK),
        ok("origin-form with OPTIONS", "OPTIONS /x", FORM_ORIGIN),
        ok("authority-form", "CONNECT example.com:443", FORM_AUTHORITY),
        ok(
            "authority-form, IPv6 host",
            "CONNECT [::1]:443",
            FORM_AUTHORITY,
        ),
        ok(
            "authority-form, several colons, last one's port",
            "CONNECT a:b:1",
            FORM_AUTHORITY,
        ),
        ok("origin-form starting //", "GET //a", FORM_ORIGIN),
        bad("asterisk with GET", "GET *", 4),
        bad("asterisk with CONNECT", "CONNECT *", 8),
        bad("origin-form with CONNECT", "CONNECT /a:1", 8),
        bad("absolute-form with CONNECT", "CONNECT http://a:1", 8),
        bad("authority without port", "CONNECT a", 8),
        bad("authority with empty port", "CONNECT a:", 8),
        bad("authority with empty host", "CONNECT :443", 8),
        bad("authority with a non-digit port", "CONNECT a:44x", 8),
        bad("authority with userinfo", "CONNECT u@a:1", 8),
        bad("authority with a query", "CONNECT a:1?x", 8),
        bad("rootless word", "GET abc", 4),
        bad("scheme starting with a digit", "GET 1a:b", 4),
        bad("scheme with a bad byte", "GET a_b:c", 4),
        bad("scheme and colon only", "GET http:", 4),
        bad("colon first", "GET :a", 4),
        bad("two asterisks with OPTIONS", "OPTIONS **", 8),
        row("empty target (two SPs)", b"GET  / HTTP/1.1\r\n").fails(E::InvalidTarget, 4),
        row("DQUOTE in target", b"GET /a\"b HTTP/1.1\r\n").fails(E::InvalidTarget, 6),
        row("fragment in target", b"GET /a#b HTTP/1.1\r\n").fails(E::InvalidTarget, 6),
        row("brace in target", b"GET /{ HTTP/1.1\r\n").fails(E::InvalidTarget, 5),
        row("backslash in target", b"GET /\\ HTTP/1.1\r\n").fails(E::InvalidTarget, 5),
        row("obs-text in target", b"GET /\xe9 HTTP/1.1\r\n").fails(E::InvalidTarget, 5),
        row("HTAB in target", b"GET /\t HTTP/1.1\r\n").fails(E::InvalidTarget, 5),
        row("DEL in target", b"GET /\x7f HTTP/1.1\r\n").fails(E::InvalidTarget, 5),
        row("request line without version", b"GET /\r\n\r\n").fails(E::InvalidTarget, 5),
        row("target, input ends", b"GET /abc").partial(0, 0),
        // C_MAX_TARGET = 3: the byte at target start + 3 must be the SP.
        row(
            "target of exactly the limit",
            b"GET /ab HTTP/1.1\r\nHost: a\r\n\r\n",
        )
        .max_target(3)
        .all(1),
        row("target one over the limit", b"GET /abc HTTP/1.1\r\n")
            .max_target(3)
            .fails(E::TargetTooLong, 7),
        row(
            "too long comes before the byte check",
            b"GET /ab\x01 HTTP/1.1\r\n",
        )
        .max_target(3)
        .fails(E::TargetTooLong, 7),
        row("bad byte inside the limit", b"GET /\"bc HTTP/1.1\r\n")
            .max_target(3)
            .fails(E::InvalidTarget, 5),
        row("at the limit, input ends", b"GET /ab")
            .max_target(3)
            .partial(0, 0),
        row("zero target limit", b"GET / HTTP/1.1\r\n")
            .max_target(0)
            .fails(E::TargetTooLong, 4),
        row("zero target limit, empty target", b"GET  HTTP/1.1\r\n")
            .max_target(0)
            .fails(E::InvalidTarget, 4),
    ]
}

fn versions() -> Vec<Row> {
    vec![
        row("lowercase http", b"GET / http/1.1\r\n").fails(E::InvalidVersion, 6),
        row("HTTPS", b"GET / HTTPS/1.1\r\n").fails(E::InvalidVersion, 10),
        row("no minor dot", b"GET / HTTP/11\r\n").fails(E::InvalidVersion, 12),
        row("letter minor", b"GET / HTTP/1.x\r\n").fails(E::InvalidVersion, 13),
        row("letter major", b"GET / HTTP/x.1\r\n").fails(E::InvalidVersion, 11),
        row("version ends early", b"GET / HTTP/1.\r\n").fails(E::InvalidVersion, 13),
        row("no version", b"GET / \r\n").fails(E::InvalidVersion, 6),
        row("HTTP/2.0", b"GET / HTTP/2.0\r\n").fails(E::UnsupportedVersion, 6),
        row("HTTP/1.2", b"GET / HTTP/1.2\r\n").fails(E::UnsupportedVersion, 6),
        row("HTTP/0.9", b"GET / HTTP/0.9\r\n").fails(E::UnsupportedVersion, 6),
        row("HTTP/9.9, input ends there", b"GET / HTTP/9.9").fails(E::UnsupportedVersion, 6),
        row("HTTP/1.1 then a byte", b"GET / HTTP/1.1x\r\n").fails(E::InvalidRequestLine, 14),
        row("HTTP/1.1 then SP", b"GET / HTTP/1.1 \r\n").fails(E::InvalidRequestLine, 14),
        row("two-digit minor", b"GET / HTTP/1.10\r\n").fails(E::InvalidRequestLine, 14),
        row("CR then junk after the version", b"GET / HTTP/1.1\rX").fails(E::BareCr, 14),
        row("version, input ends", b"GET / HTTP/1").partial(0, 0),
        row("version, input ends at the CR", b"GET / HTTP/1.1\r").partial(0, 0),
        row("HTTP/1.0 version minor", b"GET / HTTP/1.0\r\n\r\n")
            .all(1)
            .rec(0, &[(F_VERSION_MINOR, 0)]),
    ]
}

fn header_lines() -> Vec<Row> {
    let value = |name: &str, line: &str, start: u32, len: u32| {
        let input = get_with(line);
        row(name, &input)
            .all(1)
            .word(0, REC_FIXED + HEADER_WORDS + 2, start)
            .word(0, REC_FIXED + HEADER_WORDS + 3, len)
    };
    // Header lines after "GET / HTTP/1.1\r\nHost: a\r\n" begin at 25.
    let bad = |name: &str, line: &str, code: E, offset: u32| {
        row(name, &get_with(line)).fails(code, offset)
    };
    vec![
        value("value with OWS around it", "X: \t a b \t \r\n", 30, 3),
        value("empty value", "X:\r\n", 27, 0),
        value("whitespace-only value", "X:  \r\n", 29, 0),
        value("value without OWS", "X:v\r\n", 27, 1),
        // (\u{80} and \u{ff} are two UTF-8 bytes each, all of them obs-text.)
        value("value with HTAB, obs-text, every VCHAR", "X: a\tb\x7e\u{80}\u{ff}!\"~ c\r\n", 28, 13),
        value("long value (word scan)", "X: 0123456789abcdefghijklmnopqrstuvwxyz\t\t0123456789\r\n", 28, 48),
        row("name and value words", &get_with("Content-Type: text/plain\r\n"))
            .all(1)
            .rec(0, &[(F_HEADER_COUNT, 2), (F_WORDS, 26)])
            .header(0, 1, [25, 12, 39, 10, H_CONTENT_TYPE]),
        row("known header ids, any case", &get_with(
            "content-LENGTH: 0\r\nCONNECTION: keep-alive\r\nexpect: x\r\nUpgrade: x\r\nUSER-AGENT: x\r\n\
             Accept-Encoding: x\r\ncontent-type: x\r\nX: x\r\nHosts: x\r\nHos: x\r\nContent-Lengths: x\r\n",
        ))
        .all(1)
        .rec(0, &[(F_HEADER_COUNT, 12)])
        .word(0, REC_FIXED + 4, H_HOST)
        .word(0, REC_FIXED + 5 + 4, H_CONTENT_LENGTH)
        .word(0, REC_FIXED + 10 + 4, H_CONNECTION)
        .word(0, REC_FIXED + 15 + 4, H_EXPECT)
        .word(0, REC_FIXED + 20 + 4, H_UPGRADE)
        .word(0, REC_FIXED + 25 + 4, H_USER_AGENT)
        .word(0, REC_FIXED + 30 + 4, H_ACCEPT_ENCODING)
        .word(0, REC_FIXED + 35 + 4, H_CONTENT_TYPE)
        .word(0, REC_FIXED + 40 + 4, H_OTHER)
        .word(0, REC_FIXED + 45 + 4, H_OTHER)
        .word(0, REC_FIXED + 50 + 4, H_OTHER)
        .word(0, REC_FIXED + 55 + 4, H_OTHER),
        row("transfer-encoding id", &get_with("TRANSFER-encoding: chunked\r\n"))
            .all(1)
            .word(0, REC_FIXED + 5 + 4, H_TRANSFER_ENCODING),
        bad("obs-fold with SP", " folded\r\n", E::ObsFold, 25),
        bad("obs-fold with HTAB", "\tfolded\r\n", E::ObsFold, 25),
        row("obs-fold right after the request line", b"GET / HTTP/1.1\r\n Host: a\r\n\r\n").fails(E::ObsFold, 16),
        bad("SP before the colon", "X : y\r\n", E::InvalidHeaderName, 26),
        bad("HTAB before the colon", "X\t: y\r\n", E::InvalidHeaderName, 26),
        bad("empty name", ": y\r\n", E::InvalidHeaderName, 25),
        bad("non-tchar in name", "X(Y: z\r\n", E::InvalidHeaderName, 26),
        bad("obs-text in name", "X\u{e9}: z\r\n", E::InvalidHeaderName, 26),
        bad("line without a colon", "Xyz\r\n", E::InvalidHeaderName, 28),
        bad("NUL in value", "X: a\0b\r\n", E::InvalidHeaderValue, 29),
        bad("DEL in value", "X: a\x7fb\r\n", E::InvalidHeaderValue, 29),
        bad("ESC in value", "X: a\x1bb\r\n", E::InvalidHeaderValue, 29),
        bad("NUL as leading whitespace", "X:\0\r\n", E::InvalidHeaderValue, 27),
        bad("CTL deep in a long value", "X: 0123456789abcdef0123456789\x01\r\n", E::InvalidHeaderValue, 54),
        bad("CR then junk in value", "X: a\rb\r\n", E::BareCr, 29),
        bad("bare LF after value", "X: a\nY: b\r\n", E::BareLf, 29),
        row("bare LF after value, lenient", &get_with("X: a\nY: b\r\n")).lenient().all(1).rec(0, &[(F_HEADER_COUNT, 3)]),
        row("CR then junk at the blank line", b"GET / HTTP/1.1\r\nHost: a\r\n\rX").fails(E::BareCr, 25),
        row("bare LF as the blank line", b"GET / HTTP/1.1\r\nHost: a\r\n\n").fails(E::BareLf, 25),
        row("bare LF as the blank line, lenient", b"GET / HTTP/1.1\r\nHost: a\r\n\n").lenient().all(1).rec(0, &[(F_HEAD_END, 26)]),
        row("header name, input ends", b"GET / HTTP/1.1\r\nHost: a\r\nX-Lo").partial(0, 0),
        row("header value, input ends", b"GET / HTTP/1.1\r\nHost: a\r\nX: abcdefghijklmnop").partial(0, 0),
        row("header value, input ends at the CR", b"GET / HTTP/1.1\r\nHost: a\r\nX: a\r").partial(0, 0),
    ]
}

fn limits() -> Vec<Row> {
    let three = get_with("X: 1\r\nY: 2\r\n");
    vec![
        row("exactly max headers", &three).max_headers(3).all(1),
        row("one over max headers", &three)
            .max_headers(2)
            .fails(E::TooManyHeaders, at(&three, b"Y:")),
        row("too many headers comes after obs-fold", &get_with(" x\r\n"))
            .max_headers(1)
            .fails(E::ObsFold, 25),
        row(
            "too many headers comes before the name check",
            &get_with("(\r\n"),
        )
        .max_headers(1)
        .fails(E::TooManyHeaders, 25),
        row("zero max headers, no headers", b"GET / HTTP/1.0\r\n\r\n")
            .max_headers(0)
            .all(1),
        row("zero max headers", GET)
            .max_headers(0)
            .fails(E::TooManyHeaders, 16),
        row("head of exactly max head", GET).max_head(27).all(1),
        row("head one over max head: its last LF", GET)
            .max_head(26)
            .fails(E::HeadTooLarge, 26),
        row("head far over max head", GET)
            .max_head(10)
            .fails(E::HeadTooLarge, 10),
        row("zero max head", GET)
            .max_head(0)
            .fails(E::HeadTooLarge, 0),
        row("max head reached where the input ends", b"GET / HT")
            .max_head(8)
            .fails(E::HeadTooLarge, 8),
        row("input ends just inside max head", b"GET / HT")
            .max_head(9)
            .partial(0, 0),
        row(
            "leading empty lines count towards max head",
            &cat(&[b"\r\n\r\n", GET]),
        )
        .max_head(30)
        .fails(E::HeadTooLarge, 30),
        row("leading empty lines alone over max head", b"\r\n\r\n\r\n")
            .max_head(4)
            .fails(E::HeadTooLarge, 4),
        row(
            "max head counts from each head's begin",
            &cat(&[GET, GET, GET]),
        )
        .max_head(27)
        .all(3),
        row("second head over max head", &cat(&[GET, b"\r\n", GET]))
            .max_head(27)
            .error(1, 27, E::HeadTooLarge, 54),
        row("max head inside the target", b"GET /abcdef HTTP/1.1\r\n")
            .max_head(8)
            .fails(E::HeadTooLarge, 8),
        row(
            "max head before too long target",
            b"GET /abcdef HTTP/1.1\r\n",
        )
        .max_head(8)
        .max_target(4)
        .fails(E::HeadTooLarge, 8),
        row(
            "max head inside a header value",
            &get_with("X: abcdefghijklmnopqrstuvwxyz\r\n"),
        )
        .max_head(40)
        .fails(E::HeadTooLarge, 40),
        row(
            "default max head",
            &get_with(&format!("X: {}\r\n", "v".repeat(16384))),
        )
        .fails(E::HeadTooLarge, 16384),
        row(
            "default max target",
            format!("GET /{} HTTP/1.1\r\n", "a".repeat(8192)).as_bytes(),
        )
        .fails(E::TargetTooLong, 8196),
        row("default max headers", &get_with(&"X: y\r\n".repeat(99)))
            .all(1)
            .rec(0, &[(F_HEADER_COUNT, 100)]),
        row(
            "default max headers, one over",
            &get_with(&"X: y\r\n".repeat(100)),
        )
        .fails(E::TooManyHeaders, 25 + 99 * 6),
    ]
}

fn head_checks() -> Vec<Row> {
    let post = |headers: &str| format!("POST / HTTP/1.1\r\nHost: a\r\n{headers}\r\n").into_bytes();
    let post10 = |headers: &str| format!("POST / HTTP/1.0\r\n{headers}\r\n").into_bytes();
    // Header lines of `post` begin at 26.
    let te = |name: &str, value: &str, code: E, offset: u32| {
        row(name, &post(&format!("Transfer-Encoding: {value}\r\n"))).fails(code, offset)
    };
    // The value of `Transfer-Encoding: ` at 26 begins at 45.
    let chunked = |name: &str, headers: &str| {
        row(name, &post(headers))
            .done(1, post(headers).len() as u32)
            .rec(0, &[(F_BODY_KIND, BODY_CHUNKED)])
    };
    let length = |name: &str, values: &[&str], hi: u32, lo: u32| {
        let headers: String = values
            .iter()
            .map(|v| format!("Content-Length: {v}\r\n"))
            .collect();
        let input = post(&headers);
        row(name, &input).done(1, input.len() as u32).rec(
            0,
            &[
                (F_BODY_KIND, BODY_LENGTH),
                (F_LENGTH_HI, hi),
                (F_LENGTH_LO, lo),
            ],
        )
    };
    // The first `Content-Length: ` at 26 has its value at 42; a second one's value at 42 + line.
    let bad_length = |name: &str, values: &[&str], code: E, offset: u32| {
        let headers: String = values
            .iter()
            .map(|v| format!("Content-Length: {v}\r\n"))
            .collect();
        row(name, &post(&headers)).fails(code, offset)
    };
    vec![
        row("missing Host", b"GET / HTTP/1.1\r\n\r\n").fails(E::MissingHost, 0),
        row(
            "missing Host, at the head start",
            b"\r\nGET / HTTP/1.1\r\nX: y\r\n\r\n",
        )
        .fails(E::MissingHost, 2),
        row("HTTP/1.0 needs no Host", b"GET / HTTP/1.0\r\nX: y\r\n\r\n").all(1),
        row("duplicate Host", &get_with("X: y\r\nhost: b\r\n")).fails(E::DuplicateHost, 31),
        row(
            "duplicate Host, reported at the second",
            &get_with("Host: b\r\nHost: c\r\n"),
        )
        .fails(E::DuplicateHost, 25),
        row(
            "duplicate Host in HTTP/1.0",
            b"GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n",
        )
        .fails(E::DuplicateHost, 25),
        row(
            "missing Host comes before Transfer-Encoding",
            b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
        )
        .fails(E::MissingHost, 0),
        row(
            "duplicate Host comes before Content-Length",
            &post("Content-Length: x\r\nHost: b\r\n"),
        )
        .fails(E::DuplicateHost, 45),
        chunked("chunked", "Transfer-Encoding: chunked\r\n"),
        chunked(
            "chunked, any case and OWS",
            "transfer-encoding:  ChUnKeD \t\r\n",
        ),
        chunked(
            "chunked with empty elements around",
            "Transfer-Encoding: ,, chunked ,\r\n",
        ),
        chunked(
            "chunked then an empty TE header",
            "Transfer-Encoding: chunked\r\nTransfer-Encoding: , \r\n",
        ),
        chunked(
            "empty TE header then chunked",
            "Transfer-Encoding:\r\nTransfer-Encoding: chunked\r\n",
        ),
        te(
            "gzip then chunked",
            "gzip, chunked",
            E::UnsupportedTransferCoding,
            45,
        ),
        te(
            "chunked then gzip",
            "chunked, gzip",
            E::InvalidTransferEncoding,
            45,
        ),
        te(
            "chunked twice",
            "chunked, chunked",
            E::InvalidTransferEncoding,
            45,
        ),
        te(
            "chunked twice, empty elements between",
            "chunked,,  ,chunked",
            E::InvalidTransferEncoding,
            45,
        ),
        te("identity", "identity", E::UnsupportedTransferCoding, 45),
        te(
            "unknown coding after OWS and commas",
            " , x-foo",
            E::UnsupportedTransferCoding,
            48,
        ),
        te(
            "chunked with a parameter",
            "chunked;q=1",
            E::UnsupportedTransferCoding,
            45,
        ),
        te(
            "only commas: at the value start, after OWS",
            " , ,",
            E::InvalidTransferEncoding,
            46,
        ),
        te("empty", "", E::InvalidTransferEncoding, 45),
        row(
            "chunked in two TE headers",
            &post("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"),
        )
        .fails(E::InvalidTransferEncoding, 45),
        row(
            "gzip header, then chunked header",
            &post("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"),
        )
        .fails(E::UnsupportedTransferCoding, 45),
        row(
            "empty TE headers only",
            &post("Transfer-Encoding: \r\nTransfer-Encoding: ,\r\n"),
        )
        .fails(E::InvalidTransferEncoding, 45),
        row("TE in HTTP/1.0", &post10("Transfer-Encoding: chunked\r\n"))
            .fails(E::InvalidTransferEncoding, 36),
        row(
            "TE in HTTP/1.0, second TE header",
            &post10("X: y\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n"),
        )
        .fails(E::InvalidTransferEncoding, 42),
        row(
            "TE with Content-Length",
            &post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"),
        )
        .fails(E::ContentLengthWithTransferEncoding, 26),
        row(
            "TE with Content-Length, reported at the first CL",
            &post("Transfer-Encoding: chunked\r\nContent-Length: x\r\nContent-Length: 1\r\n"),
        )
        .fails(E::ContentLengthWithTransferEncoding, 54),
        row(
            "bad TE comes before TE with Content-Length",
            &post("Content-Length: 5\r\nTransfer-Encoding: gzip\r\n"),
        )
        .fails(E::UnsupportedTransferCoding, 64),
        length("Content-Length", &["5"], 0, 5),
        length(
            "Content-Length 2^53 - 1",
            &["9007199254740991"],
            0x1f_ffff,
            0xffff_ffff,
        ),
        length("Content-Length 2^32", &["4294967296"], 1, 0),
        length(
            "Content-Length with leading zeros",
            &["0000000000000000000000009007199254740991"],
            0x1f_ffff,
            0xffff_ffff,
        ),
        length("Content-Length repeated", &["7", "7"], 0, 7),
        length(
            "Content-Length repeated with leading zero",
            &["7", "007"],
            0,
            7,
        ),
        length("Content-Length with OWS", &[" \t12 "], 0, 12),
        bad_length(
            "Content-Length 2^53",
            &["9007199254740992"],
            E::ContentLengthTooLarge,
            42,
        ),
        bad_length(
            "Content-Length huge",
            &["99999999999999999999999999"],
            E::ContentLengthTooLarge,
            42,
        ),
        bad_length(
            "Content-Length letters",
            &["abc"],
            E::InvalidContentLength,
            42,
        ),
        bad_length("Content-Length empty", &[""], E::InvalidContentLength, 42),
        bad_length(
            "Content-Length signed",
            &["+5"],
            E::InvalidContentLength,
            42,
        ),
        bad_length(
            "Content-Length negative",
            &["-1"],
            E::InvalidContentLength,
            42,
        ),
        bad_length("Content-Length list", &["1,1"], E::InvalidContentLength, 42),
        bad_length(
            "Content-Length with inner SP",
            &["1 2"],
            E::InvalidContentLength,
            42,
        ),
        bad_length("Content-Length hex", &["0x10"], E::InvalidContentLength, 42),
        bad_length(
            "Content-Length conflicting",
            &["5", "6"],
            E::ConflictingContentLength,
            42 + 19,
        ),
        bad_length(
            "Content-Length second one invalid",
            &["5", "x"],
            E::InvalidContentLength,
            42 + 19,
        ),
        bad_length(
            "Content-Length second one too large",
            &["5", "9007199254740992"],
            E::ContentLengthTooLarge,
            42 + 19,
        ),
        bad_length(
            "Content-Length invalid before conflicting",
            &["x", "6"],
            E::InvalidContentLength,
            42,
        ),
    ]
}

fn flags() -> Vec<Row> {
    let with = |name: &str, version: &str, headers: &str, flags: u32| {
        let input = format!("GET / HTTP/1.{version}\r\nHost: a\r\n{headers}\r\n");
        row(name, input.as_bytes())
            .all(1)
            .rec(0, &[(F_FLAGS, flags)])
    };
    const KA: u32 = FLAG_KEEP_ALIVE;
    const EC: u32 = FLAG_EXPECT_CONTINUE;
    const UP: u32 = FLAG_UPGRADE;
    vec![
        with("1.1 keeps alive", "1", "", KA),
        with("1.1 close", "1", "Connection: close\r\n", 0),
        with(
            "1.1 Close in a list",
            "1",
            "Connection: keep-alive, CLOSE\r\n",
            0,
        ),
        with(
            "1.1 close in a second Connection header",
            "1",
            "Connection: foo\r\nConnection: close\r\n",
            0,
        ),
        with(
            "1.1 closed is not close",
            "1",
            "Connection: closed, xclose\r\n",
            KA,
        ),
        with("1.0 closes", "0", "", 0),
        with("1.0 keep-alive", "0", "Connection: Keep-Alive\r\n", KA),
        with(
            "1.0 keep-alive in a list with OWS",
            "0",
            "Connection: , foo ,\tkeep-alive\t,\r\n",
            KA,
        ),
        with(
            "1.0 keep-alive and close",
            "0",
            "Connection: keep-alive, close\r\n",
            0,
        ),
        with(
            "expect 100-continue",
            "1",
            "Expect: 100-Continue\r\n",
            KA | EC,
        ),
        with(
            "expect 100-continue with OWS",
            "1",
            "Expect:  100-continue \r\n",
            KA | EC,
        ),
        with(
            "expect something else",
            "1",
            "Expect: 100-continue-x\r\n",
            KA,
        ),
        with(
            "expect in a list is not 100-continue",
            "1",
            "Expect: 100-continue, x\r\n",
            KA,
        ),
        with(
            "upgrade",
            "1",
            "Connection: Upgrade\r\nUpgrade: websocket\r\n",
            KA | UP,
        ),
        with(
            "upgrade header listed after others",
            "1",
            "Upgrade: h2c\r\nConnection: keep-alive, upgrade\r\n",
            KA | UP,
        ),
        with(
            "Upgrade header without Connection: upgrade",
            "1",
            "Upgrade: websocket\r\n",
            KA,
        ),
        with(
            "Connection: upgrade without Upgrade header",
            "1",
            "Connection: upgrade\r\n",
            KA,
        ),
        with(
            "upgrade and close",
            "1",
            "Connection: upgrade, close\r\nUpgrade: x\r\n",
            UP,
        ),
        with(
            "everything",
            "0",
            "Connection: upgrade, keep-alive\r\nUpgrade: x\r\nExpect: 100-continue\r\n",
            KA | EC | UP,
        ),
    ]
}

fn pipelining() -> Vec<Row> {
    let post5 = b"POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n";
    let post0 = b"POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n";
    let chunked = b"POST /u HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    vec![
        row("three pipelined GETs", &cat(&[GET, GET, GET]))
            .all(3)
            .rec(
                1,
                &[(F_HEAD_START, 27), (F_HEAD_END, 54), (F_TARGET_START, 31)],
            )
            .header(2, 0, [70, 4, 76, 1, H_HOST]),
        row(
            "pipelined with empty lines between",
            &cat(&[GET, b"\r\n", GET]),
        )
        .all(2)
        .rec(1, &[(F_HEAD_START, 29)]),
        row(
            "stops after a head with a body",
            &cat(&[GET, post5, b"hello", GET]),
        )
        .done(2, 27 + post5.len() as u32)
        .rec(1, &[(F_BODY_KIND, BODY_LENGTH), (F_LENGTH_LO, 5)]),
        row("goes on after Content-Length 0", &cat(&[post0, GET])).all(2),
        row(
            "stops after a chunked head",
            &cat(&[chunked, b"0\r\n\r\n", GET]),
        )
        .done(1, chunked.len() as u32),
        row("complete then partial", &cat(&[GET, b"GET / HT"])).partial(1, 27),
        row(
            "complete then error",
            &cat(&[GET, b"GET / HTTP/1.1\r\n\r\n"]),
        )
        .error(1, 27, E::MissingHost, 27),
        row(
            "complete then error in the request line",
            &cat(&[GET, GET, b"BAD\x01"]),
        )
        .error(2, 54, E::InvalidMethod, 57),
        // One full-size record (max headers 1: 16 + 5 words) fits after the control block.
        row("capacity for one record", &cat(&[GET, GET]))
            .max_headers(1)
            .out_len(16 + 21)
            .done(1, 27),
        row("capacity for two records", &cat(&[GET, GET, GET]))
            .max_headers(1)
            .out_len(16 + 42)
            .done(2, 54),
        row("capacity word below out's length", &cat(&[GET, GET]))
            .max_headers(1)
            .capacity(16 + 21)
            .done(1, 27),
        row("no room for one record", GET)
            .max_headers(1)
            .out_len(16 + 20)
            .done(0, 0),
        row(
            "capacity word above out's length is clamped",
            &cat(&[GET, GET]),
        )
        .max_headers(1)
        .out_len(16 + 21)
        .capacity(1 << 30)
        .done(1, 27),
    ]
}

/// Host values (RFC 9112 §3.2, RFC 3986 §3.2.2; docs/wire-spec.md §3 check 1). In
/// `GET / HTTP/1.1\r\nHost: {value}\r\n\r\n` the value starts at 22.
fn hosts() -> Vec<Row> {
    let get_host = |value: &[u8]| cat(&[b"GET / HTTP/1.1\r\nHost: ", value, b"\r\n\r\n"]);
    let valid = |name: &str, value: &[u8]| row(name, &get_host(value)).all(1);
    let invalid = |name: &str, value: &[u8]| row(name, &get_host(value)).fails(E::InvalidHost, 22);
    vec![
        valid("host: reg-name", b"example.com"),
        valid("host: reg-name and port", b"localhost:8080"),
        valid("host: empty port", b"a:"),
        valid("host: empty reg-name with a port", b":80"),
        valid(
            "host: port with leading zeros, no range check",
            b"a:0099999",
        ),
        valid("host: IPv4", b"127.0.0.1:80"),
        valid("host: IPv4-like out of range is a reg-name", b"999.1.1.1"),
        valid(
            "host: every unreserved and sub-delim",
            b"aZ09-._~!$&'()*+,;=",
        ),
        valid("host: pct-encoded, both cases", b"%41%e9%Fa"),
        valid("host: IPv6 loopback", b"[::1]"),
        valid("host: IPv6 with port", b"[2001:DB8::1]:443"),
        valid("host: IPv6 with an IPv4 tail", b"[::ffff:192.0.2.1]"),
        valid("host: IPvFuture", b"[v1.a:b!]"),
        valid("host: IPvFuture, capital V, port", b"[VF.x]:1"),
        invalid("host: SP inside", b"bad host"),
        invalid("host: two words", b"a b"),
        invalid("host: HTAB inside", b"a\tb"),
        invalid("host: letter in the port", b"x:80a"),
        invalid("host: two ports", b"a:80:80"),
        invalid("host: userinfo", b"a@b"),
        invalid("host: path", b"a/b"),
        invalid("host: query", b"a?b"),
        invalid("host: DQUOTE", b"a\"b"),
        invalid("host: obs-text", b"\xe9"),
        invalid("host: bracket inside a reg-name", b"a[::1]"),
        invalid("host: closing bracket alone", b"a]"),
        invalid("host: lone percent", b"%"),
        invalid("host: percent and one digit", b"a%4"),
        invalid("host: percent and non-hex", b"%zz"),
        invalid("host: unclosed IP-literal", b"[::1"),
        invalid("host: empty IP-literal", b"[]"),
        invalid("host: IPv6 with one colon", b"[1:2]"),
        invalid("host: IPv4 in brackets", b"[127.0.0.1]"),
        invalid("host: non-hex in IPv6", b"[::g]"),
        invalid("host: junk after IP-literal", b"[::1]x"),
        invalid("host: second closing bracket", b"[::1]]"),
        invalid("host: letter in the port after IP-literal", b"[::1]:8a"),
        invalid("host: IPvFuture without version", b"[v.x]"),
        invalid("host: IPvFuture without dot", b"[v1x]"),
        invalid("host: IPvFuture with nothing after the dot", b"[v1.]"),
        invalid("host: IPvFuture with a non-hex version", b"[vz.x]"),
        invalid("host: IPvFuture with SP", b"[v1.a b]"),
        row(
            "host: OWS around is not part of the value",
            b"GET / HTTP/1.1\r\nHost: \t a:1 \t\r\n\r\n",
        )
        .all(1),
        row(
            "host: invalid, reported at the value start after OWS",
            b"GET / HTTP/1.1\r\nHost:   a b\r\n\r\n",
        )
        .fails(E::InvalidHost, 24),
        row(
            "host: invalid in HTTP/1.0",
            b"GET / HTTP/1.0\r\nHost: a b\r\n\r\n",
        )
        .fails(E::InvalidHost, 22),
        row(
            "host: duplicate is found before invalid",
            b"GET / HTTP/1.1\r\nHost: a b\r\nHost: c\r\n\r\n",
        )
        .fails(E::DuplicateHost, 27),
        row(
            "host: invalid is found before Transfer-Encoding",
            b"POST / HTTP/1.1\r\nHost: a@b\r\nTransfer-Encoding: gzip\r\n\r\n",
        )
        .fails(E::InvalidHost, 23),
        row(
            "host: invalid in a second request",
            &cat(&[GET, b"GET / HTTP/1.1\r\nX: y\r\nhost: a b\r\n\r\n"]),
        )
        .error(1, 27, E::InvalidHost, 27 + 28),
    ]
}

fn all_rows() -> Vec<Row> {
    [
        basics(),
        methods(),
        targets(),
        versions(),
        header_lines(),
        limits(),
        head_checks(),
        hosts(),
        flags(),
        pipelining(),
    ]
    .concat()
}

/// Runs one row as a single call; returns a description of every mismatch.
fn check(row: &Row) -> Vec<String> {
    let mut out = row.cfg.out();
    let status = wire::parse(&row.input, 0, row.input.len(), &mut out);
    let mut wrong = Vec::new();
    let got = (
        status,
        out[R_STATUS as usize],
        out[R_COUNT as usize],
        out[R_CONSUMED as usize],
        (out[R_ERROR_CODE as usize], out[R_ERROR_OFFSET as usize]),
    );
    let want = (row.status, row.status, row.count, row.consumed, row.error);
    if got != want {
        wrong.push(format!(
            "(return, status, count, consumed, error) = {got:?}, expected {want:?}"
        ));
    }
    let recs = records(&out);
    for &(rec, word, value) in &row.words {
        match recs.get(rec).and_then(|r| r.get(word as usize)) {
            Some(&v) if v == value => {}
            v => wrong.push(format!(
                "record {rec} word {word} = {v:?}, expected {value}"
            )),
        }
    }
    wrong
}

#[test]
fn table_rows_give_their_expected_result() {
    let rows = all_rows();
    let mut failures = Vec::new();
    for row in &rows {
        let wrong = check(row);
        if !wrong.is_empty() {
            failures.push(format!(
                "{}: {:?}\n  {}",
                row.name,
                String::from_utf8_lossy(&row.input),
                wrong.join("\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

#[test]
fn every_error_code_of_the_head_parser_has_a_row() {
    let rows = all_rows();
    // The decoder's own codes; every other code is the head parser's.
    let decoder_only = [
        E::InvalidChunkSize,
        E::ChunkSizeTooLarge,
        E::InvalidChunkExtension,
        E::InvalidChunkDataEnd,
        E::ChunkLineTooLong,
    ];
    for code in E::ALL.iter().filter(|c| !decoder_only.contains(c)) {
        assert!(
            rows.iter().any(|r| r.error.0 == *code as u32),
            "no row for {code:?}"
        );
    }
}

/// Rows longer than this are split at a sample of positions (both ends and a stride), so the
/// quadratic re-scan stays quick in a debug build.
const SPLIT_ALL_UP_TO: usize = 2048;

fn cut_positions(len: usize) -> Vec<usize> {
    if len <= SPLIT_ALL_UP_TO {
        return (0..=len).collect();
    }
    (0..64)
        .chain((64..len - 64).step_by(251))
        .chain(len - 64..=len)
        .collect()
}

/// Whole input vs. every single split: same records, same end (docs/wire-spec.md §3).
#[test]
fn any_split_gives_the_result_of_the_whole() {
    for row in all_rows() {
        let whole = drive(&row.input, &[], &row.cfg);
        for cut in cut_positions(row.input.len()) {
            let split = drive(&row.input, &[cut], &row.cfg);
            assert_eq!(split, whole, "{}: split at {cut}", row.name);
        }
    }
}

#[test]
fn byte_by_byte_gives_the_result_of_the_whole() {
    for row in all_rows()
        .into_iter()
        .filter(|r| r.input.len() <= SPLIT_ALL_UP_TO)
    {
        let whole = drive(&row.input, &[], &row.cfg);
        let cuts: Vec<usize> = (1..row.input.len()).collect();
        assert_eq!(
            drive(&row.input, &cuts, &row.cfg),
            whole,
            "{}: byte by byte",
            row.name
        );
    }
}

/// The driver agrees with the single call on what the single call reports.
#[test]
fn driver_outcome_matches_the_single_call() {
    for row in all_rows() {
        let whole = drive(&row.input, &[], &row.cfg);
        if row.status == STATUS_ERROR {
            assert_eq!(
                whole.end,
                StreamEnd::Error(row.error.0, row.error.1),
                "{}",
                row.name
            );
        }
        assert!(whole.records.len() >= row.count as usize, "{}", row.name);
    }
}
