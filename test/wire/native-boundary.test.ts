/**
 * The addon's own argument checks (crates/wire-node): what crosses the boundary is refused with
 * a TypeError or RangeError before Rust reads any memory, never a crash. When the addon cannot
 * load, each test fails with the loader's reason.
 */
import { describe, expect, test } from 'vitest';
import { C_CAPACITY, C_MAX_HEAD, C_MAX_HEADERS, C_MAX_TARGET, D_SPANS_START, DECODE_ERROR, DECODE_NEED_MORE, DEFAULT_MAX_CHUNK_LINE, R_COUNT, R_STATUS, RECORDS_START, STATUS_DONE, STATUS_PARTIAL } from '../../src/wire/layout.js';
import { loadNativeAddon, nativeWireFrom, PRODUCT_PARTS, type NativeAddon } from '../../src/wire/native.js';

function addon(): NativeAddon {
  const load = loadNativeAddon();
  if (!load.ok) throw new Error(`the native addon is required for these checks: ${load.reason}`);
  return load.addon;
}

function parseOut(words = RECORDS_START + 1024): Uint32Array {
  const out = new Uint32Array(words);
  out[C_MAX_HEAD] = 16384;
  out[C_MAX_TARGET] = 8192;
  out[C_MAX_HEADERS] = 100;
  out[C_CAPACITY] = words;
  return out;
}

const REQUEST = Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
const shared = new ArrayBuffer(4096);

/** An ArrayBuffer with nothing left in it, as a transfer leaves it. */
function detached(): ArrayBuffer {
  const buffer = parseOut().buffer;
  structuredClone(buffer, { transfer: [buffer] });
  return buffer;
}

describe('parse (the addon: out crosses as its ArrayBuffer)', () => {
  test('a valid call parses in place and leaves the status in out', () => {
    const out = parseOut();
    expect(addon().parse(REQUEST, 0, REQUEST.length, out.buffer)).toBeUndefined();
    expect(out[R_STATUS]).toBe(STATUS_DONE);
    expect(out[R_COUNT]).toBe(1);
  });

  test.each([
    ['buf not a Buffer', () => ['GET', 0, 3, parseOut().buffer], TypeError, 'parse: buf must be a Buffer'],
    ['start not a number', () => [REQUEST, '0', 3, parseOut().buffer], TypeError, 'parse: start must be a number'],
    ['end missing', () => [REQUEST, 0], TypeError, 'parse: end must be a number'],
    ['out a Uint32Array', () => [REQUEST, 0, 3, parseOut()], TypeError, 'parse: out must be the ArrayBuffer of a Uint32Array'],
    ['out a SharedArrayBuffer', () => [REQUEST, 0, 3, new SharedArrayBuffer(1024)], TypeError, 'parse: out must be the ArrayBuffer of a Uint32Array'],
    ['out not whole words', () => [REQUEST, 0, 3, new ArrayBuffer(1023)], TypeError, 'parse: out must be the ArrayBuffer of a Uint32Array (aligned, whole words)'],
    ['end past the buffer', () => [REQUEST, 0, REQUEST.length + 1, parseOut().buffer], RangeError, `parse range [0, ${REQUEST.length + 1}) is outside the buffer (length ${REQUEST.length})`],
    ['start after end', () => [REQUEST, 5, 4, parseOut().buffer], RangeError, `parse range [5, 4) is outside the buffer (length ${REQUEST.length})`],
    ['negative start', () => [REQUEST, -1, 4, parseOut().buffer], RangeError, 'is outside the buffer'],
    ['out smaller than the control block', () => [REQUEST, 0, 3, new ArrayBuffer(60)], RangeError, 'parse: out must hold at least 16 words, got 15'],
    ['out detached', () => [REQUEST, 0, 3, detached()], RangeError, 'parse: out must hold at least 16 words, got 0'],
    ['buf and out over the same memory', () => [Buffer.from(shared, 0, 64), 0, 64, shared], RangeError, 'parse: buf and out must not share memory'],
  ] as const)('%s -> %s', (_label, args, errorClass, message) => {
    const call = () => (addon().parse as (...a: unknown[]) => unknown)(...args());
    expect(call).toThrow(errorClass);
    expect(call).toThrow(message);
  });
});

describe('parse (the native wire: the contract, out as a Uint32Array)', () => {
  const wire = () => nativeWireFrom(addon(), PRODUCT_PARTS);

  test('returns the status and reuses out across calls', () => {
    const { parse } = wire();
    const out = parseOut();
    expect(parse(REQUEST, 0, REQUEST.length, out)).toBe(STATUS_DONE);
    expect(parse(REQUEST, 0, 10, out)).toBe(STATUS_PARTIAL);
    expect(out[R_STATUS]).toBe(STATUS_PARTIAL);
    const other = parseOut();
    expect(parse(REQUEST, 0, REQUEST.length, other)).toBe(STATUS_DONE);
    expect(other[R_COUNT]).toBe(1);
  });

  test.each([
    ['out a view into a larger buffer', () => new Uint32Array(new ArrayBuffer(8192), 1024, RECORDS_START + 100), TypeError, 'parse: out must be a Uint32Array of its own'],
    ['out shorter than its buffer', () => new Uint32Array(new ArrayBuffer(8192), 0, RECORDS_START + 100), TypeError, 'parse: out must be a Uint32Array of its own'],
    ['out a Uint8Array', () => new Uint8Array(1024), TypeError, 'parse: out must be a Uint32Array'],
  ] as const)('%s -> %s', (_label, makeOut, errorClass, message) => {
    const call = () => wire().parse(REQUEST, 0, REQUEST.length, makeOut() as Uint32Array);
    expect(call).toThrow(errorClass);
    expect(call).toThrow(message);
  });

  test('an out detached after it was bound is refused, not written', () => {
    const { parse } = wire();
    const out = parseOut();
    expect(parse(REQUEST, 0, REQUEST.length, out)).toBe(STATUS_DONE);
    structuredClone(out.buffer, { transfer: [out.buffer] });
    expect(() => parse(REQUEST, 0, REQUEST.length, out)).toThrow('parse: out must hold at least 16 words, got 0');
  });
});

