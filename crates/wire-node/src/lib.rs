//! ferroserve's Node-API addon: glue between Node and crates/wire, with no parsing logic.
//!
//! Exports (src/wire/native.ts adapts them to the `Wire` interface):
//! - `parse(buf, start, end, out)`: one call per socket chunk; borrows the Buffer and the
//!   Uint32Array in place (docs/wire-spec.md §1-2). A hand-written Node-API callback, because
//!   napi-derive's generated wrapper costs about 100 ns more per call (bench/RESULTS.md).
//! - `ChunkedDecoder` class: `new ChunkedDecoder(maxHeaders, maxHeadBytes, lenientBareLf)`,
//!   `.decode(buf, start, end, out)` (§6).
//! - `writeResponse(status, headers, contentLength, body?)` -> Buffer (§7).
//! - `layout()`: the layout constants and error codes, for test/wire/layout.test.ts only.
//!
//! No panic crosses into Node: every export catches unwinding and throws a JS Error instead.

mod args;
mod chunked;
mod layout_export;
mod parse_callback;
mod writer;

use napi::bindgen_prelude::Object;
use napi::{JsValue, Result};
use napi_derive::napi;

/// Adds the hand-written exports (see `parse_callback`) next to the napi-derive ones.
#[napi(module_exports)]
pub fn install_hand_written_exports(exports: Object) -> Result<()> {
    let value = exports.value();
    parse_callback::install(value.env, value.value)
}
