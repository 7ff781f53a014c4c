//! The closed set of wire errors (docs/wire-spec.md §4). The HTTP status of each is mapped in
//! one place, src/wire/errors.ts; the codes here must match it.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum ErrorCode {
    /// Method is empty or not a token.
    InvalidMethod = 1,
    /// Request-target has a forbidden byte or a form not allowed for the method.
    InvalidTarget = 2,
    /// Version is not `HTTP/DIGIT.DIGIT`.
    InvalidVersion = 3,
    /// Version is well-formed but not 1.0 or 1.1.
    UnsupportedVersion = 4,
    /// Something other than the line end after the version.
    InvalidRequestLine = 5,
    /// Header name empty, not a token, or followed by whitespace before the colon.
    InvalidHeaderName = 6,
    /// A control byte (NUL included) in a header value.
    InvalidHeaderValue = 7,
    /// A header line starts with whitespace (obsolete line folding).
    ObsFold = 8,
    /// A line ends in LF without CR (and the leniency is off).
    BareLf = 9,
    /// A CR not followed by LF.
    BareCr = 10,
    /// Content-Length is not 1*DIGIT.
    InvalidContentLength = 11,
    /// Content-Length headers with different values.
    ConflictingContentLength = 12,
    /// Content-Length above 2^53 - 1.
    ContentLengthTooLarge = 13,
    /// `chunked` not final or repeated, an empty list, or TE in HTTP/1.0.
    InvalidTransferEncoding = 14,
    /// A transfer coding other than `chunked`.
    UnsupportedTransferCoding = 15,
    /// Both framings present (request smuggling vector).
    ContentLengthWithTransferEncoding = 16,
    /// HTTP/1.1 request without Host.
    MissingHost = 17,
    /// More than one Host.
    DuplicateHost = 18,
    /// The head (or a trailer section) is longer than C_MAX_HEAD.
    HeadTooLarge = 19,
    /// The request-target is longer than C_MAX_TARGET.
    TargetTooLong = 20,
    /// More header (or trailer) lines than C_MAX_HEADERS.
    TooManyHeaders = 21,
    /// Chunk-size is not 1*HEXDIG, or junk after it.
    InvalidChunkSize = 22,
    /// Chunk-size above 2^53 - 1.
    ChunkSizeTooLarge = 23,
    /// Chunk-ext does not match its grammar.
    InvalidChunkExtension = 24,
    /// Chunk-data not followed by CRLF.
    InvalidChunkDataEnd = 25,
    /// Host is not `uri-host [ ":" port ]`.
    InvalidHost = 26,
    /// A chunk-size line or a trailer line longer than the decoder's line cap.
    ChunkLineTooLong = 27,
}

impl ErrorCode {
    /// Every code, in order: lets tests and the napi glue enumerate the set.
    pub const ALL: [ErrorCode; 27] = [
        ErrorCode::InvalidMethod,
        ErrorCode::InvalidTarget,
        ErrorCode::InvalidVersion,
        ErrorCode::UnsupportedVersion,
        ErrorCode::InvalidRequestLine,
        ErrorCode::InvalidHeaderName,
        ErrorCode::InvalidHeaderValue,
        ErrorCode::ObsFold,
        ErrorCode::BareLf,
        ErrorCode::BareCr,
        ErrorCode::InvalidContentLength,
        ErrorCode::ConflictingContentLength,
        ErrorCode::ContentLengthTooLarge,
        ErrorCode::InvalidTransferEncoding,
        ErrorCode::UnsupportedTransferCoding,
        ErrorCode::ContentLengthWithTransferEncoding,
        ErrorCode::MissingHost,
        ErrorCode::DuplicateHost,
        ErrorCode::HeadTooLarge,
        ErrorCode::TargetTooLong,
        ErrorCode::TooManyHeaders,
        ErrorCode::InvalidChunkSize,
        ErrorCode::ChunkSizeTooLarge,
        ErrorCode::InvalidChunkExtension,
        ErrorCode::InvalidChunkDataEnd,
        ErrorCode::InvalidHost,
        ErrorCode::ChunkLineTooLong,
    ];
}
