//! Chunked body decoder (docs/wire-spec.md §6).

/// Stateful decoder of one chunked request body.
#[derive(Debug, Clone)]
pub struct ChunkedDecoder {
    max_headers: u32,
    max_head_bytes: u32,
    lenient_bare_lf: bool,
}

impl ChunkedDecoder {
    pub fn new(max_headers: u32, max_head_bytes: u32, lenient_bare_lf: bool) -> Self {
        ChunkedDecoder { max_headers, max_head_bytes, lenient_bare_lf }
    }

    /// Consumes `buf[start..end)`, writes data spans into `out`; returns D_STATUS.
    pub fn decode(&mut self, buf: &[u8], start: usize, end: usize, out: &mut [u32]) -> u32 {
        let _ = (buf, start, end, out);
        todo!()
    }
}