describe('ChunkedDecoder', () => {
  test('must be constructed with new, with numbers and a boolean', () => {
    const { ChunkedDecoder } = addon();
    expect(() => (ChunkedDecoder as unknown as (...a: unknown[]) => unknown)(100, 16384, false)).toThrow('ChunkedDecoder must be called with new');
    expect(() => new ChunkedDecoder('100' as unknown as number, 16384, false)).toThrow(TypeError);
    expect(() => new ChunkedDecoder(100, 16384, 0 as unknown as boolean)).toThrow('ChunkedDecoder: lenientBareLf must be a boolean');
  });

  // The fourth argument, maxLineBytes, is optional: left out it is DEFAULT_MAX_CHUNK_LINE.
  // Each row: the cap given, a size line of `length` bytes, and whether the decoder refuses it.
  test.each([
    [undefined, DEFAULT_MAX_CHUNK_LINE, DECODE_NEED_MORE],
    [undefined, DEFAULT_MAX_CHUNK_LINE + 1, DECODE_ERROR],
    [8, 8, DECODE_NEED_MORE],
    [8, 9, DECODE_ERROR],
  ])('maxLineBytes %s with a size line of %i bytes', (maxLineBytes, length, expected) => {
    const { ChunkedDecoder } = addon();
    const decoder = new ChunkedDecoder(100, 16384, false, maxLineBytes);
    const line = Buffer.from('1;' + 'e'.repeat(length - 2) + '\r\n', 'latin1');
    expect(decoder.decode(line, 0, line.length, new Uint32Array(D_SPANS_START + 2))).toBe(expected);
  });

  test('maxLineBytes, when given, must be a number', () => {
    const { ChunkedDecoder } = addon();
    expect(() => new ChunkedDecoder(100, 16384, false, '8' as unknown as number)).toThrow('ChunkedDecoder: maxLineBytes must be a number');
  });

  test('decode refuses a foreign this, a bad range and a short out', () => {
    const { ChunkedDecoder } = addon();
    const decoder = new ChunkedDecoder(100, 16384, false);
    const body = Buffer.from('0\r\n\r\n');
    const out = new Uint32Array(D_SPANS_START + 8);
    expect(() => decoder.decode.call({}, body, 0, body.length, out)).toThrow(TypeError);
    expect(() => decoder.decode(body, 0, body.length + 1, out)).toThrow(RangeError);
    expect(() => decoder.decode(body, 0, body.length, new Uint32Array(D_SPANS_START - 1))).toThrow(`decode: out must hold at least ${D_SPANS_START} words`);
  });
});

describe('writeResponse', () => {
  test.each([
    ['status 99', [99, [], -1], RangeError, 'status must be an integer from 100 to 599, got 99'],
    ['status 200.5', [200.5, [], -1], RangeError, 'status must be an integer from 100 to 599'],
    ['odd headers', [200, ['A'], -1], TypeError, 'headers must be a flat [name, value, ...] array of even length'],
    ['name not a token', [200, ['A B', 'x'], -1], TypeError, 'header name "A B" is not a token'],
    ['value with CR', [200, ['A', 'x\ry'], -1], TypeError, 'value of header "A" contains CR, LF or NUL'],
    ['value above latin1', [200, ['A', 'x\u0100'], -1], TypeError, 'value of header "A" has a char above U+00FF'],
    ['value above latin1 after a name with NUL', [200, ['A\u0000', 'x\u0100'], -1], TypeError, 'value of header "A\\0" has a char above U+00FF'],
    ['odd headers and a bad contentLength: headers first', [200, ['A'], 1.5], TypeError, 'headers must be a flat'],
    ['name not a string', [200, [1, 'x'], -1], TypeError, 'header name must be a string'],
    ['contentLength -2', [200, [], -2], RangeError, 'contentLength must be -1 or an integer >= 0, got -2'],
  ] as const)('%s -> %s', (_label, args, errorClass, message) => {
    const call = () => (addon().writeResponse as (...a: unknown[]) => Buffer)(...args);
    expect(call).toThrow(errorClass);
    expect(call).toThrow(message);
  });

  test('a value of latin1 chars above U+007F is written byte for byte', () => {
    expect(addon().writeResponse(200, ['X', 'caf\u00e9'], -1).includes(Buffer.from('X: caf\xe9\r\n', 'latin1'))).toBe(true);
  });

  test('a header string longer than the glue scratch buffer is read whole', () => {
    const long = 'v'.repeat(5000);
    const head = addon().writeResponse(200, ['X', long], -1).toString('latin1');
    expect(head).toContain(`X: ${long}\r\n`);
  });
});
