//! The request-target form check (docs/wire-spec.md §3, RFC 9112 §3.2), made when the SP that
//! ends the target is read. The bytes are already known to be URI_CHARs.

use crate::layout::{
    FORM_ABSOLUTE, FORM_ASTERISK, FORM_AUTHORITY, FORM_ORIGIN, METHOD_CONNECT, METHOD_OPTIONS,
};

/// Form (F_TARGET_FORM) of the non-empty `target` sent with `method`, or `None` when the form
/// is not allowed for the method (INVALID_TARGET at the target's start).
#[inline]
pub fn target_form(target: &[u8], method: u32) -> Option<u32> {
    let first = *target.first()?;
    if target == b"*" {
        return (method == METHOD_OPTIONS).then_some(FORM_ASTERISK);
    }
    if method == METHOD_CONNECT {
        return is_authority(target).then_some(FORM_AUTHORITY);
    }
    if first == b'/' {
        return Some(FORM_ORIGIN);
    }
    is_absolute(target).then_some(FORM_ABSOLUTE)
}

/// authority-form as the spec narrows it: `host ":" port`, host non-empty, port 1*DIGIT after
/// the last `:`, and no `/`, `?` or `@` anywhere (no path, query or userinfo).
fn is_authority(target: &[u8]) -> bool {
    if target.iter().any(|&b| matches!(b, b'/' | b'?' | b'@')) {
        return false;
    }
    match target.iter().rposition(|&b| b == b':') {
        Some(colon) => {
            let port = &target[colon + 1..];
            colon > 0 && !port.is_empty() && port.iter().all(u8::is_ascii_digit)
        }
        None => false,
    }
}

/// absolute-form: `scheme ":"` and at least one byte after it, with the RFC 3986 §3.1 scheme
/// `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`.
fn is_absolute(target: &[u8]) -> bool {
    if !target[0].is_ascii_alphabetic() {
        return false;
    }
    for (i, &b) in target.iter().enumerate().skip(1) {
        if b == b':' {
            return i + 1 < target.len();
        }
        if !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')) {
            return false;
        }
    }
    false
}
