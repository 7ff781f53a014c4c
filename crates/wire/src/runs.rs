//! Run scanners: the offset of the first byte, from `p`, that leaves a byte class. These loops
//! are where the parser spends its time, so each is written for the optimiser: slice bounds are
//! checked once per run or once per 8-byte word, never per byte, and there is no `unsafe`
//! (8-byte words are read with `u64::from_le_bytes`, which compiles to one unaligned load on
//! every platform and is correct on big-endian ones too).

use crate::tables::{FIELD_LINE_CHAR, TCHAR, URI_CHAR};

const HTAB: u8 = b'\t';
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Reads 8 bytes at `p` as a little-endian word (byte `p` in the low bits).
#[inline(always)]
fn word_at(b: &[u8], p: usize) -> u64 {
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&b[p..p + 8]);
    u64::from_le_bytes(bytes)
}

/// A mask whose lowest set bit is the high bit of the first byte of `x` that is below 0x20 or
/// equal to 0x7F (the CTLs), if any. Bytes at or above 0x80 are never marked (obs-text is
/// allowed). Higher bits may be set spuriously by borrows, but only above a true hit, so the
/// lowest one is exact.
#[inline(always)]
fn ctl_mask(x: u64) -> u64 {
    let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGHS;
    let del = x ^ (ONES * 0x7f);
    let is_del = del.wrapping_sub(ONES) & !del & HIGHS;
    below_space | is_del
}

/// First offset in `b[p..]` whose byte is not a FIELD_LINE_CHAR (HTAB, SP, VCHAR, obs-text), or
/// `b.len()`. Header values are the bulk of a head, so this one goes 8 bytes per step: the
/// word test finds the first CTL, and HTAB, the one CTL allowed, resumes the scan after it.
#[inline]
pub fn skip_field_line(b: &[u8], mut p: usize) -> usize {
    while p + 8 <= b.len() {
        let mask = ctl_mask(word_at(b, p));
        if mask == 0 {
            p += 8;
            continue;
        }
        let hit = p + (mask.trailing_zeros() / 8) as usize;
        if b[hit] != HTAB {
            return hit;
        }
        p = hit + 1;
    }
    while p < b.len() && FIELD_LINE_CHAR[b[p] as usize] {
        p += 1;
    }
    p
}

/// First offset in `b[p..]` whose byte is not a tchar, or `b.len()`.
#[inline]
pub fn skip_tchar(b: &[u8], p: usize) -> usize {
    skip_class(b, p, &TCHAR)
}

/// First offset in `b[p..]` whose byte is not a URI_CHAR, or `b.len()`.
#[inline]
pub fn skip_uri_char(b: &[u8], p: usize) -> usize {
    skip_class(b, p, &URI_CHAR)
}

/// First offset in `b[p..]` whose byte is not in `class`, or `b.len()`. Four table loads per
/// step while they last (short runs such as names stay in the one-byte tail).
#[inline(always)]
fn skip_class(b: &[u8], mut p: usize, class: &[bool; 256]) -> usize {
    if p >= b.len() {
        return p;
    }
    let rest = &b[p..];
    let mut chunks = rest.chunks_exact(4);
    for chunk in &mut chunks {
        if !class[chunk[0] as usize] {
            return p;
        }
        if !class[chunk[1] as usize] {
            return p + 1;
        }
        if !class[chunk[2] as usize] {
            return p + 2;
        }
        if !class[chunk[3] as usize] {
            return p + 3;
        }
        p += 4;
    }
    for &c in chunks.remainder() {
        if !class[c as usize] {
            return p;
        }
        p += 1;
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word scan agrees with the one-byte definition for every byte value at every lane.
    #[test]
    fn field_line_word_scan_matches_table() {
        for bad in 0u16..256 {
            for lane in 0..11 {
                let mut b = vec![b'a'; 11];
                b[lane] = bad as u8;
                let expected = b
                    .iter()
                    .position(|&c| !FIELD_LINE_CHAR[c as usize])
                    .unwrap_or(b.len());
                assert_eq!(skip_field_line(&b, 0), expected, "byte {bad:#x} at {lane}");
            }
        }
        // Several HTABs in one word, then a CTL behind them.
        assert_eq!(skip_field_line(b"\t\ta\t\x01bcdefgh", 0), 4);
        assert_eq!(skip_field_line(b"\x80\xff\x7f", 0), 2);
    }

    #[test]
    fn class_scans_stop_at_first_non_member() {
        assert_eq!(skip_tchar(b"Content-Length: 5", 0), 14);
        assert_eq!(skip_tchar(b"abc", 3), 3);
        assert_eq!(skip_uri_char(b"/a/b?c=d HTTP", 0), 8);
        assert_eq!(skip_uri_char(b"/abcdefgh", 0), 9);
    }
}
