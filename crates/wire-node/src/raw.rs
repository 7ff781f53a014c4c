//! Thin helpers for the hand-written Node-API callbacks (`parse_export`, `chunked`): reading
//! arguments, borrowing a Buffer and a Uint32Array in place, returning a number, throwing.
//!
//! The hot calls are written by hand because napi-derive's generated wrapper keeps borrow
//! bookkeeping (an `Arc<Mutex<..>>` and thread-local stacks) on every call: it measured about
//! 100 ns more per `parse`, and as a class ~1.8 µs per construction and ~470 ns per `decode`
//! call against ~770 ns and ~235 ns by hand (bench/RESULTS.md). Every `unsafe` block of those paths is here or in the two callback
//! modules, each with its SAFETY line.

use std::ffi::{c_void, CStr, CString};
use std::ptr;

use napi::sys;

use crate::args::{check_disjoint, check_word_buffer, ArgError};

/// Why a hand-written call fails: an argument error to throw, or a Node-API or internal failure.
pub(crate) enum Failure {
    Arg(ArgError),
    Internal(String),
}

impl From<ArgError> for Failure {
    fn from(error: ArgError) -> Self {
        Failure::Arg(error)
    }
}


/// Runs a call body and turns its failure into a pending JS exception (null return value).
///
/// # Safety
/// `env` must be the live env of the callback being run.
pub(crate) unsafe fn finish(env: sys::napi_env, call: &str, result: Result<sys::napi_value, Failure>) -> sys::napi_value {
    match result {
        Ok(value) => value,
        Err(failure) => {
            // SAFETY: caller's contract.
            unsafe { throw_failure(env, call, failure) };
            ptr::null_mut()
        }
    }
}

/// The arguments (missing ones are `undefined`) and `this` of the current call.
///
/// # Safety
/// `env` and `info` must be the handles of the callback being run.
pub(crate) unsafe fn call_args<const N: usize>(env: sys::napi_env, info: sys::napi_callback_info) -> Result<([sys::napi_value; N], sys::napi_value), Failure> {
    let mut argc = N;
    let mut argv = [ptr::null_mut(); N];
    let mut this = ptr::null_mut();
    // SAFETY: `argv` has room for `argc` handles; the out-pointers are valid locals.
    let status = unsafe { sys::napi_get_cb_info(env, info, &mut argc, argv.as_mut_ptr(), &mut this, ptr::null_mut()) };
    ok(status, "read the arguments")?;
    Ok((argv, this))
}

/// A number argument as u32 (ToUint32: a fraction is truncated, a negative wraps and is then
/// refused by the range checks).
///
/// # Safety
/// `env` and `value` must be live handles of the current callback.
pub(crate) unsafe fn get_u32(env: sys::napi_env, value: sys::napi_value, call: &str, name: &str) -> Result<u32, Failure> {
    let mut number = 0u32;
    // SAFETY: valid out-pointer, live handles (caller's contract).
    if unsafe { sys::napi_get_value_uint32(env, value, &mut number) } != sys::Status::napi_ok {
        return Err(ArgError::Type(format!("{call}: {name} must be a number")).into());
    }
    Ok(number)
}

/// An optional number argument as u32: `default` when it is `undefined` (left out), else as
/// [`get_u32`].
///
/// # Safety
/// `env` and `value` must be live handles of the current callback.
pub(crate) unsafe fn get_optional_u32(env: sys::napi_env, value: sys::napi_value, call: &str, name: &str, default: u32) -> Result<u32, Failure> {
    let mut kind = sys::ValueType::napi_undefined;
    // SAFETY: valid out-pointer, live handles (caller's contract).
    ok(unsafe { sys::napi_typeof(env, value, &mut kind) }, "read an argument's type")?;
    if kind == sys::ValueType::napi_undefined {
        return Ok(default);
    }
    // SAFETY: caller's contract.
    unsafe { get_u32(env, value, call, name) }
}

