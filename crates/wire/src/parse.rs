//! Request-head parser (docs/wire-spec.md §1-3, §5).

/// Parses heads from `buf[start..end)` into `out` (control block + records); returns R_STATUS.
pub fn parse(buf: &[u8], start: usize, end: usize, out: &mut [u32]) -> u32 {
    let _ = (buf, start, end, out);
    todo!()
}
