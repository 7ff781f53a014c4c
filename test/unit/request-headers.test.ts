// Headers by name on the request view: raw request bytes, parsed by each wire, then looked up.
import { describe, expect, test } from 'vitest';
import { RequestView } from '../../src/http/request.js';
import { createParseOutput } from '../../src/server/parse-output.js';
import { jsWire } from '../../src/wire/js/index.js';
import { METHOD_GET, RECORDS_START, STATUS_DONE } from '../../src/wire/layout.js';
import { tryLoadNative } from '../../src/wire/native.js';
import type { Wire } from '../../src/wire/types.js';

const native = tryLoadNative();
const wires: Wire[] = native.ok ? [jsWire, native.wire] : [jsWire];

function view(wire: Wire, head: string): RequestView {
  const out = createParseOutput(1);
  const buf = Buffer.from(head, 'latin1');
  expect(wire.parse(buf, 0, buf.length, out)).toBe(STATUS_DONE);
  const request = new RequestView(out);
  request.bind(buf, RECORDS_START);
  return request;
}

const REQUEST = [
  'GET /files/a.txt?x=1 HTTP/1.1',
  'Host: example',
  'If-None-Match: "a"',
  'ACCEPT: text/html',
  'if-none-match: "b", W/"c"',
  'Range: bytes=0-9',
  'X-Empty: ',
  'Accept-Encoding: gzip',
  '',
  '',
].join('\r\n');

describe.each(wires.map((wire) => [wire.name, wire] as const))('headers by name (%s wire)', (_name, wire) => {
  test.each<[string, string | undefined]>([
    ['host', 'example'],
    ['accept', 'text/html'],
    ['range', 'bytes=0-9'],
    // Repeated fields, joined in order (RFC 9110 §5.3), whatever the case of each name.
    ['if-none-match', '"a", "b", W/"c"'],
    ['x-empty', ''],
    ['accept-encoding', 'gzip'],
    ['if-match', undefined],
    ['accept-', undefined],
    ['hos', undefined],
  ])('header(%j)', (name, expected) => {
    expect(view(wire, REQUEST).header(name)).toBe(expected);
  });

  test('headerValues keeps one value per field line', () => {
    expect(view(wire, REQUEST).headerValues('if-none-match')).toEqual(['"a"', '"b", W/"c"']);
    expect(view(wire, REQUEST).headerValues('if-match')).toEqual([]);
  });

  test('headerLines gives every field as sent', () => {
    const lines = view(wire, REQUEST).headerLines();
    expect(lines).toHaveLength(7);
    expect(lines[2]).toEqual(['ACCEPT', 'text/html']);
  });

  test('a snapshot outlives the view: the next request rebinds the view, the copy stays', () => {
    const out = createParseOutput(1);
    const request = new RequestView(out);
    const first = Buffer.from(REQUEST, 'latin1');
    wire.parse(first, 0, first.length, out);
    request.bind(first, RECORDS_START);
    const snapshot = request.snapshot(['range', 'if-none-match', 'if-match']);
    const second = Buffer.from('POST /other HTTP/1.1\r\nHost: y\r\nRange: bytes=5-\r\nContent-Length: 0\r\n\r\n', 'latin1');
    wire.parse(second, 0, second.length, out);
    request.bind(second, RECORDS_START);
    first.fill(0);
    expect(snapshot).toEqual({
      method: METHOD_GET,
      versionMinor: 1,
      path: '/files/a.txt',
      fields: new Map([
        ['range', 'bytes=0-9'],
        ['if-none-match', '"a", "b", W/"c"'],
      ]),
    });
    expect(request.header('range')).toBe('bytes=5-');
  });
});
