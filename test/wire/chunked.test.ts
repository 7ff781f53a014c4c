/**
 * The chunked decoder table against every implementation: one call over the whole body, then
 * the body fed in two pieces cut anywhere, one byte at a time, and with room for one span per
 * call; every way must give the same data and the same end.
 */
import { describe, expect, test } from 'vitest';
import { D_CONSUMED, D_SPAN_COUNT, D_SPANS_START, D_STATUS, DECODE_NEED_MORE } from '../../src/wire/layout.js';
import { chunkedRows } from './chunked-table.js';
import { decodeInChunks, decoderOut } from './decode.js';
import { everyByte, WHOLE } from './drive.js';
import { implementations } from './impls.js';

test('the chunked table has unique names', () => {
  const names = chunkedRows.map((row) => row.name);
  expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
});

test('the chunked table reaches every error the decoder can report', () => {
  const reached = new Set(chunkedRows.flatMap((row) => (row.expect.status === 'ERROR' ? [row.expect.code] : [])));
  const decoderCodes = ['INVALID_CHUNK_SIZE', 'CHUNK_SIZE_TOO_LARGE', 'INVALID_CHUNK_EXTENSION', 'INVALID_CHUNK_DATA_END'];
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

    for (const cut of everyByte(body.length)) {
      expect({ cut, outcome: decodeInChunks(wire, body, [cut], row.options) }).toEqual({ cut, outcome: row.expect });
    }
    expect({ trickle: true, outcome: decodeInChunks(wire, body, everyByte(body.length), row.options) }).toEqual({ trickle: true, outcome: row.expect });
    expect({ oneSpanPerCall: true, outcome: decodeInChunks(wire, body, WHOLE, row.options, 1) }).toEqual({ oneSpanPerCall: true, outcome: row.expect });
  });
});
