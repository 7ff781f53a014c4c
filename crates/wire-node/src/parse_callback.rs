//! `parse(buf, start, end, out) -> number` as a hand-written Node-API callback.
//!
//! This is the one hot call of the addon (once per socket chunk). napi-derive's generated
//! wrapper sets up a borrow-tracking scope on every call, which measured about 100 ns on top
//! of the ~100 ns the four argument look-ups cost (bench/RESULTS.md); written by hand, the call
//! is the Node-API look-ups, the checks of `args.rs`, and `wire::parse`. All `unsafe` of the
//! crate's parse path is in this file.

use std::ffi::{c_void, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use napi::sys;

use crate::args::{check_disjoint, check_out_len, check_range, ArgError};

const CALL: &str = "parse";
/// The control block: `out` must at least hold it.
const MIN_OUT_WORDS: usize = wire::layout::RECORDS_START as usize;

/// Adds `parse` to the module's exports.
pub(crate) fn install(env: sys::napi_env, exports: sys::napi_value) -> napi::Result<()> {
    let name = c"parse";
    let mut function = ptr::null_mut();
    // SAFETY: `env` and `exports` are the live handles Node passed to module initialisation;
    // `name` is a NUL-terminated static string and `parse_callback` has the Node-API signature.
    let status = unsafe {
        sys::napi_create_function(env, name.as_ptr(), name.count_bytes() as isize, Some(parse_callback), ptr::null_mut(), &mut function)
    };
    check(status, "create the parse function")?;
    // SAFETY: as above; `function` was just created in this env.
    let status = unsafe { sys::napi_set_named_property(env, exports, name.as_ptr(), function) };
    check(status, "export parse")
}

fn check(status: sys::napi_status, what: &str) -> napi::Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(napi::Error::from_reason(format!("wire-node: could not {what} (napi status {status})")))
    }
}

/// What a call fails with: either an argument error to throw, or an exception already pending.
enum Failure {
    Arg(ArgError),
    /// A Node-API call failed; Node has an exception pending or `throw_failure` throws a
    /// generic one.
    Napi(&'static str),
}

impl From<ArgError> for Failure {
    fn from(error: ArgError) -> Self {
        Failure::Arg(error)
    }
}

unsafe extern "C" fn parse_callback(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    // SAFETY: Node calls this with the live `env` and `info` of the current call, on the JS thread.
    match unsafe { parse_call(env, info) } {
        Ok(value) => value,
        Err(failure) => {
            // SAFETY: same env, still inside the callback.
            unsafe { throw_failure(env, failure) };
            ptr::null_mut()
        }
    }
}

/// # Safety
/// `env` and `info` must be the handles of the Node-API callback being run.
unsafe fn parse_call(env: sys::napi_env, info: sys::napi_callback_info) -> Result<sys::napi_value, Failure> {
    let mut argc = 4usize;
    let mut argv = [ptr::null_mut(); 4];
    // SAFETY: `argv` has room for `argc` handles; missing arguments are filled with `undefined`.
    let status = unsafe { sys::napi_get_cb_info(env, info, &mut argc, argv.as_mut_ptr(), ptr::null_mut(), ptr::null_mut()) };
    if status != sys::Status::napi_ok {
        return Err(Failure::Napi("could not read the arguments"));
    }

    let mut buf_data: *mut c_void = ptr::null_mut();
    let mut buf_len = 0usize;
    // SAFETY: out-pointers are valid locals. Any ArrayBufferView is accepted (read as bytes).
    let status = unsafe { sys::napi_get_buffer_info(env, argv[0], &mut buf_data, &mut buf_len) };
    if status != sys::Status::napi_ok {
        return Err(ArgError::Type(format!("{CALL}: buf must be a Buffer")).into());
    }

    let start = unsafe { get_u32(env, argv[1], "start")? };
    let end = unsafe { get_u32(env, argv[2], "end")? };

    let mut out_kind = 0;
    let mut out_words = 0usize;
    let mut out_data: *mut c_void = ptr::null_mut();
    // SAFETY: out-pointers are valid locals; the unused outputs are NULL, which Node-API allows.
    let status = unsafe {
        sys::napi_get_typedarray_info(env, argv[3], &mut out_kind, &mut out_words, &mut out_data, ptr::null_mut(), ptr::null_mut())
    };
    if status != sys::Status::napi_ok || out_kind != sys::TypedarrayType::uint32_array {
        return Err(ArgError::Type(format!("{CALL}: out must be a Uint32Array")).into());
    }

    check_range(CALL, start, end, buf_len)?;
    check_out_len(CALL, out_words, MIN_OUT_WORDS)?;
    check_disjoint(CALL, buf_data as *const u8, buf_len, out_data as *const u32, out_words)?;

    // SAFETY: Node-API gave the data pointers and lengths of a live Buffer and Uint32Array,
    // which the caller's argument handles keep alive for this whole synchronous call. Lengths
    // are non-zero here only with non-NULL data (an empty buf is never dereferenced: the range
    // check bounds every index by buf_len, and `out` holds at least 16 words). A Uint32Array's
    // data is 4-byte aligned by construction. The two regions were checked disjoint above, so
    // the shared and the mutable borrow do not alias. No JS runs while they are held.
    let buf: &[u8] = if buf_len == 0 { &[] } else { unsafe { std::slice::from_raw_parts(buf_data as *const u8, buf_len) } };
    let out: &mut [u32] = unsafe { std::slice::from_raw_parts_mut(out_data as *mut u32, out_words) };

    let status = catch_unwind(AssertUnwindSafe(|| wire::parse(buf, start as usize, end as usize, out)))
        .map_err(|_| Failure::Napi("internal error: the wire parser panicked"))?;

    let mut result = ptr::null_mut();
    // SAFETY: valid out-pointer, live env.
    if unsafe { sys::napi_create_uint32(env, status, &mut result) } != sys::Status::napi_ok {
        return Err(Failure::Napi("could not return the status"));
    }
    Ok(result)
}

/// Reads a number argument as u32 (ToUint32: a fraction is truncated, a negative wraps and is
/// then refused by the range check).
///
/// # Safety
/// `env` and `value` must be live handles of the current callback.
unsafe fn get_u32(env: sys::napi_env, value: sys::napi_value, name: &str) -> Result<u32, Failure> {
    let mut number = 0u32;
    // SAFETY: valid out-pointer, live handles (caller's contract).
    if unsafe { sys::napi_get_value_uint32(env, value, &mut number) } != sys::Status::napi_ok {
        return Err(ArgError::Type(format!("{CALL}: {name} must be a number")).into());
    }
    Ok(number)
}

/// # Safety
/// `env` must be the live env of the current callback.
unsafe fn throw_failure(env: sys::napi_env, failure: Failure) {
    let mut pending = false;
    // SAFETY: valid out-pointer, live env.
    unsafe { sys::napi_is_exception_pending(env, &mut pending) };
    if pending {
        return;
    }
    let message = |text: &str| CString::new(text).unwrap_or_else(|_| c"ferroserve wire: error".into());
    // SAFETY: NUL-terminated messages that live across the call; NULL error code is allowed.
    unsafe {
        match failure {
            Failure::Arg(ArgError::Type(text)) => sys::napi_throw_type_error(env, ptr::null(), message(&text).as_ptr()),
            Failure::Arg(ArgError::Range(text)) => sys::napi_throw_range_error(env, ptr::null(), message(&text).as_ptr()),
            Failure::Napi(text) => sys::napi_throw_error(env, ptr::null(), message(&format!("{CALL}: {text}")).as_ptr()),
        };
    }
}
