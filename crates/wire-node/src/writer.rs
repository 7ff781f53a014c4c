//! `writeResponse(status, headers, contentLength, body?) -> Buffer` (docs/wire-spec.md §7).
//!
//! The glue turns JS values into what `wire::write_response` takes (status, latin1 bytes of
//! each header, an optional length, optional body bytes) and its errors into the spec's
//! TypeError / RangeError. Latin1 conversion lives here because it is about JS strings: a char
//! above U+00FF has no latin1 byte, and Node-API's own latin1 read would silently truncate it.

use std::ops::Range;
use std::ptr;

use napi::bindgen_prelude::{Array, BufferSlice, JsObjectValue, Unknown};
use napi::{sys, Env, JsValue, Result, ValueType};
use napi_derive::napi;

use crate::args::{throw_arg_error, ArgError};

/// `contentLength` that means "write no Content-Length".
const NO_CONTENT_LENGTH: f64 = -1.0;
/// Largest integer a JS number holds exactly: 2^53 - 1.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;
/// UTF-16 units read in one Node-API call before asking for the exact length.
const SCRATCH_UNITS: usize = 512;

#[napi(catch_unwind)]
pub fn write_response<'env>(
    env: &'env Env,
    status: f64,
    headers: Array,
    content_length: f64,
    body: Option<BufferSlice>,
) -> Result<BufferSlice<'env>> {
    match build_response(env, status, &headers, content_length, body.as_deref()) {
        Ok(bytes) => BufferSlice::copy_from(env, bytes),
        Err(refusal) => Err(throw_arg_error(env, refusal)),
    }
}

fn build_response(env: &Env, status: f64, headers: &Array, content_length: f64, body: Option<&[u8]>) -> std::result::Result<Vec<u8>, ArgError> {
    if !(status.fract() == 0.0 && (100.0..=599.0).contains(&status)) {
        return Err(ArgError::Range(format!("status must be an integer from 100 to 599, got {status}")));
    }
    // Checked in argument order, as the TypeScript writer does: status, headers, contentLength.
    let count = headers.len() as usize;
    if count % 2 != 0 {
        return Err(ArgError::Type("headers must be a flat [name, value, ...] array of even length".into()));
    }
    let content_length = if content_length == NO_CONTENT_LENGTH {
        None
    } else if content_length.fract() == 0.0 && (0.0..=MAX_SAFE_INTEGER).contains(&content_length) {
        Some(content_length as u64)
    } else {
        return Err(ArgError::Range(format!("contentLength must be -1 or an integer >= 0, got {content_length}")));
    };

    // All header bytes go into one Vec; `spans` remembers where each field is.
    let mut bytes = Vec::with_capacity(count * 24);
    let mut spans: Vec<Range<usize>> = Vec::with_capacity(count);
    let mut scratch = [0u16; SCRATCH_UNITS];
    for index in 0..count {
        let role = if index % 2 == 0 { "name" } else { "value" };
        let element: Unknown = headers
            .get_element(index as u32)
            .map_err(|_| ArgError::Type(format!("header {role} must be a string")))?;
        let start = bytes.len();
        append_latin1(env, &element, &mut scratch, &mut bytes).map_err(|problem| match problem {
            Latin1Problem::NotAString => ArgError::Type(format!("header {role} must be a string")),
            Latin1Problem::AboveLatin1 => {
                ArgError::Type(format!("{role} of header {} has a char above U+00FF", field_label(&bytes, &spans, index)))
            }
        })?;
        spans.push(start..bytes.len());
    }
    let pairs: Vec<(&[u8], &[u8])> = spans.chunks_exact(2).map(|pair| (&bytes[pair[0].clone()], &bytes[pair[1].clone()])).collect();

    let mut out = Vec::with_capacity(64 + bytes.len() + count * 2 + body.map_or(0, <[u8]>::len));
    wire::write_response(status as u16, &pairs, content_length, body, &mut out).map_err(|error| match error {
        wire::WriteError::InvalidStatus => ArgError::Range(format!("status must be an integer from 100 to 599, got {status}")),
        wire::WriteError::InvalidHeaderName(pair) => {
            ArgError::Type(format!("header name {:?} is not a token", String::from_utf8_lossy(pairs[pair].0)))
        }
        wire::WriteError::InvalidHeaderValue(pair) => {
            ArgError::Type(format!("value of header {:?} contains CR, LF or NUL", String::from_utf8_lossy(pairs[pair].0)))
        }
    })?;
    Ok(out)
}

/// Names the header a bad field belongs to, for the error message.
fn field_label(bytes: &[u8], spans: &[Range<usize>], index: usize) -> String {
    if index % 2 == 1 {
        format!("{:?}", String::from_utf8_lossy(&bytes[spans[index - 1].clone()]))
    } else {
        format!("#{}", index / 2)
    }
}

enum Latin1Problem {
    NotAString,
    AboveLatin1,
}

/// Appends the latin1 bytes of a JS string to `dst`, refusing a char above U+00FF.
fn append_latin1(env: &Env, value: &Unknown, scratch: &mut [u16; SCRATCH_UNITS], dst: &mut Vec<u8>) -> std::result::Result<(), Latin1Problem> {
    if value.get_type().map_err(|_| Latin1Problem::NotAString)? != ValueType::String {
        return Err(Latin1Problem::NotAString);
    }
    let raw = value.raw();
    let mut written = 0usize;
    // SAFETY: `raw` is a live string handle of this call; `scratch` has room for
    // SCRATCH_UNITS units including the NUL Node-API writes.
    let status = unsafe { sys::napi_get_value_string_utf16(env.raw(), raw, scratch.as_mut_ptr(), SCRATCH_UNITS, &mut written) };
    if status != sys::Status::napi_ok {
        return Err(Latin1Problem::NotAString);
    }
    if written < SCRATCH_UNITS - 1 {
        return narrow(&scratch[..written], dst);
    }
    // Possibly truncated: ask for the exact length, then read the whole string.
    let mut length = 0usize;
    // SAFETY: a NULL buffer asks Node-API for the length only.
    unsafe { sys::napi_get_value_string_utf16(env.raw(), raw, ptr::null_mut(), 0, &mut length) };
    let mut units = vec![0u16; length + 1];
    // SAFETY: `units` has room for `length` units and the NUL.
    unsafe { sys::napi_get_value_string_utf16(env.raw(), raw, units.as_mut_ptr(), units.len(), &mut written) };
    narrow(&units[..written], dst)
}

fn narrow(units: &[u16], dst: &mut Vec<u8>) -> std::result::Result<(), Latin1Problem> {
    dst.reserve(units.len());
    for &unit in units {
        let byte = u8::try_from(unit).map_err(|_| Latin1Problem::AboveLatin1)?;
        dst.push(byte);
    }
    Ok(())
}
