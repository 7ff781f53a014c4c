/**
 * The closed set of wire errors (docs/wire-spec.md §4) and, in one table, the HTTP status each
 * one answers with. crates/wire/src/error.rs holds the same codes.
 */
export const WireError = {
  INVALID_METHOD: 1,
  INVALID_TARGET: 2,
  INVALID_VERSION: 3,
  UNSUPPORTED_VERSION: 4,
  INVALID_REQUEST_LINE: 5,
  INVALID_HEADER_NAME: 6,
  INVALID_HEADER_VALUE: 7,
  OBS_FOLD: 8,
  BARE_LF: 9,
  BARE_CR: 10,
  INVALID_CONTENT_LENGTH: 11,
  CONFLICTING_CONTENT_LENGTH: 12,
  CONTENT_LENGTH_TOO_LARGE: 13,
  INVALID_TRANSFER_ENCODING: 14,
  UNSUPPORTED_TRANSFER_CODING: 15,
  CONTENT_LENGTH_WITH_TRANSFER_ENCODING: 16,
  MISSING_HOST: 17,
  DUPLICATE_HOST: 18,
  HEAD_TOO_LARGE: 19,
  TARGET_TOO_LONG: 20,
  TOO_MANY_HEADERS: 21,
  INVALID_CHUNK_SIZE: 22,
  CHUNK_SIZE_TOO_LARGE: 23,
  INVALID_CHUNK_EXTENSION: 24,
  INVALID_CHUNK_DATA_END: 25,
  INVALID_HOST: 26,
  CHUNK_LINE_TOO_LONG: 27,
} as const;

export type WireErrorName = keyof typeof WireError;
export type WireErrorCode = (typeof WireError)[WireErrorName];

/** The HTTP status for each error: the only place where that mapping is made. */
const STATUS_BY_CODE: Readonly<Record<WireErrorCode, number>> = {
  [WireError.INVALID_METHOD]: 400,
  [WireError.INVALID_TARGET]: 400,
  [WireError.INVALID_VERSION]: 400,
  [WireError.UNSUPPORTED_VERSION]: 505,
  [WireError.INVALID_REQUEST_LINE]: 400,
  [WireError.INVALID_HEADER_NAME]: 400,
  [WireError.INVALID_HEADER_VALUE]: 400,
  [WireError.OBS_FOLD]: 400,
  [WireError.BARE_LF]: 400,
  [WireError.BARE_CR]: 400,
  [WireError.INVALID_CONTENT_LENGTH]: 400,
  [WireError.CONFLICTING_CONTENT_LENGTH]: 400,
  [WireError.CONTENT_LENGTH_TOO_LARGE]: 413,
  [WireError.INVALID_TRANSFER_ENCODING]: 400,
  [WireError.UNSUPPORTED_TRANSFER_CODING]: 501,
  [WireError.CONTENT_LENGTH_WITH_TRANSFER_ENCODING]: 400,
  [WireError.MISSING_HOST]: 400,
  [WireError.DUPLICATE_HOST]: 400,
  [WireError.HEAD_TOO_LARGE]: 431,
  [WireError.TARGET_TOO_LONG]: 414,
  [WireError.TOO_MANY_HEADERS]: 431,
  [WireError.INVALID_CHUNK_SIZE]: 400,
  [WireError.CHUNK_SIZE_TOO_LARGE]: 413,
  [WireError.INVALID_CHUNK_EXTENSION]: 400,
  [WireError.INVALID_CHUNK_DATA_END]: 400,
  [WireError.INVALID_HOST]: 400,
  // 413 as for a chunk size too large: the client sent more than the server will hold for one
  // line (the CVE-2024-22019 class, where unbounded chunk extensions exhausted a server).
  [WireError.CHUNK_LINE_TOO_LONG]: 413,
};

const NAME_BY_CODE = new Map<number, WireErrorName>(
  (Object.entries(WireError) as [WireErrorName, WireErrorCode][]).map(([name, code]) => [code, name]),
);

/** HTTP status for a wire error code; 400 for a code outside the set (never expected). */
export function statusForWireError(code: number): number {
  return STATUS_BY_CODE[code as WireErrorCode] ?? 400;
}

export function wireErrorName(code: number): WireErrorName | undefined {
  return NAME_BY_CODE.get(code);
}
