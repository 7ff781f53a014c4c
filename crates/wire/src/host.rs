//! The Host field value (RFC 9112 §3.2, docs/wire-spec.md §3 end-of-head check 1): a server
//! MUST answer 400 to a Host whose value is invalid, and an invalid Host is how a request
//! carries a poisoned authority into absolute URLs, virtual hosts and logs.
//!
//! ```text
//! Host        = uri-host [ ":" port ]                      ; RFC 9112 §3.2, RFC 9110 §7.2
//! uri-host    = IP-literal / IPv4address / reg-name        ; RFC 3986 §3.2.2
//! IP-literal  = "[" ( IPv6address / IPvFuture ) "]"
//! IPvFuture   = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
//! reg-name    = *( unreserved / pct-encoded / sub-delims )
//! pct-encoded = "%" HEXDIG HEXDIG
//! port        = *DIGIT                                     ; RFC 3986 §3.2.3
//! ```
//!
//! IPv4address needs no branch of its own: every IPv4address (`1*3DIGIT "." ...`) is also a
//! reg-name, DIGIT and "." being unreserved, so an out-of-range octet like `999.1.1.1` is a valid
//! (if unresolvable) reg-name rather than an invalid Host. IPv6address is checked pragmatically:
//! 1*( HEXDIG / ":" / "." ) with at least two colons (every IPv6address has two: the full form
//! seven, a compressed one its "::"). Its full grammar (at most eight pieces, one "::", an IPv4
//! tail) is not enforced: what matters here is that nothing but address bytes hides inside the
//! brackets, and the check must stay cheap, as it runs on every request.

use crate::tables::{byte_class, HEX_VALUE, NOT_HEX};

/// RFC 3986 §2.3 and §2.2, the bytes of a reg-name other than the `%` of a pct-encoded:
/// ```text
/// unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"
/// sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="
/// ```
/// The second half of IPvFuture adds ":" to these (see [`IPV_FUTURE_CHAR`]).
pub static REG_NAME_CHAR: [bool; 256] = byte_class!(|b| {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'.'
                | b'_'
                | b'~'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
        )
});

/// RFC 3986 §3.2.2, after `"v" 1*HEXDIG "."` of an IPvFuture:
/// ```text
/// 1*( unreserved / sub-delims / ":" )
/// ```
pub static IPV_FUTURE_CHAR: [bool; 256] = byte_class!(|b| REG_NAME_CHAR[b as usize] || b == b':');

/// The bytes of an IPv6address, pragmatically (see the module comment):
/// ```text
/// HEXDIG / ":" / "."
/// ```
/// ("." for the IPv4 tail of `::ffff:192.0.2.1`).
pub static IPV6_CHAR: [bool; 256] =
    byte_class!(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');

/// Whether `value` (a trimmed Host field value) is `uri-host [ ":" port ]`. An empty value is
/// valid: reg-name may be empty (RFC 9112 §3.2 sends an empty Host when the target has no
/// authority), and so may the port after its colon.
pub fn is_valid_host(value: &[u8]) -> bool {
    let host_len = if value.first() == Some(&b'[') {
        ip_literal_len(value)
    } else {
        reg_name_len(value)
    };
    let Some(host_len) = host_len else {
        return false;
    };
    match value[host_len..].split_first() {
        None => true,
        Some((b':', port)) => port.iter().all(u8::is_ascii_digit),
        // A byte that can neither continue the host nor start the port: SP, "@", "/", "?",
        // "[" inside a reg-name, anything after "]" but ":".
        Some(_) => false,
    }
}

/// Length of the reg-name at the start of `value` (up to the first byte that cannot continue
/// it), or None when a `%` is not followed by two HEXDIGs.
fn reg_name_len(value: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < value.len() {
        let b = value[i];
        if REG_NAME_CHAR[b as usize] {
            i += 1;
        } else if b == b'%' {
            let is_hex = |at: usize| {
                value
                    .get(at)
                    .is_some_and(|&d| HEX_VALUE[d as usize] != NOT_HEX)
            };
            if !(is_hex(i + 1) && is_hex(i + 2)) {
                return None;
            }
            i += 3;
        } else {
            break;
        }
    }
    Some(i)
}

/// Length of the IP-literal at the start of `value` (which begins with `[`), `]` included, or
/// None when it is unclosed or what it encloses is neither an IPv6address nor an IPvFuture.
fn ip_literal_len(value: &[u8]) -> Option<usize> {
    let close = value.iter().position(|&b| b == b']')?;
    let inside = &value[1..close];
    let valid = match inside.split_first() {
        // "v" is case-insensitive, as every ABNF literal is (RFC 5234 §2.3).
        Some((b'v' | b'V', future)) => is_ipv_future_tail(future),
        _ => {
            inside.iter().all(|&b| IPV6_CHAR[b as usize])
                && inside.iter().filter(|&&b| b == b':').count() >= 2
        }
    };
    valid.then_some(close + 1)
}

/// `1*HEXDIG "." 1*( unreserved / sub-delims / ":" )`, what follows the "v" of an IPvFuture.
fn is_ipv_future_tail(tail: &[u8]) -> bool {
    let digits = tail
        .iter()
        .take_while(|&&b| HEX_VALUE[b as usize] != NOT_HEX)
        .count();
    match tail[digits..].split_first() {
        Some((b'.', rest)) => {
            digits > 0 && !rest.is_empty() && rest.iter().all(|&b| IPV_FUTURE_CHAR[b as usize])
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reg-name class is exactly unreserved and sub-delims.
    #[test]
    fn reg_name_char_table_is_unreserved_and_sub_delims() {
        let listed: Vec<u8> = (0u8..=255).filter(|&b| REG_NAME_CHAR[b as usize]).collect();
        let mut expected: Vec<u8> =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;="
                .to_vec();
        expected.sort_unstable();
        assert_eq!(listed, expected);
    }
}
