//! Response-head writer (docs/wire-spec.md §7).

/// Why a response head could not be written; the usize is the index of the offending header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteError {
    InvalidStatus,
    InvalidHeaderName(usize),
    InvalidHeaderValue(usize),
}

/// Writes `HTTP/1.1 status reason CRLF (name: value CRLF)* [Content-Length] CRLF [body]` to `dst`.
pub fn write_response(
    status: u16,
    headers: &[(&[u8], &[u8])],
    content_length: Option<u64>,
    body: Option<&[u8]>,
    dst: &mut Vec<u8>,
) -> Result<(), WriteError> {
    let _ = (status, headers, content_length, body, dst);
    todo!()
}

/// The standard reason phrase of `status` (RFC 9110 §15), "" when there is none.
pub fn reason_phrase(status: u16) -> &'static str {
    let _ = status;
    todo!()
}
