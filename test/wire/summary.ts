/**
 * A readable summary of one parse call (names instead of numbers), built either from a corpus
 * row's expectation or from what an implementation wrote, so the two compare with `toEqual`
 * and a failure shows a legible diff.
 */
import { wireErrorName } from '../../src/wire/errors.js';
import {
  BODY_CHUNKED,
  BODY_LENGTH,
  BODY_NONE,
  FLAG_EXPECT_CONTINUE,
  FLAG_KEEP_ALIVE,
  FLAG_UPGRADE,
  FORM_ABSOLUTE,
  FORM_ASTERISK,
  FORM_AUTHORITY,
  FORM_ORIGIN,
  STATUS_DONE,
  STATUS_ERROR,
  STATUS_PARTIAL,
} from '../../src/wire/layout.js';
import type { ParsedRecord, ParseResult } from './records.js';
import { headerId, locate, methodId, type Body, type Form, type Row } from './row.js';

export interface RecordSummary {
  at: [number, number];
  method: string;
  methodId: number;
  target: string;
  form: string;
  minor: number;
  flags: string;
  body: Body;
  headers: Array<[string, string]>;
  ids: number[];
}

export interface CallSummary {
  status: string;
  consumed: number;
  error: { code: string; offset: number } | null;
  records: RecordSummary[];
}

const STATUS_NAMES: Record<number, string> = { [STATUS_DONE]: 'DONE', [STATUS_PARTIAL]: 'PARTIAL', [STATUS_ERROR]: 'ERROR' };
const FORM_NAMES: Record<number, Form> = {
  [FORM_ORIGIN]: 'origin',
  [FORM_ABSOLUTE]: 'absolute',
  [FORM_AUTHORITY]: 'authority',
  [FORM_ASTERISK]: 'asterisk',
};

export function codeName(code: number): string {
  return wireErrorName(code) ?? `unknown code ${code}`;
}

function flagLetters(flags: number): string {
  return (flags & FLAG_KEEP_ALIVE ? 'K' : '') + (flags & FLAG_EXPECT_CONTINUE ? 'E' : '') + (flags & FLAG_UPGRADE ? 'U' : '') + (flags & ~7 ? `+0x${(flags & ~7).toString(16)}` : '');
}

/** Flag letters in the canonical order K, E, U. */
function canonicalFlags(letters: string): string {
  return ['K', 'E', 'U'].filter((letter) => letters.includes(letter)).join('');
}

function bodyOf(record: ParsedRecord): Body {
  switch (record.bodyKind) {
    case BODY_NONE:
      return { kind: 'none' };
    case BODY_LENGTH:
      return { kind: 'length', length: record.length };
    case BODY_CHUNKED:
      return { kind: 'chunked' };
    default:
      return { kind: `unknown ${record.bodyKind}` } as unknown as Body;
  }
}

export function summariseRecord(record: ParsedRecord): RecordSummary {
  return {
    at: [record.headStart, record.headEnd],
    method: record.method,
    methodId: record.methodId,
    target: record.target,
    form: FORM_NAMES[record.form] ?? `unknown ${record.form}`,
    minor: record.minor,
    flags: flagLetters(record.flags),
    body: bodyOf(record),
    headers: record.headers.map((h) => [h.name, h.value]),
    ids: record.headers.map((h) => h.id),
  };
}

export function summariseCall(result: ParseResult, records: ParsedRecord[]): CallSummary {
  return {
    status: STATUS_NAMES[result.status] ?? `unknown ${result.status}`,
    consumed: result.consumed,
    error: result.errorCode === 0 && result.errorOffset === 0 ? null : { code: codeName(result.errorCode), offset: result.errorOffset },
    records: records.map(summariseRecord),
  };
}

/** What a row says the call must report. R_CONSUMED is always the end of the last record. */
export function expectedCall(row: Row): CallSummary {
  const { expect } = row;
  const spans = locate(row.input, expect.records);
  const records: RecordSummary[] = expect.records.map((spec, i) => ({
    at: [spans[i][0], spans[i][1]],
    method: spec.method,
    methodId: methodId(spec.method),
    target: spec.target,
    form: spec.form,
    minor: spec.minor,
    flags: canonicalFlags(spec.flags),
    body: spec.body,
    headers: spec.headers.map(([name, value]) => [name, value]),
    ids: spec.headers.map(([name]) => headerId(name)),
  }));
  return {
    status: expect.status,
    consumed: spans.length > 0 ? spans[spans.length - 1][1] : 0,
    error: expect.status === 'ERROR' ? { code: codeName(expect.code), offset: expect.offset } : null,
    records,
  };
}
