//! Table rows for the parser: raw bytes, a configuration, and the expected result of one
//! `parse(input, 0, input.len())` call.

use super::Config;
use wire::layout::*;
use wire::ErrorCode;

#[derive(Debug, Clone)]
pub struct Row {
    pub name: String,
    pub input: Vec<u8>,
    pub cfg: Config,
    pub status: u32,
    pub count: u32,
    pub consumed: u32,
    /// (R_ERROR_CODE, R_ERROR_OFFSET).
    pub error: (u32, u32),
    /// (record index, word index within the record, expected value).
    pub words: Vec<(usize, u32, u32)>,
}

/// A row whose expectations are set by the calls that follow.
pub fn row(name: &str, input: &[u8]) -> Row {
    Row {
        name: name.to_string(),
        input: input.to_vec(),
        cfg: Config::default(),
        status: u32::MAX,
        count: 0,
        consumed: 0,
        error: (0, 0),
        words: Vec::new(),
    }
}

/// Offset of the first occurrence of `needle` in `hay` (panics when absent: a typo in a row).
pub fn at(hay: &[u8], needle: &[u8]) -> u32 {
    hay.windows(needle.len())
        .position(|w| w == needle)
        .unwrap_or_else(|| {
            panic!(
                "{:?} not in {:?}",
                String::from_utf8_lossy(needle),
                String::from_utf8_lossy(hay)
            )
        }) as u32
}

impl Row {
    pub fn done(mut self, count: u32, consumed: u32) -> Self {
        (self.status, self.count, self.consumed) = (STATUS_DONE, count, consumed);
        self
    }
    /// DONE with every byte consumed.
    pub fn all(self, count: u32) -> Self {
        let len = self.input.len() as u32;
        self.done(count, len)
    }
    pub fn partial(mut self, count: u32, consumed: u32) -> Self {
        (self.status, self.count, self.consumed) = (STATUS_PARTIAL, count, consumed);
        self
    }
    pub fn error(mut self, count: u32, consumed: u32, code: ErrorCode, offset: u32) -> Self {
        (self.status, self.count, self.consumed) = (STATUS_ERROR, count, consumed);
        self.error = (code as u32, offset);
        self
    }
    /// ERROR in the first head.
    pub fn fails(self, code: ErrorCode, offset: u32) -> Self {
        self.error(0, 0, code, offset)
    }
    /// Expects `word` of record `rec` to be `value`.
    pub fn word(mut self, rec: usize, word: u32, value: u32) -> Self {
        self.words.push((rec, word, value));
        self
    }
    /// Expects the fields of record `rec` listed as (F_*, value).
    pub fn rec(mut self, rec: usize, fields: &[(u32, u32)]) -> Self {
        self.words.extend(fields.iter().map(|&(f, v)| (rec, f, v)));
        self
    }
    /// Expects header `h` of record `rec`: [name start, name len, value start, value len, id].
    pub fn header(mut self, rec: usize, h: u32, words: [u32; 5]) -> Self {
        for (i, v) in words.into_iter().enumerate() {
            self.words
                .push((rec, REC_FIXED + HEADER_WORDS * h + i as u32, v));
        }
        self
    }
    pub fn max_head(mut self, n: u32) -> Self {
        self.cfg.max_head = n;
        self
    }
    pub fn max_target(mut self, n: u32) -> Self {
        self.cfg.max_target = n;
        self
    }
    pub fn max_headers(mut self, n: u32) -> Self {
        self.cfg.max_headers = n;
        self
    }
    pub fn lenient(mut self) -> Self {
        self.cfg.flags |= LENIENT_BARE_LF;
        self
    }
    pub fn out_len(mut self, n: usize) -> Self {
        self.cfg.out_len = n;
        self
    }
    pub fn capacity(mut self, n: u32) -> Self {
        self.cfg.capacity = Some(n);
        self
    }
}