/// # Safety
/// `env` and `value` must be live handles of the current callback.
pub(crate) unsafe fn get_bool(env: sys::napi_env, value: sys::napi_value, call: &str, name: &str) -> Result<bool, Failure> {
    let mut flag = false;
    // SAFETY: valid out-pointer, live handles (caller's contract).
    if unsafe { sys::napi_get_value_bool(env, value, &mut flag) } != sys::Status::napi_ok {
        return Err(ArgError::Type(format!("{call}: {name} must be a boolean")).into());
    }
    Ok(flag)
}

/// Where a Buffer's bytes and a Uint32Array's words are, checked not to overlap.
pub(crate) struct BorrowedArgs {
    buf: *const u8,
    buf_len: usize,
    out: *mut u32,
    out_words: usize,
}

/// How `out` crosses the boundary.
#[derive(Clone, Copy)]
pub(crate) enum OutForm {
    /// A Uint32Array (`ChunkedDecoder.decode`).
    Uint32Array,
    /// The ArrayBuffer of a Uint32Array that spans all of it (`parse`): looking up an
    /// ArrayBuffer measured ~45 ns cheaper per call than looking up a typed array, which is a
    /// third of a whole `parse` of a small request (bench/RESULTS.md).
    WordBuffer,
}

impl BorrowedArgs {
    /// Looks up `buf` (any ArrayBufferView, read as bytes) and `out` (in its `form`), and
    /// checks that they do not share memory.
    ///
    /// # Safety
    /// `env`, `buf` and `out` must be live handles of the current callback.
    pub(crate) unsafe fn look_up(env: sys::napi_env, buf: sys::napi_value, out: sys::napi_value, form: OutForm, call: &str) -> Result<Self, Failure> {
        let mut buf_data: *mut c_void = ptr::null_mut();
        let mut buf_len = 0usize;
        // SAFETY: out-pointers are valid locals; handles are live (caller's contract).
        if unsafe { sys::napi_get_buffer_info(env, buf, &mut buf_data, &mut buf_len) } != sys::Status::napi_ok {
            return Err(ArgError::Type(format!("{call}: buf must be a Buffer")).into());
        }
        // SAFETY: caller's contract.
        let (out_data, out_words) = unsafe {
            match form {
                OutForm::Uint32Array => typed_array_words(env, out, call)?,
                OutForm::WordBuffer => buffer_words(env, out, call)?,
            }
        };
        check_disjoint(call, buf_data as *const u8, buf_len, out_data as *const u32, out_words)?;
        Ok(BorrowedArgs { buf: buf_data as *const u8, buf_len, out: out_data as *mut u32, out_words })
    }

    pub(crate) fn buf_len(&self) -> usize {
        self.buf_len
    }

    pub(crate) fn out_words(&self) -> usize {
        self.out_words
    }

    /// The two borrows, for the rest of the current (synchronous) call.
    ///
    /// # Safety
    /// Must be called within the callback that looked the arguments up, and no JS may run
    /// while the slices are alive (nothing could then detach or resize the memory).
    pub(crate) unsafe fn slices(&mut self) -> (&[u8], &mut [u32]) {
        // SAFETY: Node-API gave the data pointers and lengths of a live ArrayBufferView and a
        // live Uint32Array or ArrayBuffer, kept alive by the callback's argument handles; a
        // length of 0 is never read through a possibly-NULL pointer; a Uint32Array's data is
        // 4-byte aligned and `look_up` checked an ArrayBuffer's;
        // `look_up` checked the regions disjoint, so the shared and the mutable borrow do not
        // alias; `&mut self` makes this the only pair of borrows.
        unsafe {
            let buf: &[u8] = if self.buf_len == 0 { &[] } else { std::slice::from_raw_parts(self.buf, self.buf_len) };
            let out: &mut [u32] = if self.out_words == 0 { &mut [] } else { std::slice::from_raw_parts_mut(self.out, self.out_words) };
            (buf, out)
        }
    }
}

