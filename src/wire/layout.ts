/**
 * Word indices of the `Uint32Array` that the parser and the chunked decoder fill.
 * The contract is docs/wire-spec.md; crates/wire/src/layout.rs holds the same numbers and
 * test/wire/layout.test.ts checks that the two agree.
 */

// Control block: written once by the caller (config) ...
export const C_MAX_HEAD = 0;
export const C_MAX_TARGET = 1;
export const C_MAX_HEADERS = 2;
export const C_FLAGS = 3;
export const C_CAPACITY = 4;
// ... and by the parser on every call (result).
export const R_STATUS = 8;
export const R_COUNT = 9;
export const R_CONSUMED = 10;
export const R_ERROR_CODE = 11;
export const R_ERROR_OFFSET = 12;
/** First word of the first record. */
export const RECORDS_START = 16;

/** Leniency bits for C_FLAGS. */
export const LENIENT_BARE_LF = 1;

/** R_STATUS values. */
export const STATUS_DONE = 0;
export const STATUS_PARTIAL = 1;
export const STATUS_ERROR = 2;

// Record fields, relative to the record's first word.
export const F_WORDS = 0;
export const F_HEAD_START = 1;
export const F_HEAD_END = 2;
export const F_METHOD = 3;
export const F_METHOD_LEN = 4;
export const F_TARGET_START = 5;
export const F_TARGET_LEN = 6;
export const F_TARGET_FORM = 7;
export const F_VERSION_MINOR = 8;
export const F_FLAGS = 9;
export const F_BODY_KIND = 10;
export const F_LENGTH_HI = 11;
export const F_LENGTH_LO = 12;
export const F_HEADER_COUNT = 13;
/** Words before the first header of a record. */
export const REC_FIXED = 16;
/** Words per header: name start, name length, value start, value length, known id. */
export const HEADER_WORDS = 5;

/** F_FLAGS bits. */
export const FLAG_KEEP_ALIVE = 1;
export const FLAG_EXPECT_CONTINUE = 2;
export const FLAG_UPGRADE = 4;

/** F_TARGET_FORM values. */
export const FORM_ORIGIN = 0;
export const FORM_ABSOLUTE = 1;
export const FORM_AUTHORITY = 2;
export const FORM_ASTERISK = 3;

/** F_BODY_KIND values. */
export const BODY_NONE = 0;
export const BODY_LENGTH = 1;
export const BODY_CHUNKED = 2;

/** F_METHOD values (exact, case-sensitive match). */
export const METHOD_OTHER = 0;
export const METHOD_GET = 1;
export const METHOD_HEAD = 2;
export const METHOD_POST = 3;
export const METHOD_PUT = 4;
export const METHOD_DELETE = 5;
export const METHOD_CONNECT = 6;
export const METHOD_OPTIONS = 7;
export const METHOD_TRACE = 8;
export const METHOD_PATCH = 9;

/** Known-header ids (case-insensitive name match), the fifth word of each header. */
export const H_OTHER = 0;
export const H_HOST = 1;
export const H_CONTENT_LENGTH = 2;
export const H_TRANSFER_ENCODING = 3;
export const H_CONNECTION = 4;
export const H_EXPECT = 5;
export const H_UPGRADE = 6;
export const H_USER_AGENT = 7;
export const H_ACCEPT_ENCODING = 8;
export const H_CONTENT_TYPE = 9;

// Chunked decoder output words.
export const D_STATUS = 0;
export const D_CONSUMED = 1;
export const D_SPAN_COUNT = 2;
export const D_ERROR_CODE = 3;
export const D_ERROR_POSITION = 4;
export const D_SPANS_START = 8;

/** D_STATUS values. */
export const DECODE_NEED_MORE = 0;
export const DECODE_DONE = 1;
export const DECODE_ERROR = 2;

/** Defaults of the limits (docs/wire-spec.md §1). */
export const DEFAULT_MAX_HEAD = 16384;
export const DEFAULT_MAX_TARGET = 8192;
export const DEFAULT_MAX_HEADERS = 100;
/** Default of the chunked decoder's cap on one chunk-size line or trailer line (§6). */
export const DEFAULT_MAX_CHUNK_LINE = 4096;
