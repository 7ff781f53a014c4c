/**
 * The vocabulary of the conformance corpus: a row is raw input, the limits it runs with, and
 * what one `parse` call over the whole input must report (docs/wire-spec.md). Helpers keep rows
 * short: `rq('GET', '/', { h: [HOST] })` is one expected record, `done(...)`, `partial(...)`
 * and `err(code, offset, ...)` the call's outcome.
 */
import { WireError } from '../../src/wire/errors.js';
import {
  H_ACCEPT_ENCODING,
  H_CONNECTION,
  H_CONTENT_LENGTH,
  H_CONTENT_TYPE,
  H_EXPECT,
  H_HOST,
  H_OTHER,
  H_TRANSFER_ENCODING,
  H_UPGRADE,
  H_USER_AGENT,
  METHOD_CONNECT,
  METHOD_DELETE,
  METHOD_GET,
  METHOD_HEAD,
  METHOD_OPTIONS,
  METHOD_OTHER,
  METHOD_PATCH,
  METHOD_POST,
  METHOD_PUT,
  METHOD_TRACE,
} from '../../src/wire/layout.js';
import type { WireConfig } from './config.js';
import type { DriveEnd } from './drive.js';

export { WireError as E };

export type Form = 'origin' | 'absolute' | 'authority' | 'asterisk';
export type Body = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' };
export type Header = readonly [name: string, value: string];

/** One expected record. Offsets not given are derived from the input (see `locate`). */
export interface RecordSpec {
  method: string;
  target: string;
  form: Form;
  minor: 0 | 1;
  headers: Header[];
  /** Flag letters: K keep-alive, E expect-continue, U upgrade. */
  flags: string;
  body: Body;
  at?: readonly [headStart: number, headEnd: number];
}

export type Outcome =
  | { status: 'DONE' | 'PARTIAL'; records: RecordSpec[] }
  | { status: 'ERROR'; code: number; offset: number; records: RecordSpec[] };

/**
 * What the miniature connection of drive.ts ends with, for rows where bodies and what follows
 * them matter: the body of each request in order, and the final state.
 */
export interface StreamSpec {
  bodies: string[];
  end: DriveEnd;
}

export interface Row {
  name: string;
  /** Raw bytes as a latin1 string. */
  input: string;
  config: Partial<WireConfig>;
  expect: Outcome;
  /** One line: why, with the RFC 9112/9110 section where there is one. */
  reason: string;
  stream?: StreamSpec;
}

export interface RecordOptions {
  v?: 0 | 1;
  h?: Header[];
  form?: Form;
  /** Defaults to 'K' for HTTP/1.1, '' for HTTP/1.0. */
  flags?: string;
  len?: number;
  chunked?: boolean;
  at?: readonly [number, number];
}

export function rq(method: string, target: string, o: RecordOptions = {}): RecordSpec {
  const minor = o.v ?? 1;
  const body: Body = o.chunked ? { kind: 'chunked' } : o.len !== undefined ? { kind: 'length', length: o.len } : { kind: 'none' };
  return {
    method,
    target,
    form: o.form ?? 'origin',
    minor,
    headers: o.h ?? [],
    flags: o.flags ?? (minor === 1 ? 'K' : ''),
    body,
    at: o.at,
  };
}

export const done = (...records: RecordSpec[]): Outcome => ({ status: 'DONE', records });
export const partial = (...records: RecordSpec[]): Outcome => ({ status: 'PARTIAL', records });
export const err = (code: number, offset: number, ...records: RecordSpec[]): Outcome => ({
  status: 'ERROR',
  code,
  offset,
  records,
});

/** Builds a row; `expect` may be computed from the input (to find an offset by its text). */
export function t(
  name: string,
  input: string,
  expect: Outcome | ((input: string) => Outcome),
  reason: string,
  config: Partial<WireConfig> = {},
  stream?: StreamSpec,
): Row {
  return { name, input, config, expect: typeof expect === 'function' ? expect(input) : expect, reason, stream };
}

/** Offset of the `nth` (1-based) occurrence of `needle` in `input`; throws when absent. */
export function at(input: string, needle: string, nth = 1): number {
  let from = -1;
  for (let i = 0; i < nth; i++) {
    from = input.indexOf(needle, from + 1);
    if (from < 0) throw new Error(`corpus: ${JSON.stringify(needle)} #${nth} not in ${JSON.stringify(input)}`);
  }
  return from;
}

// Common pieces of input and the headers they produce.
export const HOST_LINE = 'Host: h\r\n';
export const HOST: Header = ['Host', 'h'];
/** `GET / HTTP/1.1` with Host: 27 bytes. */
export const GET = 'GET / HTTP/1.1\r\nHost: h\r\n\r\n';
export const GET_RECORD = (): RecordSpec => rq('GET', '/', { h: [HOST] });

// The spec's tables (§5), to derive the id words from the expected texts.
const METHOD_IDS: Record<string, number> = {
  GET: METHOD_GET,
  HEAD: METHOD_HEAD,
  POST: METHOD_POST,
  PUT: METHOD_PUT,
  DELETE: METHOD_DELETE,
  CONNECT: METHOD_CONNECT,
  OPTIONS: METHOD_OPTIONS,
  TRACE: METHOD_TRACE,
  PATCH: METHOD_PATCH,
};
const HEADER_IDS: Record<string, number> = {
  host: H_HOST,
  'content-length': H_CONTENT_LENGTH,
  'transfer-encoding': H_TRANSFER_ENCODING,
  connection: H_CONNECTION,
  expect: H_EXPECT,
  upgrade: H_UPGRADE,
  'user-agent': H_USER_AGENT,
  'accept-encoding': H_ACCEPT_ENCODING,
  'content-type': H_CONTENT_TYPE,
};

export function methodId(method: string): number {
  return Object.hasOwn(METHOD_IDS, method) ? METHOD_IDS[method] : METHOD_OTHER;
}

export function headerId(name: string): number {
  const lower = name.toLowerCase();
  return Object.hasOwn(HEADER_IDS, lower) ? HEADER_IDS[lower] : H_OTHER;
}

/**
 * Where each expected record lies when the row does not say: a record begins where the previous
 * one ended (or at 0), its head starts after any empty lines (CRLF, or LF in lenient rows), and
 * ends just past the first empty line after that. Only used for rows whose heads are valid.
 */
export function locate(input: string, records: readonly RecordSpec[]): Array<readonly [number, number]> {
  const spans: Array<readonly [number, number]> = [];
  let begin = 0;
  for (const record of records) {
    if (record.at) {
      spans.push(record.at);
      begin = record.at[1];
      continue;
    }
    const headStart = begin + (/^(?:\r?\n)*/.exec(input.slice(begin))?.[0].length ?? 0);
    const blank = /\r?\n\r?\n/.exec(input.slice(headStart));
    if (!blank) throw new Error(`corpus: no end of head after ${headStart} in ${JSON.stringify(input)}`);
    const headEnd = headStart + blank.index + blank[0].length;
    spans.push([headStart, headEnd]);
    begin = headEnd;
  }
  return spans;
}
