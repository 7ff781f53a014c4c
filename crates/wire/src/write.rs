//! The response writer (docs/wire-spec.md §7):
//! `HTTP/1.1 SP status SP reason CRLF (name ": " value CRLF)* CRLF body`, appended to `dst`.

use crate::reason::reason_phrase;
use crate::tables::TCHAR;

/// Why a response head could not be written. The `usize` is the index of the offending header
/// in the `headers` slice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteError {
    /// The status is outside 100-599.
    InvalidStatus,
    /// The header's name is empty or not a token (RFC 9110 §5.1).
    InvalidHeaderName(usize),
    /// The header's value holds CR, LF or NUL, which would break the message framing.
    InvalidHeaderValue(usize),
}

/// Appends a response head, and `body` when given, to `dst`:
/// `HTTP/1.1 status reason CRLF (name: value CRLF)* [Content-Length: N CRLF] CRLF [body]`.
///
/// `Content-Length: N` follows the given headers when `content_length` is `Some(N)`; when it is
/// `None` and a body is given, N is the body's length (§7: contentLength -1 with a body);
/// `None` without a body writes none (the caller frames the body itself, or there is none).
/// On error `dst` is left as it was.
pub fn write_response(
    status: u16,
    headers: &[(&[u8], &[u8])],
    content_length: Option<u64>,
    body: Option<&[u8]>,
    dst: &mut Vec<u8>,
) -> Result<(), WriteError> {
    if !(100..=599).contains(&status) {
        return Err(WriteError::InvalidStatus);
    }
    for (i, (name, value)) in headers.iter().enumerate() {
        if name.is_empty() || !name.iter().all(|&b| TCHAR[b as usize]) {
            return Err(WriteError::InvalidHeaderName(i));
        }
        // CR/LF would split the message; other controls (all but HTAB) are what our own parser
        // rejects in a field value (RFC 9110 §5.5), so they are never written either.
        if value.iter().any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f) {
            return Err(WriteError::InvalidHeaderValue(i));
        }
    }
    let reason = reason_phrase(status);
    let length = content_length.or(body.map(|b| b.len() as u64));

    let size = 17
        + reason.len()
        + headers
            .iter()
            .map(|(n, v)| n.len() + v.len() + 4)
            .sum::<usize>()
        + length.map_or(0, |_| 16 + 20 + 2)
        + body.map_or(0, <[u8]>::len);
    dst.reserve(size);

    dst.extend_from_slice(b"HTTP/1.1 ");
    push_decimal(dst, u64::from(status));
    dst.push(b' ');
    dst.extend_from_slice(reason.as_bytes());
    dst.extend_from_slice(b"\r\n");
    for (name, value) in headers {
        dst.extend_from_slice(name);
        dst.extend_from_slice(b": ");
        dst.extend_from_slice(value);
        dst.extend_from_slice(b"\r\n");
    }
    if let Some(n) = length {
        dst.extend_from_slice(b"Content-Length: ");
        push_decimal(dst, n);
        dst.extend_from_slice(b"\r\n");
    }
    dst.extend_from_slice(b"\r\n");
    if let Some(body) = body {
        dst.extend_from_slice(body);
    }
    Ok(())
}

/// Appends `n` in decimal.
fn push_decimal(dst: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    dst.extend_from_slice(&digits[i..]);
}
