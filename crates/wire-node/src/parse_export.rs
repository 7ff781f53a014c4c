//! `parse(buf, start, end, outBuffer) -> undefined`: the addon's one hot call, once per socket
//! chunk (docs/wire-spec.md §1-2), as a hand-written Node-API callback (see `raw` for why).
//! `outBuffer` is the ArrayBuffer of the caller's `out` words, and the status is left in
//! `out[R_STATUS]` rather than returned: each costs a Node-API call less (bench/RESULTS.md).
//! src/wire/native.ts adapts it to the contract's `parse(buf, start, end, out) -> R_STATUS`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use napi::sys;

use crate::args::{check_out_len, check_range};
use crate::raw::{call_args, export, finish, get_u32, ok, BorrowedArgs, Failure, OutForm};

const CALL: &str = "parse";
/// The control block: `out` must at least hold it.
const MIN_OUT_WORDS: usize = wire::layout::RECORDS_START as usize;

/// Adds `parse` to the module's exports.
///
/// # Safety
/// `env` and `exports` must be the live handles of module initialisation.
pub(crate) unsafe fn install(env: sys::napi_env, exports: sys::napi_value) -> napi::Result<()> {
    let name = c"parse";
    let mut function = ptr::null_mut();
    // SAFETY: caller's contract; `name` is NUL-terminated; `parse_callback` has the callback ABI.
    let status = unsafe { sys::napi_create_function(env, name.as_ptr(), name.count_bytes() as isize, Some(parse_callback), ptr::null_mut(), &mut function) };
    ok(status, "create parse").map_err(|_| napi::Error::from_reason("wire-node: could not create parse"))?;
    // SAFETY: caller's contract; `function` was just created in this env.
    unsafe { export(env, exports, name, function) }
}

unsafe extern "C" fn parse_callback(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    // SAFETY: Node runs this with the live `env` and `info` of the current call, on the JS thread.
    unsafe { finish(env, CALL, parse_call(env, info)) }
}

/// # Safety
/// `env` and `info` must be the handles of the callback being run.
unsafe fn parse_call(env: sys::napi_env, info: sys::napi_callback_info) -> Result<sys::napi_value, Failure> {
    // SAFETY (this block): every handle comes from this call's `info`.
    let (args, start, end) = unsafe {
        let ([buf, start, end, out], _this) = call_args::<4>(env, info)?;
        let start = get_u32(env, start, CALL, "start")?;
        let end = get_u32(env, end, CALL, "end")?;
        (BorrowedArgs::look_up(env, buf, out, OutForm::WordBuffer, CALL)?, start, end)
    };
    check_range(CALL, start, end, args.buf_len())?;
    check_out_len(CALL, args.out_words(), MIN_OUT_WORDS)?;
    let mut args = args;
    // SAFETY: still inside the callback; no JS runs until the slices are dropped below.
    let (buf, out) = unsafe { args.slices() };
    // The status is also in out[R_STATUS], where the caller reads it.
    catch_unwind(AssertUnwindSafe(|| wire::parse(buf, start as usize, end as usize, out)))
        .map_err(|_| Failure::Internal("internal error: the wire parser panicked".into()))?;
    // A NULL result is `undefined` in JS.
    Ok(ptr::null_mut())
}
