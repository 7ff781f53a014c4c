//! The response writer's table (docs/wire-spec.md §7): arguments -> exact bytes or error.

use wire::{reason_phrase, write_response, WriteError};

type Headers = &'static [(&'static [u8], &'static [u8])];
/// (name, status, headers, content length, body, expected bytes).
type WriteRow = (
    &'static str,
    u16,
    Headers,
    Option<u64>,
    Option<&'static [u8]>,
    &'static [u8],
);

fn write(
    status: u16,
    headers: Headers,
    length: Option<u64>,
    body: Option<&[u8]>,
) -> Result<Vec<u8>, WriteError> {
    let mut dst = Vec::new();
    write_response(status, headers, length, body, &mut dst).map(|()| dst)
}

#[test]
fn heads_are_written_exactly() {
    let rows: &[WriteRow] = &[
        ("bare 200", 200, &[], None, None, b"HTTP/1.1 200 OK\r\n\r\n"),
        (
            "status without a phrase",
            299,
            &[],
            None,
            None,
            b"HTTP/1.1 299 \r\n\r\n",
        ),
        (
            "lowest status",
            100,
            &[],
            None,
            None,
            b"HTTP/1.1 100 Continue\r\n\r\n",
        ),
        (
            "highest status",
            599,
            &[],
            None,
            None,
            b"HTTP/1.1 599 \r\n\r\n",
        ),
        (
            "headers in order",
            204,
            &[(b"Date", b"x"), (b"Connection", b"close")],
            None,
            None,
            b"HTTP/1.1 204 No Content\r\nDate: x\r\nConnection: close\r\n\r\n",
        ),
        (
            "content length after the headers",
            200,
            &[(b"Content-Type", b"text/plain")],
            Some(0),
            None,
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\n",
        ),
        (
            "content length and body",
            404,
            &[],
            Some(9),
            Some(b"not found"),
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found",
        ),
        (
            "body sets the content length",
            200,
            &[],
            None,
            Some(b"hi"),
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi",
        ),
        (
            "empty body",
            200,
            &[],
            None,
            Some(b""),
            b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
        ),
        (
            "given length wins over the body's (HEAD)",
            200,
            &[],
            Some(1000),
            Some(b""),
            b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n",
        ),
        (
            "largest length",
            200,
            &[],
            Some(u64::MAX),
            None,
            b"HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551615\r\n\r\n",
        ),
        (
            "empty value",
            200,
            &[(b"X", b"")],
            None,
            None,
            b"HTTP/1.1 200 OK\r\nX: \r\n\r\n",
        ),
        (
            "value with HTAB and obs-text",
            200,
            &[(b"X", b"a\tb\xe9")],
            None,
            None,
            b"HTTP/1.1 200 OK\r\nX: a\tb\xe9\r\n\r\n",
        ),
        (
            "name of every tchar",
            200,
            &[(b"!#$%&'*+-.^_`|~09azAZ", b"v")],
            None,
            None,
            b"HTTP/1.1 200 OK\r\n!#$%&'*+-.^_`|~09azAZ: v\r\n\r\n",
        ),
    ];
    for &(name, status, headers, length, body, expected) in rows {
        let got = write(status, headers, length, body);
        assert_eq!(
            got.as_deref(),
            Ok(expected),
            "{name}: {:?}",
            got.as_ref().map(|b| String::from_utf8_lossy(b))
        );
    }
}

