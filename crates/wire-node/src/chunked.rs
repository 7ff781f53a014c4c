//! `ChunkedDecoder`: one per chunked request body (docs/wire-spec.md §6), its state kept in a
//! `wire::ChunkedDecoder` owned by the JS object:
//! `new ChunkedDecoder(maxHeaders, maxHeadBytes, lenientBareLf, maxLineBytes?)`,
//! `.decode(buf, start, end, out)`. `maxLineBytes` left out is `DEFAULT_MAX_CHUNK_LINE`.
//!
//! A hand-written class (see `raw` for why): napi-derive's class cost ~1.8 µs per construction
//! and ~470 ns per `decode` call, more than decoding a 16 KiB read.

use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use napi::sys;

use crate::args::{check_out_len, check_range, ArgError};
use crate::raw::{call_args, create_u32, export, finish, get_bool, get_optional_u32, get_u32, ok, BorrowedArgs, Failure, OutForm};

const CLASS: &str = "ChunkedDecoder";
const CALL: &str = "decode";
/// The decoder's result words: `out` must at least hold them.
const MIN_OUT_WORDS: usize = wire::layout::D_SPANS_START as usize;

/// Adds the `ChunkedDecoder` class to the module's exports.
///
/// # Safety
/// `env` and `exports` must be the live handles of module initialisation.
pub(crate) unsafe fn install(env: sys::napi_env, exports: sys::napi_value) -> napi::Result<()> {
    let decode = sys::napi_property_descriptor {
        utf8name: c"decode".as_ptr(),
        name: ptr::null_mut(),
        method: Some(decode_callback),
        getter: None,
        setter: None,
        value: ptr::null_mut(),
        attributes: sys::PropertyAttributes::default,
        data: ptr::null_mut(),
    };
    let name = c"ChunkedDecoder";
    let mut class = ptr::null_mut();
    // SAFETY: caller's contract; the name is NUL-terminated; one valid descriptor is passed.
    let status = unsafe { sys::napi_define_class(env, name.as_ptr(), name.count_bytes() as isize, Some(construct_callback), ptr::null_mut(), 1, &decode, &mut class) };
    ok(status, "define ChunkedDecoder").map_err(|_| napi::Error::from_reason("wire-node: could not define ChunkedDecoder"))?;
    // SAFETY: caller's contract; `class` was just created in this env.
    unsafe { export(env, exports, name, class) }
}

unsafe extern "C" fn construct_callback(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    // SAFETY: Node runs this with the live `env` and `info` of the current call, on the JS thread.
    unsafe { finish(env, CLASS, construct(env, info)) }
}

/// # Safety
/// `env` and `info` must be the handles of the callback being run.
unsafe fn construct(env: sys::napi_env, info: sys::napi_callback_info) -> Result<sys::napi_value, Failure> {
    let mut new_target = ptr::null_mut();
    // SAFETY: valid out-pointer, live handles.
    ok(unsafe { sys::napi_get_new_target(env, info, &mut new_target) }, "read new.target")?;
    if new_target.is_null() {
        return Err(ArgError::Type(format!("{CLASS} must be called with new")).into());
    }
    // SAFETY (this block): every handle comes from this call's `info`.
    let (this, max_headers, max_head_bytes, lenient_bare_lf, max_line_bytes) = unsafe {
        let ([max_headers, max_head_bytes, lenient, max_line_bytes], this) = call_args::<4>(env, info)?;
        (
            this,
            get_u32(env, max_headers, CLASS, "maxHeaders")?,
            get_u32(env, max_head_bytes, CLASS, "maxHeadBytes")?,
            get_bool(env, lenient, CLASS, "lenientBareLf")?,
            get_optional_u32(env, max_line_bytes, CLASS, "maxLineBytes", wire::layout::DEFAULT_MAX_CHUNK_LINE)?,
        )
    };
    let decoder = catch_unwind(|| wire::ChunkedDecoder::new(max_headers, max_head_bytes, lenient_bare_lf).with_max_line_bytes(max_line_bytes))
        .map_err(|_| Failure::Internal("internal error: the decoder's constructor panicked".into()))?;
    let state = Box::into_raw(Box::new(decoder));
    // SAFETY: `this` is the object under construction; `state` is a fresh Box whose ownership
    // passes to the wrap, released by `finalize` when the object is collected.
    let status = unsafe { sys::napi_wrap(env, this, state as *mut c_void, Some(finalize), ptr::null_mut(), ptr::null_mut()) };
    if status != sys::Status::napi_ok {
        // SAFETY: the wrap did not take ownership; `state` is still only ours.
        drop(unsafe { Box::from_raw(state) });
        return Err(Failure::Internal(format!("could not attach the decoder (Node-API status {status})")));
    }
    Ok(this)
}

