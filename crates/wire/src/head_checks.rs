//! The checks made when a head's blank line has been read (docs/wire-spec.md §3, "Checks at the
//! end of the head", in that order), and the record fields that follow from the header values
//! (§2: F_FLAGS, F_BODY_KIND, F_LENGTH_HI, F_LENGTH_LO). They read the header words already
//! written into the record, so the scan itself only tracks positions.

use crate::error::ErrorCode;
use crate::head::Stop;
use crate::host::is_valid_host;
use crate::layout::*;

// Header words, relative to the header's first word.
const NAME_START: usize = 0;
const VALUE_START: usize = 2;
const VALUE_LEN: usize = 3;
const KNOWN_ID: usize = 4;

/// 2^53 - 1: the largest Content-Length (and chunk size) accepted, so that JS reads it exactly.
pub const MAX_LENGTH: u64 = (1 << 53) - 1;

/// Connection tokens found in the Connection list, as bits.
const CONNECTION_CLOSE: u32 = 1;
const CONNECTION_KEEP_ALIVE: u32 = 2;
const CONNECTION_UPGRADE: u32 = 4;

fn fail(code: ErrorCode, offset: u32) -> Stop {
    Stop::Error(code, offset as usize)
}

/// Runs the end-of-head checks on the record `rec` (its fixed words and headers written) and
/// fills its semantic fields.
pub fn check_head(buf: &[u8], rec: &mut [u32]) -> Result<(), Stop> {
    let count = rec[F_HEADER_COUNT as usize] as usize;
    let minor = rec[F_VERSION_MINOR as usize];
    let first = REC_FIXED as usize;
    let headers = &rec[first..first + HEADER_WORDS as usize * count];

    let mut host_count = 0u32;
    let mut first_host: Option<usize> = None;
    let mut second_host_start = 0u32;
    let mut first_transfer_encoding: Option<usize> = None;
    let mut first_content_length: Option<usize> = None;
    let mut connection = 0u32;
    let mut has_upgrade = false;
    let mut expects_continue = false;

    for (i, h) in headers.chunks_exact(HEADER_WORDS as usize).enumerate() {
        match h[KNOWN_ID] {
            H_OTHER => {}
            H_HOST => {
                first_host.get_or_insert(i);
                if host_count == 1 {
                    second_host_start = h[NAME_START];
                }
                host_count += 1;
            }
            H_TRANSFER_ENCODING => {
                first_transfer_encoding.get_or_insert(i);
            }
            H_CONTENT_LENGTH => {
                first_content_length.get_or_insert(i);
            }
            H_CONNECTION => connection |= connection_tokens(value_of(buf, h)),
            H_UPGRADE => has_upgrade = true,
            H_EXPECT => expects_continue |= value_of(buf, h).eq_ignore_ascii_case(b"100-continue"),
            _ => {}
        }
    }

    // 1. Host.
    if minor == 1 && host_count == 0 {
        return Err(fail(ErrorCode::MissingHost, rec[F_HEAD_START as usize]));
    }
    if host_count > 1 {
        return Err(fail(ErrorCode::DuplicateHost, second_host_start));
    }
    if let Some(host) = first_host {
        let host_header = header(headers, host);
        if !is_valid_host(value_of(buf, host_header)) {
            return Err(fail(ErrorCode::InvalidHost, host_header[VALUE_START]));
        }
    }

    let mut body_kind = BODY_NONE;
    let mut length = 0u64;
    if let Some(te) = first_transfer_encoding {
        // 2. Transfer-Encoding.
        let te_header = header(headers, te);
        if minor == 0 {
            return Err(fail(
                ErrorCode::InvalidTransferEncoding,
                te_header[VALUE_START],
            ));
        }
        check_transfer_codings(buf, headers, te)?;
        if let Some(cl) = first_content_length {
            let cl_header = header(headers, cl);
            return Err(fail(
                ErrorCode::ContentLengthWithTransferEncoding,
                cl_header[NAME_START],
            ));
        }
        body_kind = BODY_CHUNKED;
    } else if let Some(cl) = first_content_length {
        // 3. Content-Length.
        length = content_length(buf, headers, cl)?;
        body_kind = BODY_LENGTH;
    }

    let mut flags = 0;
    if connection & CONNECTION_CLOSE == 0 && (minor == 1 || connection & CONNECTION_KEEP_ALIVE != 0)
    {
        flags |= FLAG_KEEP_ALIVE;
    }
    if expects_continue {
        flags |= FLAG_EXPECT_CONTINUE;
    }
    if has_upgrade && connection & CONNECTION_UPGRADE != 0 {
        flags |= FLAG_UPGRADE;
    }

    rec[F_FLAGS as usize] = flags;
    rec[F_BODY_KIND as usize] = body_kind;
    rec[F_LENGTH_HI as usize] = (length >> 32) as u32;
    rec[F_LENGTH_LO as usize] = length as u32;
    Ok(())
}

