//! Scanning one request head (docs/wire-spec.md §3): request line, header lines, blank line.
//!
//! A left-to-right scan over `buf[..limit]`, `limit = min(end, begin + C_MAX_HEAD)`. Runs of
//! token / URI / field bytes are skipped by the loops of `runs`; the byte that stops a run is then
//! checked in the spec's order. A run stops at `limit` at the latest, and reading past `limit` is
//! `stop_at`: HEAD_TOO_LARGE when past the head limit, else PARTIAL. So "the byte at `p` is read"
//! always happens after the two checks of §3, and the result for any prefix of the input is a
//! function of that prefix alone.

use crate::error::ErrorCode;
use crate::head_checks::check_head;
use crate::layout::*;
use crate::runs::{skip_field_line, skip_tchar, skip_uri_char};
use crate::tables::{known_header_id, method_id, TCHAR};
use crate::target_form::target_form;

const HTAB: u8 = b'\t';
const LF: u8 = b'\n';
const CR: u8 = b'\r';
const SP: u8 = b' ';

/// Why a head scan stopped short of a complete, valid head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The input ended inside a head that is valid so far.
    Partial,
    /// The first violation, at this absolute offset.
    Error(ErrorCode, usize),
}

/// Offset just past the head's blank line, or why there is none.
pub type HeadResult = Result<usize, Stop>;

/// The limits of one head scan.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_head: usize,
    pub max_target: usize,
    pub max_headers: usize,
    pub lenient_bare_lf: bool,
}

/// The bytes one head may be read from, and where reading must stop.
struct Cursor<'a> {
    /// `buf[..min(end, head_limit)]`: every byte the head may read.
    b: &'a [u8],
    /// `begin + C_MAX_HEAD`: reading at or past it is HEAD_TOO_LARGE.
    head_limit: usize,
    lenient_bare_lf: bool,
}

impl Cursor<'_> {
    /// The result when the byte at `p` (at or past `b.len()`) cannot be read: past the head
    /// limit (checked first) is HEAD_TOO_LARGE at `p`, otherwise the input ended: PARTIAL.
    #[cold]
    #[inline(never)]
    fn stop_at(&self, p: usize) -> Stop {
        if p >= self.head_limit {
            Stop::Error(ErrorCode::HeadTooLarge, p)
        } else {
            Stop::Partial
        }
    }

    /// The byte at `p`, or the §3 stop (HEAD_TOO_LARGE / PARTIAL) when it cannot be read.
    #[inline(always)]
    fn byte(&self, p: usize) -> Result<u8, Stop> {
        match self.b.get(p) {
            Some(&c) => Ok(c),
            None => Err(self.stop_at(p)),
        }
    }

    /// Reads the line end whose first byte, at `p`, is CR or LF: CR LF, or a lone LF with the
    /// leniency. Returns the offset after it.
    #[inline(always)]
    fn line_end(&self, p: usize, first: u8) -> HeadResult {
        if first == LF {
            return if self.lenient_bare_lf {
                Ok(p + 1)
            } else {
                Err(Stop::Error(ErrorCode::BareLf, p))
            };
        }
        match self.byte(p + 1)? {
            LF => Ok(p + 2),
            _ => Err(Stop::Error(ErrorCode::BareCr, p)),
        }
    }
}