unsafe extern "C" fn finalize(_env: sys::napi_env, state: *mut c_void, _hint: *mut c_void) {
    // SAFETY: `state` is the Box given to napi_wrap in `construct`; Node finalizes it once.
    drop(unsafe { Box::from_raw(state as *mut wire::ChunkedDecoder) });
}

unsafe extern "C" fn decode_callback(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    // SAFETY: Node runs this with the live `env` and `info` of the current call, on the JS thread.
    unsafe { finish(env, CALL, decode_call(env, info)) }
}

/// # Safety
/// `env` and `info` must be the handles of the callback being run.
unsafe fn decode_call(env: sys::napi_env, info: sys::napi_callback_info) -> Result<sys::napi_value, Failure> {
    // SAFETY (this block): every handle comes from this call's `info`.
    let (state, args, start, end) = unsafe {
        let ([buf, start, end, out], this) = call_args::<4>(env, info)?;
        let state = unwrap_state(env, this)?;
        let start = get_u32(env, start, CALL, "start")?;
        let end = get_u32(env, end, CALL, "end")?;
        (state, BorrowedArgs::look_up(env, buf, out, OutForm::Uint32Array, CALL)?, start, end)
    };
    check_range(CALL, start, end, args.buf_len())?;
    check_out_len(CALL, args.out_words(), MIN_OUT_WORDS)?;
    let mut args = args;
    // SAFETY: `state` is the decoder `this` owns, alive while `this` is (it is an
    // argument of this call). No JS runs during decode, so no other call can borrow it
    // meanwhile: this is the only borrow. The slices follow `BorrowedArgs::slices`'s contract.
    let (decoder, buf, out) = unsafe {
        let (buf, out) = args.slices();
        (&mut *state, buf, out)
    };
    let status = catch_unwind(AssertUnwindSafe(|| decoder.decode(buf, start as usize, end as usize, out)))
        .map_err(|_| Failure::Internal("internal error: the chunked decoder panicked".into()))?;
    // SAFETY: live env of this call.
    unsafe { create_u32(env, status) }
}

/// The decoder owned by `this`.
///
/// `this` is known to be an object this class constructed: Node-API defines class methods with
/// a V8 signature, so V8 itself throws "Illegal invocation" when `decode` is called on any
/// other object, before this callback runs. Every such object was wrapped by `construct` (an
/// object whose construction failed is never handed to JS), so its wrap is a
/// `wire::ChunkedDecoder`.
///
/// # Safety
/// `env` and `this` must be live handles of the current callback.
unsafe fn unwrap_state(env: sys::napi_env, this: sys::napi_value) -> Result<*mut wire::ChunkedDecoder, Failure> {
    let mut state: *mut c_void = ptr::null_mut();
    // SAFETY: valid out-pointer, live handles.
    if unsafe { sys::napi_unwrap(env, this, &mut state) } != sys::Status::napi_ok || state.is_null() {
        return Err(ArgError::Type(format!("{CALL} must be called on a {CLASS}")).into());
    }
    Ok(state as *mut wire::ChunkedDecoder)
}