/// The data and length in words of a Uint32Array.
///
/// # Safety
/// `env` and `out` must be live handles of the current callback.
unsafe fn typed_array_words(env: sys::napi_env, out: sys::napi_value, call: &str) -> Result<(*mut c_void, usize), Failure> {
    let mut kind = 0;
    let mut words = 0usize;
    let mut data: *mut c_void = ptr::null_mut();
    // SAFETY: out-pointers are valid locals; the unused outputs are NULL, which Node-API allows.
    let status = unsafe { sys::napi_get_typedarray_info(env, out, &mut kind, &mut words, &mut data, ptr::null_mut(), ptr::null_mut()) };
    if status != sys::Status::napi_ok || kind != sys::TypedarrayType::uint32_array {
        return Err(ArgError::Type(format!("{call}: out must be a Uint32Array")).into());
    }
    Ok((data, words))
}

/// The data and length in words of an ArrayBuffer read as 32-bit words. A SharedArrayBuffer
/// is refused (another thread could write it during the call); a detached one has no words.
///
/// # Safety
/// `env` and `out` must be live handles of the current callback.
unsafe fn buffer_words(env: sys::napi_env, out: sys::napi_value, call: &str) -> Result<(*mut c_void, usize), Failure> {
    let mut data: *mut c_void = ptr::null_mut();
    let mut bytes = 0usize;
    // SAFETY: out-pointers are valid locals; the handle is live (caller's contract).
    if unsafe { sys::napi_get_arraybuffer_info(env, out, &mut data, &mut bytes) } != sys::Status::napi_ok {
        return Err(ArgError::Type(format!("{call}: out must be the ArrayBuffer of a Uint32Array")).into());
    }
    check_word_buffer(call, data as usize, bytes)?;
    Ok((data, bytes / 4))
}

/// # Safety
/// `env` must be the live env of the current callback.
pub(crate) unsafe fn create_u32(env: sys::napi_env, value: u32) -> Result<sys::napi_value, Failure> {
    let mut result = ptr::null_mut();
    // SAFETY: valid out-pointer, live env.
    ok(unsafe { sys::napi_create_uint32(env, value, &mut result) }, "return a number")?;
    Ok(result)
}

/// Sets `exports[name] = value`.
///
/// # Safety
/// `env` and `exports` must be the live handles of module initialisation.
pub(crate) unsafe fn export(env: sys::napi_env, exports: sys::napi_value, name: &CStr, value: sys::napi_value) -> napi::Result<()> {
    // SAFETY: caller's contract; `name` is NUL-terminated.
    let status = unsafe { sys::napi_set_named_property(env, exports, name.as_ptr(), value) };
    ok(status, "set an export").map_err(|_| napi::Error::from_reason(format!("wire-node: could not export {name:?}")))
}

pub(crate) fn ok(status: sys::napi_status, what: &str) -> Result<(), Failure> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(Failure::Internal(format!("could not {what} (Node-API status {status})")))
    }
}

/// # Safety
/// `env` must be the live env of the current callback.
unsafe fn throw_failure(env: sys::napi_env, call: &str, failure: Failure) {
    let mut pending = false;
    // SAFETY: valid out-pointer, live env.
    unsafe { sys::napi_is_exception_pending(env, &mut pending) };
    if pending {
        return;
    }
    let message = |text: String| CString::new(text.replace('\0', "\\0")).unwrap_or_else(|_| c"ferroserve wire: error".into());
    // SAFETY: NUL-terminated messages that live across each call; a NULL error code is allowed.
    unsafe {
        match failure {
            Failure::Arg(ArgError::Type(text)) => sys::napi_throw_type_error(env, ptr::null(), message(text).as_ptr()),
            Failure::Arg(ArgError::Range(text)) => sys::napi_throw_range_error(env, ptr::null(), message(text).as_ptr()),
            Failure::Internal(text) => sys::napi_throw_error(env, ptr::null(), message(format!("{call}: {text}")).as_ptr()),
        };
    }
}
