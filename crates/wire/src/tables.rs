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
// host.rs builds its classes the same way.
pub(crate) use byte_class;

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

/// Known-header id (§5) of the header name `name`, which is a token: case-insensitive match.
///
/// The length picks the one or two candidates; a candidate is compared as two overlapping words
/// (its first and last 4 or 8 bytes) with every byte ORed with 0x20. That folds A-Z to a-z and
/// leaves `-` as it is; no other tchar folds onto a lowercase letter or `-`, so for a token the
/// folded comparison is exactly the case-insensitive one.
#[inline]
pub fn known_header_id(name: &[u8]) -> u32 {
    match name.len() {
        4 => folded_eq_4(name, b"host", H_HOST),
        6 => folded_eq_4(name, b"expect", H_EXPECT),
        7 => folded_eq_4(name, b"upgrade", H_UPGRADE),
        10 => match name[0] | 0x20 {
            b'c' => folded_eq_8(name, b"connection", H_CONNECTION),
            _ => folded_eq_8(name, b"user-agent", H_USER_AGENT),
        },
        12 => folded_eq_8(name, b"content-type", H_CONTENT_TYPE),
        14 => folded_eq_8(name, b"content-length", H_CONTENT_LENGTH),
        15 => folded_eq_8(name, b"accept-encoding", H_ACCEPT_ENCODING),
        17 => folded_eq_8(name, b"transfer-encoding", H_TRANSFER_ENCODING),
        _ => H_OTHER,
    }
}

/// `id` when the token `name` (4 to 8 bytes, as long as `lower`) folds to `lower`, else H_OTHER.
#[inline(always)]
fn folded_eq_4(name: &[u8], lower: &[u8], id: u32) -> u32 {
    const FOLD: u32 = 0x2020_2020;
    let word = |b: &[u8], at: usize| u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
    let last = name.len() - 4;
    let same =
        (word(name, 0) | FOLD) == word(lower, 0) && (word(name, last) | FOLD) == word(lower, last);
    if same {
        id
    } else {
        H_OTHER
    }
}

/// `id` when the token `name` (8 bytes or more, as long as `lower`) folds to `lower`, else
/// H_OTHER. The bytes between the two words (names over 16 bytes) are compared one by one.
#[inline(always)]
fn folded_eq_8(name: &[u8], lower: &[u8], id: u32) -> u32 {
    const FOLD: u64 = 0x2020_2020_2020_2020;
    let word = |b: &[u8], at: usize| {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(&b[at..at + 8]);
        u64::from_le_bytes(bytes)
    };
    let last = name.len() - 8;
    let mut same =
        (word(name, 0) | FOLD) == word(lower, 0) && (word(name, last) | FOLD) == word(lower, last);
    if name.len() > 16 {
        same &= name[8..last]
            .iter()
            .zip(&lower[8..last])
            .all(|(&n, &l)| n | 0x20 == l);
    }
    if same {
        id
    } else {
        H_OTHER
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word comparison agrees with `eq_ignore_ascii_case` for every known name, for each
    /// name with any one byte replaced by any tchar, and for every case of every byte.
    #[test]
    fn known_header_id_is_a_case_insensitive_match() {
        let known: [(&[u8], u32); 9] = [
            (b"host", H_HOST),
            (b"content-length", H_CONTENT_LENGTH),
            (b"transfer-encoding", H_TRANSFER_ENCODING),
            (b"connection", H_CONNECTION),
            (b"expect", H_EXPECT),
            (b"upgrade", H_UPGRADE),
            (b"user-agent", H_USER_AGENT),
            (b"accept-encoding", H_ACCEPT_ENCODING),
            (b"content-type", H_CONTENT_TYPE),
        ];
        for (lower, id) in known {
            assert_eq!(known_header_id(lower), id);
            assert_eq!(known_header_id(&lower.to_ascii_uppercase()), id);
            for at in 0..lower.len() {
                for b in (0u8..=255).filter(|&b| TCHAR[b as usize]) {
                    let mut name = lower.to_vec();
                    name[at] = b;
                    let expected = if name.eq_ignore_ascii_case(lower) {
                        id
                    } else {
                        H_OTHER
                    };
                    assert_eq!(
                        known_header_id(&name),
                        expected,
                        "{:?}",
                        String::from_utf8_lossy(&name)
                    );
                }
            }
        }
        assert_eq!(known_header_id(b"x"), H_OTHER);
        assert_eq!(known_header_id(b"hosts"), H_OTHER);
    }

    #[test]
    fn tchar_table_is_rfc_9110_tchar() {
        let listed: Vec<u8> = (0u8..=255).filter(|&b| TCHAR[b as usize]).collect();
        let expected: Vec<u8> =
            b"!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~"
                .to_vec();
        assert_eq!(listed, expected);
    }

    #[test]
    fn uri_char_table_is_the_spec_set() {
        let excluded: Vec<u8> = (0x21u8..=0x7e).filter(|&b| !URI_CHAR[b as usize]).collect();
        assert_eq!(excluded, b"\"#<>\\^`{|}".to_vec());
        assert!((0u8..=0x20)
            .chain(0x7f..=0xff)
            .all(|b| !URI_CHAR[b as usize]));
    }
}
