//! ferroserve's wire: an incremental HTTP/1.1 request-head parser, a chunked-body decoder and a
//! response-head writer. Pure Rust, no I/O, no napi, no `unsafe`; the contract is
//! docs/wire-spec.md.
//!
//! Public API (crates/wire-node and the tests depend on these signatures):
//! - `parse(buf, start, end, out) -> u32`: fills `out` per docs/wire-spec.md §1-2, returns R_STATUS.
//! - `ChunkedDecoder::new(max_headers, max_head_bytes, lenient_bare_lf)`, optionally
//!   `.with_max_line_bytes(n)` (default DEFAULT_MAX_CHUNK_LINE), and
//!   `ChunkedDecoder::decode(&mut self, buf, start, end, out) -> u32` (§6), returns D_STATUS.
//! - `host::is_valid_host(value) -> bool`: the Host value grammar of §3 (used by `parse`).
//! - `write_response(status, headers, content_length, body, dst) -> Result<(), WriteError>` (§7).

#![forbid(unsafe_code)]

pub mod chunked;
pub mod error;
mod head;
mod head_checks;
pub mod host;
pub mod layout;
pub mod parse;
mod reason;
mod runs;
pub mod tables;
mod target_form;
pub mod write;

pub use chunked::ChunkedDecoder;
pub use error::ErrorCode;
pub use parse::parse;
pub use reason::reason_phrase;
pub use write::{write_response, WriteError};
