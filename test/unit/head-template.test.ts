// A head template must produce, byte for byte, what the wire's writer produces for the same
// response: it only saves doing the writer's work again for every response.
import { describe, expect, test } from 'vitest';
import { CLOSE, connectionHeader, CONN_MODES, KEEP_ALIVE, KEEP_ALIVE_HTTP10, type ConnMode } from '../../src/http/conn-mode.js';
import { DateClock } from '../../src/http/date-clock.js';
import { OutBatch } from '../../src/http/out-batch.js';
import { Responses } from '../../src/http/compiled.js';
import { jsWire } from '../../src/wire/js/index.js';
import { ALL_NATIVE, tryLoadNative } from '../../src/wire/native.js';
import type { Wire } from '../../src/wire/types.js';

const native = tryLoadNative(ALL_NATIVE);
const wires: Wire[] = native.ok ? [jsWire, native.wire] : [jsWire];

const cases: [string, number, string[], number, string | null][] = [
  ['echo head, 3-byte body', 200, ['Content-Type', 'text/plain', 'Vary', 'Accept-Encoding'], 3, 'abc'],
  ['no headers, empty body', 200, [], 0, ''],
  ['HEAD: length without body', 200, ['Content-Type', 'application/octet-stream'], 1_048_576, null],
  ['10-digit length', 200, ['Content-Type', 'text/plain'], 1_234_567_890, null],
  ['largest safe length', 200, [], Number.MAX_SAFE_INTEGER, null],
  ['other status', 404, ['X-A', 'b'], 5, 'hello'],
  ['latin1 value', 200, ['X-Name', 'caf\u00e9'], 1, '\u00ff'],
];

describe.each(wires.map((wire) => [wire.name, wire] as const))('head templates with the %s writer', (_name, wire) => {
  const write = wire.writeResponse.bind(wire);

  test.each(cases)('%s', (_case, status, headers, length, body) => {
    const template = new Responses(write, null).head(status, headers);
    const bodyBytes = body === null ? undefined : Buffer.from(body, 'latin1');
    for (const mode of CONN_MODES) {
      const expected = write(status, [...headers, ...connectionHeader(mode)], length, bodyBytes);
      expect(template.bytes(mode, length, bodyBytes).toString('latin1')).toBe(expected.toString('latin1'));

      // The same through the out batch, with the body taken from the middle of a larger buffer.
      const batch = new OutBatch();
      const source = Buffer.concat([Buffer.from('<<'), bodyBytes ?? Buffer.alloc(0), Buffer.from('>>')]);
      template.writeTo(batch, mode, length, bodyBytes === undefined ? null : source, 2, source.length - 2);
      expect(batch.takeSince(0).toString('latin1')).toBe(expected.toString('latin1'));
    }
  });

  test.each<[ConnMode, string]>([
    [KEEP_ALIVE, ''],
    [KEEP_ALIVE_HTTP10, 'Connection: keep-alive\r\n'],
    [CLOSE, 'Connection: close\r\n'],
  ])('mode %s adds %j before Content-Length', (mode, line) => {
    const template = new Responses(write, null).head(200, ['Content-Type', 'text/plain']);
    expect(template.bytes(mode, 2, Buffer.from('hi')).toString('latin1')).toBe(
      `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n${line}Content-Length: 2\r\n\r\nhi`,
    );
  });

  test('with --date the head carries the Date, and is rebuilt exactly when the Date changes', () => {
    /** A clock whose second the test moves. */
    class SteppedClock extends DateClock {
      second = 0;
      override stamp(): number {
        return this.second;
      }
      override current(): string {
        return `Sun, 06 Nov 1994 08:49:${String(37 + this.second).padStart(2, '0')} GMT`;
      }
    }
    const clock = new SteppedClock();
    const template = new Responses(write, clock).head(200, []);
    const prefix = template.prefix(KEEP_ALIVE);
    expect(template.bytes(KEEP_ALIVE, 0).toString('latin1')).toBe(
      'HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 0\r\n\r\n',
    );
    // Same second: the very same Buffer (what the small-file cache keys its responses on).
    expect(template.prefix(KEEP_ALIVE)).toBe(prefix);
    clock.second = 1;
    expect(template.prefix(KEEP_ALIVE)).not.toBe(prefix);
    expect(template.bytes(KEEP_ALIVE, 0).toString('latin1')).toContain('Date: Sun, 06 Nov 1994 08:49:38 GMT\r\n');
  });

  test('a header the writer refuses is refused when the template is made', () => {
    expect(() => new Responses(write, null).head(200, ['X-Bad', 'a\r\nb'])).toThrow(TypeError);
  });
});
