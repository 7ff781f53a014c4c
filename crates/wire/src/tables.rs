//! Byte classes (256-entry tables, one load per byte in the scan loops) and the recognition of
//! method and known-header names (docs/wire-spec.md §3, §5). Everything compares bytes in place.

use crate::layout::*;

/// Builds a 256-entry membership table, at compile time, from a predicate on the byte `$b`.
macro_rules! byte_class {
    (|$b:ident| $is_member:expr) => {{
        let mut table = [false; 256];
        let mut i = 0;
        while i < 256 {
            let $b = i as u8;
            table[i] = $is_member;
            i += 1;
        }
        table
    }};
}

const fn is_alpha(b: u8) -> bool {
    b.is_ascii_alphabetic()
}

const fn is_digit(b: u8) -> bool {
    b.is_ascii_digit()
}

/// RFC 9110 §5.6.2:
/// ```text
/// token = 1*tchar
/// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
///         "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
/// ```
/// Used for methods, header names, chunk-ext names and token ext-values.
pub static TCHAR: [bool; 256] = byte_class!(|b| {
    is_alpha(b)
        || is_digit(b)
        || matches!(
            b,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'-'
                | b'.'
                | b'^'
                | b'_'
                | b'`'
                | b'|'
                | b'~'
        )
});

/// docs/wire-spec.md §3, the bytes a request-target may hold:
/// ```text
/// URI_CHAR = %x21-7E except DQUOTE "#" "<" ">" "\" "^" "`" "{" "|" "}"
/// ```
/// (the printable ASCII that RFC 3986 allows somewhere in a URI, `#` excluded because a
/// fragment is never sent).
pub static URI_CHAR: [bool; 256] = byte_class!(|b| {
    b >= 0x21
        && b <= 0x7e
        && !matches!(
            b,
            b'"' | b'#' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}'
        )
});

/// RFC 9110 §5.5, the bytes of a field line after the colon (the value and the whitespace
/// around it):
/// ```text
/// field-value   = *field-content
/// field-content = field-vchar [ 1*( SP / HTAB / field-vchar ) field-vchar ]
/// field-vchar   = VCHAR / obs-text
/// VCHAR         = %x21-7E
/// obs-text      = %x80-FF
/// OWS           = *( SP / HTAB )
/// ```
/// so: HTAB, SP, %x21-7E, %x80-FF. Everything else (CR, LF, the other CTLs, DEL) ends the run.
pub static FIELD_LINE_CHAR: [bool; 256] =
    byte_class!(|b| b == 0x09 || (b >= 0x20 && b <= 0x7e) || b >= 0x80);

/// RFC 9110 §5.6.4, the bytes that may stand unescaped inside a quoted-string:
/// ```text
/// qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
/// ```
pub static QDTEXT: [bool; 256] = byte_class!(|b| {
    b == 0x09
        || b == 0x20
        || b == 0x21
        || (b >= 0x23 && b <= 0x5b)
        || (b >= 0x5d && b <= 0x7e)
        || b >= 0x80
});

/// RFC 9110 §5.6.4, the byte after the backslash of a quoted-pair:
/// ```text
/// quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
/// ```
pub static QUOTED_PAIR_CHAR: [bool; 256] =
    byte_class!(|b| b == 0x09 || b == 0x20 || (b >= 0x21 && b <= 0x7e) || b >= 0x80);

/// Marks a byte that is not a HEXDIG in [`HEX_VALUE`].
pub const NOT_HEX: u8 = 0xff;

/// RFC 5234 B.1, `HEXDIG = DIGIT / "A" / "B" / "C" / "D" / "E" / "F"` (case-insensitive, as all
/// ABNF literals are): the value of each hex digit, [`NOT_HEX`] for any other byte.
pub static HEX_VALUE: [u8; 256] = {
    let mut table = [NOT_HEX; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => NOT_HEX,
        };
        b += 1;
    }
    table
};

/// Method id (§5) of the token `name`: exact, case-sensitive match.
#[inline]
pub fn method_id(name: &[u8]) -> u32 {
    match name {
        b"GET" => METHOD_GET,
        b"PUT" => METHOD_PUT,
        b"POST" => METHOD_POST,
        b"HEAD" => METHOD_HEAD,
        b"PATCH" => METHOD_PATCH,
        b"TRACE" => METHOD_TRACE,
        b"DELETE" => METHOD_DELETE,
        b"OPTIONS" => METHOD_OPTIONS,
        b"CONNECT" => METHOD_CONNECT,
        _ => METHOD_OTHER,
    }
}

/// Known-header id (§5) of the header name `name`: case-insensitive match. The length picks
/// the one or two candidates, so most names cost one comparison or none.
#[inline]
pub fn known_header_id(name: &[u8]) -> u32 {
    let (id, lower): (u32, &[u8]) = match name.len() {
        4 => (H_HOST, b"host"),
        6 => (H_EXPECT, b"expect"),
        7 => (H_UPGRADE, b"upgrade"),
        10 => match name[0] | 0x20 {
            b'c' => (H_CONNECTION, b"connection"),
            _ => (H_USER_AGENT, b"user-agent"),
        },
        12 => (H_CONTENT_TYPE, b"content-type"),
        14 => (H_CONTENT_LENGTH, b"content-length"),
        15 => (H_ACCEPT_ENCODING, b"accept-encoding"),
        17 => (H_TRANSFER_ENCODING, b"transfer-encoding"),
        _ => return H_OTHER,
    };
    if name.eq_ignore_ascii_case(lower) {
        id
    } else {
        H_OTHER
    }
}
