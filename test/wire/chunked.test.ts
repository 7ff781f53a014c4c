/**
 * The chunked decoder table against every implementation: one call over the whole body, then
 * the body fed in two pieces cut anywhere, one byte at a time, and with room for one span per
 * call; every way must give the same data and the same end.
 */
import { describe, expect, test } from 'vitest';
import { WireError } from '../../src/wire/errors.js';
import {
  D_CONSUMED,
  D_ERROR_CODE,
  D_ERROR_POSITION,
  D_SPAN_COUNT,
  D_SPANS_START,
  D_STATUS,
  DECODE_ERROR,
  DECODE_NEED_MORE,
} from '../../src/wire/layout.js';
import { chunkedRows } from './chunked-table.js';
import { DEFAULT_DECODER_OPTIONS, decodeInChunks, decoderOut } from './decode.js';
import { everyByte, WHOLE } from './drive.js';
import { implementations } from './impls.js';

/**
 * Rows longer than this (the line-cap rows, ~4 KiB) are cut at a sample of positions: both
 * ends, every position around the default cap, and a stride between; every cut of a 4 KiB row
 * took 16 s for both wires. Feeding one byte at a time still crosses every boundary of every row.
 */
const CUT_EVERYWHERE_UP_TO = 512;

function cutPositions(length: number): number[] {
  if (length <= CUT_EVERYWHERE_UP_TO) return everyByte(length);
  const cuts = new Set<number>();
  for (let cut = 1; cut < 64; cut++) cuts.add(cut);
  for (let cut = 64; cut < length; cut += 61) cuts.add(cut);
  for (let cut = 4090; cut < 4110; cut++) cuts.add(cut);
  for (let cut = length - 64; cut < length; cut++) cuts.add(cut);
  return [...cuts].filter((cut) => cut > 0 && cut < length).sort((a, b) => a - b);
}

test('the chunked table has unique names', () => {
  const names = chunkedRows.map((row) => row.name);
  expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
});

test('the chunked table reaches every error the decoder can report', () => {
  const reached = new Set(chunkedRows.flatMap((row) => (row.expect.status === 'ERROR' ? [row.expect.code] : [])));
  const decoderCodes = ['INVALID_CHUNK_SIZE', 'CHUNK_SIZE_TOO_LARGE', 'INVALID_CHUNK_EXTENSION', 'INVALID_CHUNK_DATA_END', 'CHUNK_LINE_TOO_LONG'];
  const trailerCodes = ['BARE_CR', 'BARE_LF', 'OBS_FOLD', 'INVALID_HEADER_NAME', 'INVALID_HEADER_VALUE', 'TOO_MANY_HEADERS', 'HEAD_TOO_LARGE'];
  expect([...decoderCodes, ...trailerCodes].filter((code) => !reached.has(code))).toEqual([]);
});

describe.each(implementations.map((wire) => [wire.name, wire] as const))('%s wire', (_name, wire) => {
  test.each(chunkedRows.map((row) => [row.name, row] as const))('%s', (_rowName, row) => {
    const body = Buffer.from(row.body, 'latin1');

    const whole = decodeInChunks(wire, body, WHOLE, row.options);
    expect(whole).toEqual(row.expect);

    // One call on exactly the body: the status is returned and written, and when more is
    // needed every byte was consumed (the span list had room).
    const out = decoderOut();
    const status = wire.createChunkedDecoder(row.options).decode(body, 0, body.length, out);
    expect(status).toBe(out[D_STATUS]);
    if (status === DECODE_NEED_MORE) expect(out[D_CONSUMED]).toBe(body.length);
    for (let s = 0; s < out[D_SPAN_COUNT]; s++) {
      const [start, length] = [out[D_SPANS_START + 2 * s], out[D_SPANS_START + 2 * s + 1]];
      expect(start + length).toBeLessThanOrEqual(body.length);
    }

    for (const cut of cutPositions(body.length)) {
      expect({ cut, outcome: decodeInChunks(wire, body, [cut], row.options) }).toEqual({ cut, outcome: row.expect });
    }
    expect({ trickle: true, outcome: decodeInChunks(wire, body, everyByte(body.length), row.options) }).toEqual({ trickle: true, outcome: row.expect });
    expect({ oneSpanPerCall: true, outcome: decodeInChunks(wire, body, WHOLE, row.options, 1) }).toEqual({ oneSpanPerCall: true, outcome: row.expect });
  });
});

/**
 * The case: a 100 KiB chunk extension arriving in 1 KiB reads is refused at the first
 * byte past the 4096-byte cap (stream position 4096, the first byte of the fifth read), each
 * read before it consumed whole: nothing is held back to be scanned again.
 */
describe.each(implementations.map((wire) => [wire.name, wire] as const))('%s wire', (_name, wire) => {
  test('a 100 KiB extension is refused as it streams in', () => {
    const body = Buffer.from('1;' + 'e'.repeat(100 * 1024 - 2), 'latin1');
    const decoder = wire.createChunkedDecoder(DEFAULT_DECODER_OPTIONS);
    const out = decoderOut(1);
    const calls: Array<[status: number, consumed: number]> = [];
    for (let at = 0; at < body.length; at += 1024) {
      const read = body.subarray(at, at + 1024);
      const status = decoder.decode(read, 0, read.length, out);
      calls.push([status, out[D_CONSUMED]]);
      if (status !== DECODE_NEED_MORE) break;
    }
    const needMore: [number, number] = [DECODE_NEED_MORE, 1024];
    expect(calls).toEqual([needMore, needMore, needMore, needMore, [DECODE_ERROR, 0]]);
    expect([out[D_ERROR_CODE], out[D_ERROR_POSITION]]).toEqual([WireError.CHUNK_LINE_TOO_LONG, 4096]);
  });
});