#[test]
fn bad_arguments_are_refused() {
    let rows: &[(&str, u16, Headers, WriteError)] = &[
        ("status 0", 0, &[], WriteError::InvalidStatus),
        ("status 99", 99, &[], WriteError::InvalidStatus),
        ("status 600", 600, &[], WriteError::InvalidStatus),
        ("status 65535", 65535, &[], WriteError::InvalidStatus),
        (
            "empty name",
            200,
            &[(b"", b"v")],
            WriteError::InvalidHeaderName(0),
        ),
        (
            "name with SP",
            200,
            &[(b"X Y", b"v")],
            WriteError::InvalidHeaderName(0),
        ),
        (
            "name with colon",
            200,
            &[(b"X:", b"v")],
            WriteError::InvalidHeaderName(0),
        ),
        (
            "name with CRLF",
            200,
            &[(b"X\r\nY", b"v")],
            WriteError::InvalidHeaderName(0),
        ),
        (
            "name with obs-text",
            200,
            &[(b"X\xe9", b"v")],
            WriteError::InvalidHeaderName(0),
        ),
        (
            "second name bad",
            200,
            &[(b"A", b"1"), (b"B(", b"2")],
            WriteError::InvalidHeaderName(1),
        ),
        (
            "header injection in value",
            200,
            &[(b"Location", b"/a\r\nSet-Cookie: x=1")],
            WriteError::InvalidHeaderValue(0),
        ),
        (
            "response splitting in value",
            200,
            &[(b"X", b"a\r\n\r\nHTTP/1.1 200 OK")],
            WriteError::InvalidHeaderValue(0),
        ),
        (
            "LF in value",
            200,
            &[(b"X", b"a\nb")],
            WriteError::InvalidHeaderValue(0),
        ),
        (
            "CR in value",
            200,
            &[(b"X", b"a\rb")],
            WriteError::InvalidHeaderValue(0),
        ),
        (
            "NUL in value",
            200,
            &[(b"X", b"a\0b")],
            WriteError::InvalidHeaderValue(0),
        ),
        (
            "other control byte in value (our parser rejects it)",
            200,
            &[(b"X", b"a\x01b")],
            WriteError::InvalidHeaderValue(0),
        ),
        (
            "DEL in value",
            200,
            &[(b"X", b"a\x7fb")],
            WriteError::InvalidHeaderValue(0),
        ),
        (
            "third value bad",
            200,
            &[(b"A", b"1"), (b"B", b"2"), (b"C", b"\n")],
            WriteError::InvalidHeaderValue(2),
        ),
        (
            "status checked first",
            42,
            &[(b"", b"\n")],
            WriteError::InvalidStatus,
        ),
        (
            "name checked before value",
            200,
            &[(b"A B", b"\n")],
            WriteError::InvalidHeaderName(0),
        ),
    ];
    for &(name, status, headers, expected) in rows {
        let mut dst = b"earlier response".to_vec();
        let got = write_response(status, headers, Some(1), Some(b"x"), &mut dst);
        assert_eq!(got, Err(expected), "{name}");
        assert_eq!(dst, b"earlier response", "{name}: dst changed on error");
    }
}

#[test]
fn responses_append_to_dst() {
    let mut dst = Vec::new();
    write_response(100, &[], None, None, &mut dst).unwrap();
    write_response(200, &[], None, Some(b"ok"), &mut dst).unwrap();
    assert_eq!(
        dst,
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
    );
}

#[test]
fn reason_phrases_follow_rfc_9110() {
    let rows: &[(u16, &str)] = &[
        (101, "Switching Protocols"),
        (200, "OK"),
        (206, "Partial Content"),
        (301, "Moved Permanently"),
        (304, "Not Modified"),
        (306, ""),
        (308, "Permanent Redirect"),
        (400, "Bad Request"),
        (413, "Content Too Large"),
        (414, "URI Too Long"),
        (416, "Range Not Satisfiable"),
        (418, ""),
        (422, "Unprocessable Content"),
        (431, "Request Header Fields Too Large"),
        (429, "Too Many Requests"),
        (430, ""),
        (501, "Not Implemented"),
        (505, "HTTP Version Not Supported"),
        (506, ""),
        (507, "Insufficient Storage"),
        (0, ""),
        (600, ""),
    ];
    for &(status, phrase) in rows {
        assert_eq!(reason_phrase(status), phrase, "{status}");
    }
}