/// Scans the head that begins at `begin` in `buf[..end]` and writes its record into `rec`,
/// which holds at least `REC_FIXED + HEADER_WORDS * limits.max_headers` words.
pub fn scan_head(
    buf: &[u8],
    begin: usize,
    end: usize,
    limits: &Limits,
    rec: &mut [u32],
) -> HeadResult {
    let head_limit = begin.saturating_add(limits.max_head);
    let cur = Cursor {
        b: &buf[..end.min(head_limit)],
        head_limit,
        lenient_bare_lf: limits.lenient_bare_lf,
    };
    let b = cur.b;
    let mut p = begin;

    // Leading empty lines (RFC 9112 §2.2).
    let mut c = cur.byte(p)?;
    while c == CR || c == LF {
        p = cur.line_end(p, c)?;
        c = cur.byte(p)?;
    }

    // Method: 1*tchar SP.
    let head_start = p;
    if !TCHAR[c as usize] {
        return Err(Stop::Error(ErrorCode::InvalidMethod, p));
    }
    p = skip_tchar(b, p + 1);
    if cur.byte(p)? != SP {
        return Err(Stop::Error(ErrorCode::InvalidMethod, p));
    }
    let method = method_id(&b[head_start..p]);
    let method_len = p - head_start;
    p += 1;

    // Request-target: 1*URI_CHAR SP, at most max_target bytes.
    let target_start = p;
    let target_limit = target_start.saturating_add(limits.max_target);
    p = skip_uri_char(&b[..b.len().min(target_limit)], p);
    c = cur.byte(p)?;
    if c != SP {
        if p >= target_limit {
            return Err(Stop::Error(ErrorCode::TargetTooLong, p));
        }
        return Err(Stop::Error(ErrorCode::InvalidTarget, p));
    }
    if p == target_start {
        return Err(Stop::Error(ErrorCode::InvalidTarget, p));
    }
    let form = match target_form(&b[target_start..p], method) {
        Some(form) => form,
        None => return Err(Stop::Error(ErrorCode::InvalidTarget, target_start)),
    };
    let target_len = p - target_start;
    p += 1;

    // Version: "HTTP/" DIGIT "." DIGIT, then 1.0 or 1.1 only.
    let minor = if b.get(p..p + 8) == Some(b"HTTP/1.1") {
        p += 8;
        1
    } else {
        let minor = scan_version(&cur, p)?;
        p += 8;
        minor
    };

    // End of the request line.
    c = cur.byte(p)?;
    if c != CR && c != LF {
        return Err(Stop::Error(ErrorCode::InvalidRequestLine, p));
    }
    p = cur.line_end(p, c)?;

    // Header lines, until the blank line.
    let mut header_count = 0usize;
    loop {
        c = cur.byte(p)?;
        if c == CR || c == LF {
            p = cur.line_end(p, c)?;
            break;
        }
        if c == SP || c == HTAB {
            return Err(Stop::Error(ErrorCode::ObsFold, p));
        }
        if header_count == limits.max_headers {
            return Err(Stop::Error(ErrorCode::TooManyHeaders, p));
        }
        if !TCHAR[c as usize] {
            return Err(Stop::Error(ErrorCode::InvalidHeaderName, p));
        }

        // Name: 1*tchar ":".
        let name_start = p;
        p = skip_tchar(b, p + 1);
        if cur.byte(p)? != b':' {
            return Err(Stop::Error(ErrorCode::InvalidHeaderName, p));
        }
        let name_end = p;
        p += 1;

        // Value: OWS, field bytes, then the line end; trimmed of the whitespace around it.
        while p < b.len() && (b[p] == SP || b[p] == HTAB) {
            p += 1;
        }
        let value_start = p;
        p = skip_field_line(b, p);
        c = cur.byte(p)?;
        if c != CR && c != LF {
            return Err(Stop::Error(ErrorCode::InvalidHeaderValue, p));
        }
        let mut value_end = p;
        while value_end > value_start && (b[value_end - 1] == SP || b[value_end - 1] == HTAB) {
            value_end -= 1;
        }
        p = cur.line_end(p, c)?;

        let h = REC_FIXED as usize + HEADER_WORDS as usize * header_count;
        let words = &mut rec[h..h + HEADER_WORDS as usize];
        words[0] = name_start as u32;
        words[1] = (name_end - name_start) as u32;
        words[2] = value_start as u32;
        words[3] = (value_end - value_start) as u32;
        words[4] = known_header_id(&b[name_start..name_end]);
        header_count += 1;
    }

    rec[F_WORDS as usize] = REC_FIXED + HEADER_WORDS * header_count as u32;
    rec[F_HEAD_START as usize] = head_start as u32;
    rec[F_HEAD_END as usize] = p as u32;
    rec[F_METHOD as usize] = method;
    rec[F_METHOD_LEN as usize] = method_len as u32;
    rec[F_TARGET_START as usize] = target_start as u32;
    rec[F_TARGET_LEN as usize] = target_len as u32;
    rec[F_TARGET_FORM as usize] = form;
    rec[F_VERSION_MINOR as usize] = minor;
    rec[F_HEADER_COUNT as usize] = header_count as u32;
    rec[14] = 0;
    rec[15] = 0;
    check_head(buf, rec)?;
    Ok(p)
}

/// The version `HTTP/` DIGIT `.` DIGIT at `p`, byte by byte (the path for anything but an exact
/// `HTTP/1.1`). Returns the minor version; only 1.0 and 1.1 are supported.
#[cold]
fn scan_version(cur: &Cursor<'_>, p: usize) -> Result<u32, Stop> {
    for (i, &expected) in b"HTTP/".iter().enumerate() {
        if cur.byte(p + i)? != expected {
            return Err(Stop::Error(ErrorCode::InvalidVersion, p + i));
        }
    }
    let major = cur.byte(p + 5)?;
    if !major.is_ascii_digit() {
        return Err(Stop::Error(ErrorCode::InvalidVersion, p + 5));
    }
    if cur.byte(p + 6)? != b'.' {
        return Err(Stop::Error(ErrorCode::InvalidVersion, p + 6));
    }
    let minor = cur.byte(p + 7)?;
    if !minor.is_ascii_digit() {
        return Err(Stop::Error(ErrorCode::InvalidVersion, p + 7));
    }
    if major != b'1' || minor > b'1' {
        return Err(Stop::Error(ErrorCode::UnsupportedVersion, p));
    }
    Ok(u32::from(minor - b'0'))
}
