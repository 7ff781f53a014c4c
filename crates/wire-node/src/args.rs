//! Argument errors of every export, and the checks shared by `parse` and
//! `ChunkedDecoder.decode`, made before any Rust slice is formed over JavaScript memory.

use napi::{Env, Error, Status};

/// Why a call's arguments were refused; each maps to the JS error class the caller sees.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ArgError {
    /// Thrown as a TypeError.
    Type(String),
    /// Thrown as a RangeError.
    Range(String),
}

/// Throws `error` as its JS class and returns the napi-rs error that says "already thrown".
pub(crate) fn throw_arg_error(env: &Env, error: ArgError) -> Error {
    // A message is a C string: a NUL (from a quoted JS value) would make the throw itself fail.
    let error = match error {
        ArgError::Type(text) => ArgError::Type(text.replace('\0', "\\0")),
        ArgError::Range(text) => ArgError::Range(text.replace('\0', "\\0")),
    };
    let thrown = match &error {
        ArgError::Type(text) => env.throw_type_error(text, None),
        ArgError::Range(text) => env.throw_range_error(text, None),
    };
    match (thrown, error) {
        // The exception is pending: napi-rs must not throw another one over it.
        (Ok(()), ArgError::Type(text) | ArgError::Range(text)) => Error::new(Status::PendingException, text),
        (Err(failure), _) => failure,
    }
}

/// `start` and `end` must satisfy `start <= end <= buf_len` (the TypeScript twin's rule too).
pub(crate) fn check_range(call: &str, start: u32, end: u32, buf_len: usize) -> Result<(), ArgError> {
    if start <= end && end as usize <= buf_len {
        Ok(())
    } else {
        Err(ArgError::Range(format!(
            "{call} range [{start}, {end}) is outside the buffer (length {buf_len})"
        )))
    }
}

/// `out` must hold at least the words its control block needs.
pub(crate) fn check_out_len(call: &str, out_words: usize, min_words: usize) -> Result<(), ArgError> {
    if out_words >= min_words {
        Ok(())
    } else {
        Err(ArgError::Range(format!(
            "{call}: out must hold at least {min_words} words, got {out_words}"
        )))
    }
}

/// The input bytes and `out` must not share memory: Rust borrows one shared and the other
/// mutably, and two such borrows of the same bytes are undefined behaviour.
pub(crate) fn check_disjoint(
    call: &str,
    buf: *const u8,
    buf_len: usize,
    out: *const u32,
    out_words: usize,
) -> Result<(), ArgError> {
    let (b0, b1) = (buf as usize, buf as usize + buf_len);
    let (o0, o1) = (out as usize, out as usize + out_words * 4);
    if buf_len == 0 || out_words == 0 || b1 <= o0 || o1 <= b0 {
        Ok(())
    } else {
        Err(ArgError::Range(format!("{call}: buf and out must not share memory")))
    }
}

/// An ArrayBuffer read as 32-bit words must be aligned to 4 bytes and a whole number of words
/// long (as the buffer of a Uint32Array always is).
pub(crate) fn check_word_buffer(call: &str, address: usize, bytes: usize) -> Result<(), ArgError> {
    if address % 4 == 0 && bytes % 4 == 0 {
        Ok(())
    } else {
        Err(ArgError::Type(format!("{call}: out must be the ArrayBuffer of a Uint32Array (aligned, whole words)")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_accepts_empty_and_full() {
        assert_eq!(check_range("parse", 0, 0, 0), Ok(()));
        assert_eq!(check_range("parse", 3, 10, 10), Ok(()));
    }

    #[test]
    fn range_refuses_end_past_buffer_and_reversed() {
        assert!(matches!(check_range("parse", 0, 11, 10), Err(ArgError::Range(_))));
        assert!(matches!(check_range("parse", 5, 4, 10), Err(ArgError::Range(_))));
    }

    #[test]
    fn overlap_is_refused_and_adjacency_is_not() {
        let base = 0x1000 as *const u8;
        assert_eq!(check_disjoint("parse", base, 16, 0x1010 as *const u32, 4), Ok(()));
        assert_eq!(check_disjoint("parse", 0x1010 as *const u8, 16, 0x1000 as *const u32, 4), Ok(()));
        assert!(check_disjoint("parse", base, 17, 0x1010 as *const u32, 4).is_err());
        assert!(check_disjoint("parse", 0x100f as *const u8, 1, 0x1000 as *const u32, 4).is_err());
    }

    #[test]
    fn word_buffer_must_be_aligned_whole_words() {
        assert_eq!(check_word_buffer("parse", 0x1000, 64), Ok(()));
        assert_eq!(check_word_buffer("parse", 0, 0), Ok(()));
        assert!(matches!(check_word_buffer("parse", 0x1002, 64), Err(ArgError::Type(_))));
        assert!(matches!(check_word_buffer("parse", 0x1000, 63), Err(ArgError::Type(_))));
    }

    #[test]
    fn out_len_minimum() {
        assert_eq!(check_out_len("parse", 16, 16), Ok(()));
        assert!(check_out_len("parse", 15, 16).is_err());
    }
}
