//! `ChunkedDecoder`: one per chunked request body, state kept in Rust between calls (§6).
//!
//! A napi-derive class: `decode` runs once per body chunk, not once per request head, so the
//! wrapper's extra cost (measured in bench/RESULTS.md) is not worth a hand-written class.

use napi::bindgen_prelude::{Uint32ArraySlice, Uint8ArraySlice};
use napi::{Env, Result};
use napi_derive::napi;

use crate::args::{check_disjoint, check_out_len, check_range, throw_arg_error};

const CALL: &str = "decode";
/// The decoder's result words: `out` must at least hold them.
const MIN_OUT_WORDS: usize = wire::layout::D_SPANS_START as usize;

#[napi]
pub struct ChunkedDecoder {
    inner: wire::ChunkedDecoder,
}

#[napi]
impl ChunkedDecoder {
    #[napi(constructor, catch_unwind)]
    pub fn new(max_headers: u32, max_head_bytes: u32, lenient_bare_lf: bool) -> Self {
        ChunkedDecoder { inner: wire::ChunkedDecoder::new(max_headers, max_head_bytes, lenient_bare_lf) }
    }

    /// Consumes `buf[start, end)`, writes spans and status into `out`; returns D_STATUS.
    #[napi(catch_unwind)]
    pub fn decode(&mut self, env: &Env, buf: Uint8ArraySlice, start: u32, end: u32, mut out: Uint32ArraySlice) -> Result<u32> {
        check_range(CALL, start, end, buf.len())
            .and_then(|()| check_out_len(CALL, out.len(), MIN_OUT_WORDS))
            .and_then(|()| check_disjoint(CALL, buf.as_ptr(), buf.len(), out.as_ptr(), out.len()))
            .map_err(|error| throw_arg_error(env, error))?;
        // SAFETY: napi-rs borrowed `out` from a live Uint32Array for this synchronous call; it was
        // checked disjoint from `buf` above, so this is the only borrow of those words.
        let out_words = unsafe { out.as_mut() };
        Ok(self.inner.decode(&buf, start as usize, end as usize, out_words))
    }
}
