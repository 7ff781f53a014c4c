/**
 * Properties every record must have whatever the input (docs/wire-spec.md §2): word counts,
 * reserved words, where the target begins, and the offsets of each header relative to its line.
 * Returns the list of broken properties (empty when all hold), so a test can show them all.
 */
import {
  BODY_LENGTH,
  F_BODY_KIND,
  F_HEADER_COUNT,
  F_LENGTH_HI,
  F_LENGTH_LO,
  F_WORDS,
  HEADER_WORDS,
  REC_FIXED,
} from '../../src/wire/layout.js';
import type { ParsedRecord } from './records.js';

const SP = 0x20;
const HTAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;
const COLON = 0x3a;
const isOws = (byte: number | undefined): boolean => byte === SP || byte === HTAB;

export function recordProblems(buf: Buffer, words: Uint32Array, record: ParsedRecord, shift = 0): string[] {
  const problems: string[] = [];
  const count = words[F_HEADER_COUNT];
  if (words[F_WORDS] !== REC_FIXED + HEADER_WORDS * count) problems.push(`F_WORDS ${words[F_WORDS]} for ${count} headers`);
  if (words[14] !== 0 || words[15] !== 0) problems.push(`reserved words ${words[14]}, ${words[15]}`);
  if (words[F_BODY_KIND] !== BODY_LENGTH && (words[F_LENGTH_HI] !== 0 || words[F_LENGTH_LO] !== 0)) {
    problems.push('length words set without a length body');
  }
  if (record.targetStart !== record.headStart + record.method.length + 1) {
    problems.push(`target starts at ${record.targetStart}, not one SP after the method`);
  }
  const headEnd = record.headEnd - shift;
  if (buf[headEnd - 1] !== LF) problems.push('the head does not end with LF');
  let previousEnd = record.targetStart - shift;
  for (const [i, header] of record.headers.entries()) {
    const nameStart = header.nameStart - shift;
    const valueStart = header.valueStart - shift;
    const valueEnd = valueStart + header.value.length;
    const where = `header ${i} (${JSON.stringify(header.name)})`;
    if (nameStart < previousEnd || valueEnd > headEnd) problems.push(`${where} lies outside its place`);
    if (buf[nameStart - 1] !== LF) problems.push(`${where} does not start a line`);
    const colon = nameStart + header.name.length;
    if (buf[colon] !== COLON) problems.push(`${where} name is not followed by ":"`);
    for (let p = colon + 1; p < valueStart; p++) {
      if (!isOws(buf[p])) problems.push(`${where} skips a non-OWS byte before its value`);
    }
    let lineEnd = valueEnd;
    while (isOws(buf[lineEnd])) lineEnd++;
    if (buf[lineEnd] !== CR && buf[lineEnd] !== LF) problems.push(`${where} value is not followed by OWS and the line end`);
    if (header.value.length > 0 && (isOws(buf[valueStart]) || isOws(buf[valueEnd - 1]))) {
      problems.push(`${where} value is not trimmed`);
    }
    if (header.value.length === 0 && valueStart !== lineEnd) {
      problems.push(`${where} empty value starts at ${valueStart}, not at its line end ${lineEnd}`);
    }
    previousEnd = lineEnd;
  }
  return problems;
}
