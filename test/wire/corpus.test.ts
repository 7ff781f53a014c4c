/**
 * Every corpus row against every implementation: one `parse` over the whole input reports what
 * the row expects; the same input placed at an offset in a larger buffer reports the same; and a
 * miniature connection fed the input whole, cut in two anywhere, or one byte at a time, ends with
 * the same requests, bodies and state.
 */
import { describe, expect, test } from 'vitest';
import { BEYOND_CAPACITY, capacityOf, makeOut, withDefaults } from './config.js';
import { corpus } from './corpus.js';
import { drive, PAD_AFTER, PAD_BEFORE, WHOLE } from './drive.js';
import { implementations } from './impls.js';
import { recordProblems } from './invariants.js';
import { decodeRecord, readResult, recordWords } from './records.js';
import { cutPositions, trickleCuts } from './splits.js';
import { codeName, expectedCall, summariseCall } from './summary.js';
import { WireError } from '../../src/wire/errors.js';
import type { Wire } from '../../src/wire/types.js';
import type { Row } from './row.js';

function parseOnce(wire: Wire, buf: Buffer, start: number, end: number, row: Row, shift: number) {
  const config = withDefaults(row.config);
  const out = makeOut(config);
  const returned = wire.parse(buf, start, end, out);
  const words = recordWords(out);
  const records = words.map((w) => decodeRecord(buf, w, shift));
  const problems = records.flatMap((record, i) => recordProblems(buf, words[i], record, shift).map((p) => `record ${i}: ${p}`));
  const capacity = capacityOf(config);
  const beyond = Array.from(out.subarray(capacity)).filter((word) => word !== BEYOND_CAPACITY).length;
  return { returned, out, summary: summariseCall(readResult(out, shift), records), problems, beyond };
}

test('the corpus has at least 170 rows, each with a reason and a unique name', () => {
  expect(corpus.length).toBeGreaterThanOrEqual(170);
  const names = corpus.map((row) => row.name);
  expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  expect(corpus.filter((row) => row.reason.trim() === '' || row.reason.includes('\n')).map((row) => row.name)).toEqual([]);
});

test('the corpus reaches every error the parser can report', () => {
  const reached = new Set(corpus.flatMap((row) => (row.expect.status === 'ERROR' ? [row.expect.code] : [])));
  // The decoder's own codes; every other code is the parser's.
  const decoderCodes: number[] = [
    WireError.INVALID_CHUNK_SIZE,
    WireError.CHUNK_SIZE_TOO_LARGE,
    WireError.INVALID_CHUNK_EXTENSION,
    WireError.INVALID_CHUNK_DATA_END,
    WireError.CHUNK_LINE_TOO_LONG,
  ];
  const parserCodes = Object.values(WireError).filter((code) => !decoderCodes.includes(code));
  expect(parserCodes.filter((code) => !reached.has(code)).map(codeName)).toEqual([]);
});

describe.each(implementations.map((wire) => [wire.name, wire] as const))('%s wire', (_name, wire) => {
  test.each(corpus.map((row) => [row.name, row] as const))('%s', (_rowName, row) => {
    const input = Buffer.from(row.input, 'latin1');
    const config = withDefaults(row.config);

    // One call over exactly the input.
    const whole = parseOnce(wire, input, 0, input.length, row, 0);
    expect(whole.summary).toEqual(expectedCall(row));
    expect(whole.returned).toBe(whole.out[8]);
    expect(whole.problems).toEqual([]);
    expect(whole.beyond, 'words past C_CAPACITY were written').toBe(0);

    // The same bytes in the middle of a larger buffer: offsets are absolute.
    const padded = Buffer.concat([PAD_BEFORE, input, PAD_AFTER]);
    const inPlace = parseOnce(wire, padded, PAD_BEFORE.length, PAD_BEFORE.length + input.length, row, -PAD_BEFORE.length);
    expect(inPlace.summary).toEqual(whole.summary);
    expect(inPlace.problems).toEqual([]);

    // As a connection would see it.
    const reference = drive(wire, input, WHOLE, config);
    expect(reference.requests.map((r) => r.record).slice(0, whole.summary.records.length).map((r) => [r.headStart, r.headEnd]))
      .toEqual(whole.summary.records.map((r) => r.at));
    if (row.stream) {
      expect({ bodies: reference.requests.map((r) => r.body), end: reference.end }).toEqual(row.stream);
    }
    for (const cut of cutPositions(input.length)) {
      expect({ cut, result: drive(wire, input, [cut], config) }).toEqual({ cut, result: reference });
    }
    expect({ trickle: true, result: drive(wire, input, trickleCuts(input.length), config) }).toEqual({ trickle: true, result: reference });
  });
});
