//! Word indices of the `u32` array that the parser and the chunked decoder fill.
//! The contract is docs/wire-spec.md; src/wire/layout.ts holds the same numbers and
//! test/wire/layout.test.ts checks that the two agree (through `wire-node`'s `layout()`).

// Control block: written once by the caller (config) ...
pub const C_MAX_HEAD: u32 = 0;
pub const C_MAX_TARGET: u32 = 1;
pub const C_MAX_HEADERS: u32 = 2;
pub const C_FLAGS: u32 = 3;
pub const C_CAPACITY: u32 = 4;
// ... and by the parser on every call (result).
pub const R_STATUS: u32 = 8;
pub const R_COUNT: u32 = 9;
pub const R_CONSUMED: u32 = 10;
pub const R_ERROR_CODE: u32 = 11;
pub const R_ERROR_OFFSET: u32 = 12;
/// First word of the first record.
pub const RECORDS_START: u32 = 16;

/// Leniency bits for C_FLAGS.
pub const LENIENT_BARE_LF: u32 = 1;

/// R_STATUS values.
pub const STATUS_DONE: u32 = 0;
pub const STATUS_PARTIAL: u32 = 1;
pub const STATUS_ERROR: u32 = 2;

// Record fields, relative to the record's first word.
pub const F_WORDS: u32 = 0;
pub const F_HEAD_START: u32 = 1;
pub const F_HEAD_END: u32 = 2;
pub const F_METHOD: u32 = 3;
pub const F_METHOD_LEN: u32 = 4;
pub const F_TARGET_START: u32 = 5;
pub const F_TARGET_LEN: u32 = 6;
pub const F_TARGET_FORM: u32 = 7;
pub const F_VERSION_MINOR: u32 = 8;
pub const F_FLAGS: u32 = 9;
pub const F_BODY_KIND: u32 = 10;
pub const F_LENGTH_HI: u32 = 11;
pub const F_LENGTH_LO: u32 = 12;
pub const F_HEADER_COUNT: u32 = 13;
/// Words before the first header of a record.
pub const REC_FIXED: u32 = 16;
/// Words per header: name start, name length, value start, value length, known id.
pub const HEADER_WORDS: u32 = 5;

/// F_FLAGS bits.
pub const FLAG_KEEP_ALIVE: u32 = 1;
pub const FLAG_EXPECT_CONTINUE: u32 = 2;
pub const FLAG_UPGRADE: u32 = 4;

/// F_TARGET_FORM values.
pub const FORM_ORIGIN: u32 = 0;
pub const FORM_ABSOLUTE: u32 = 1;
pub const FORM_AUTHORITY: u32 = 2;
pub const FORM_ASTERISK: u32 = 3;

/// F_BODY_KIND values.
pub const BODY_NONE: u32 = 0;
pub const BODY_LENGTH: u32 = 1;
pub const BODY_CHUNKED: u32 = 2;

/// F_METHOD values (exact, case-sensitive match).
pub const METHOD_OTHER: u32 = 0;
pub const METHOD_GET: u32 = 1;
pub const METHOD_HEAD: u32 = 2;
pub const METHOD_POST: u32 = 3;
pub const METHOD_PUT: u32 = 4;
pub const METHOD_DELETE: u32 = 5;
pub const METHOD_CONNECT: u32 = 6;
pub const METHOD_OPTIONS: u32 = 7;
pub const METHOD_TRACE: u32 = 8;
pub const METHOD_PATCH: u32 = 9;

/// Known-header ids (case-insensitive name match), the fifth word of each header.
pub const H_OTHER: u32 = 0;
pub const H_HOST: u32 = 1;
pub const H_CONTENT_LENGTH: u32 = 2;
pub const H_TRANSFER_ENCODING: u32 = 3;
pub const H_CONNECTION: u32 = 4;
pub const H_EXPECT: u32 = 5;
pub const H_UPGRADE: u32 = 6;
pub const H_USER_AGENT: u32 = 7;
pub const H_ACCEPT_ENCODING: u32 = 8;
pub const H_CONTENT_TYPE: u32 = 9;

// Chunked decoder output words.
pub const D_STATUS: u32 = 0;
pub const D_CONSUMED: u32 = 1;
pub const D_SPAN_COUNT: u32 = 2;
pub const D_ERROR_CODE: u32 = 3;
pub const D_ERROR_POSITION: u32 = 4;
pub const D_SPANS_START: u32 = 8;

/// D_STATUS values.
pub const DECODE_NEED_MORE: u32 = 0;
pub const DECODE_DONE: u32 = 1;
pub const DECODE_ERROR: u32 = 2;

/// Defaults of the limits (docs/wire-spec.md §1).
pub const DEFAULT_MAX_HEAD: u32 = 16384;
pub const DEFAULT_MAX_TARGET: u32 = 8192;
pub const DEFAULT_MAX_HEADERS: u32 = 100;
/// Default of the chunked decoder's cap on one chunk-size line or trailer line (§6).
pub const DEFAULT_MAX_CHUNK_LINE: u32 = 4096;