/// The five words of header `i`.
fn header(headers: &[u32], i: usize) -> &[u32] {
    let w = HEADER_WORDS as usize * i;
    &headers[w..w + HEADER_WORDS as usize]
}

/// The trimmed value bytes of the header whose words are `h`.
fn value_of<'a>(buf: &'a [u8], h: &[u32]) -> &'a [u8] {
    let start = h[VALUE_START] as usize;
    &buf[start..start + h[VALUE_LEN] as usize]
}

fn is_ows(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// The elements of the comma-separated list `value`, trimmed of OWS, empty ones skipped, each
/// with its offset from the start of `value`.
fn list_elements(value: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut from = 0usize;
    value
        .split(|&b| b == b',')
        .map(move |element| {
            let at = from;
            from += element.len() + 1;
            let lead = element.iter().take_while(|&&b| is_ows(b)).count();
            let trimmed = &element[lead..];
            let trail = trimmed.iter().rev().take_while(|&&b| is_ows(b)).count();
            (at + lead, &trimmed[..trimmed.len() - trail])
        })
        .filter(|(_, element)| !element.is_empty())
}

/// The Connection tokens close / keep-alive / upgrade found in the list `value`.
fn connection_tokens(value: &[u8]) -> u32 {
    let mut tokens = 0;
    for (_, element) in list_elements(value) {
        if element.eq_ignore_ascii_case(b"close") {
            tokens |= CONNECTION_CLOSE;
        } else if element.eq_ignore_ascii_case(b"keep-alive") {
            tokens |= CONNECTION_KEEP_ALIVE;
        } else if element.eq_ignore_ascii_case(b"upgrade") {
            tokens |= CONNECTION_UPGRADE;
        }
    }
    tokens
}

/// Step 2b: all Transfer-Encoding values, in order, as one list whose only allowed element is a
/// final `chunked`.
fn check_transfer_codings(buf: &[u8], headers: &[u32], first: usize) -> Result<(), Stop> {
    // A `chunked` element seen last: an error as soon as any non-empty element follows it.
    let mut pending_chunked: Option<u32> = None;
    let mut saw_element = false;
    for h in headers.chunks_exact(HEADER_WORDS as usize).skip(first) {
        if h[KNOWN_ID] != H_TRANSFER_ENCODING {
            continue;
        }
        let value_start = h[VALUE_START];
        for (at, element) in list_elements(value_of(buf, h)) {
            saw_element = true;
            if let Some(chunked_at) = pending_chunked {
                return Err(fail(ErrorCode::InvalidTransferEncoding, chunked_at));
            }
            let element_start = value_start + at as u32;
            if element.eq_ignore_ascii_case(b"chunked") {
                pending_chunked = Some(element_start);
            } else {
                return Err(fail(ErrorCode::UnsupportedTransferCoding, element_start));
            }
        }
    }
    if !saw_element {
        return Err(fail(
            ErrorCode::InvalidTransferEncoding,
            header(headers, first)[VALUE_START],
        ));
    }
    Ok(())
}

/// Step 3: every Content-Length value, in order, must be 1*DIGIT, at most 2^53 - 1, and equal
/// to the first. Returns the length.
fn content_length(buf: &[u8], headers: &[u32], first: usize) -> Result<u64, Stop> {
    let mut first_value: Option<u64> = None;
    for h in headers.chunks_exact(HEADER_WORDS as usize).skip(first) {
        if h[KNOWN_ID] != H_CONTENT_LENGTH {
            continue;
        }
        let start = h[VALUE_START];
        let value = value_of(buf, h);
        if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
            return Err(fail(ErrorCode::InvalidContentLength, start));
        }
        let mut n = 0u64;
        for &d in value {
            n = n * 10 + u64::from(d - b'0');
            if n > MAX_LENGTH {
                return Err(fail(ErrorCode::ContentLengthTooLarge, start));
            }
        }
        match first_value {
            None => first_value = Some(n),
            Some(v) if v != n => return Err(fail(ErrorCode::ConflictingContentLength, start)),
            Some(_) => {}
        }
    }
    Ok(first_value.unwrap_or(0))
}
