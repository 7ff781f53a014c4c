//! ferroserve's Node-API addon: glue between Node and crates/wire, with no parsing logic.
//!
//! Exports (src/wire/native.ts adapts them to the `Wire` interface):
//! - `parse(buf, start, end, outBuffer)`: one call per socket chunk; borrows the Buffer and the
//!   ArrayBuffer of the `out` words in place, and leaves the status in out[R_STATUS]
//!   (docs/wire-spec.md §1-2).
//! - `ChunkedDecoder` class: `new ChunkedDecoder(maxHeaders, maxHeadBytes, lenientBareLf)`,
//!   `.decode(buf, start, end, out)` (§6).
//!
//! Those two are hot and written by hand against Node-API (`raw`, `parse_export`, `chunked`);
//! napi-derive's generated wrappers cost more than the parsing (bench/RESULTS.md).
//! - `writeResponse(status, headers, contentLength, body?)` -> Buffer (§7).
//! - `layout()`: the layout constants and error codes, for test/wire/layout.test.ts only.
//!
//! No panic crosses into Node: every export catches unwinding and throws a JS Error instead.

mod args;
mod chunked;
mod layout_export;
mod parse_export;
mod raw;
mod writer;

use napi::bindgen_prelude::Object;
use napi::{JsValue, Result};
use napi_derive::napi;

/// Adds the hand-written exports (see `parse_callback`) next to the napi-derive ones.
#[napi(module_exports)]
pub fn install_hand_written_exports(exports: Object) -> Result<()> {
    let value = exports.value();
    // SAFETY: module initialisation hands over the live env and exports object.
    unsafe {
        parse_export::install(value.env, value.value)?;
        chunked::install(value.env, value.value)
    }
}
