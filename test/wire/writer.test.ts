/**
 * writeResponse (docs/wire-spec.md §7) against every implementation: exact bytes for the
 * status line, headers, Content-Length and body; RangeError for a status out of range; TypeError
 * for every way a caller's strings could inject a header or break the head.
 */
import { describe, expect, test } from 'vitest';
import { implementations } from './impls.js';

/** RFC 9110 §15: every status it names, with its reason phrase. */
const RFC9110_PHRASES: ReadonlyArray<readonly [number, string]> = [
  [100, 'Continue'], [101, 'Switching Protocols'],
  [200, 'OK'], [201, 'Created'], [202, 'Accepted'], [203, 'Non-Authoritative Information'], [204, 'No Content'],
  [205, 'Reset Content'], [206, 'Partial Content'],
  [300, 'Multiple Choices'], [301, 'Moved Permanently'], [302, 'Found'], [303, 'See Other'], [304, 'Not Modified'],
  [305, 'Use Proxy'], [307, 'Temporary Redirect'], [308, 'Permanent Redirect'],
  [400, 'Bad Request'], [401, 'Unauthorized'], [402, 'Payment Required'], [403, 'Forbidden'], [404, 'Not Found'],
  [405, 'Method Not Allowed'], [406, 'Not Acceptable'], [407, 'Proxy Authentication Required'], [408, 'Request Timeout'],
  [409, 'Conflict'], [410, 'Gone'], [411, 'Length Required'], [412, 'Precondition Failed'], [413, 'Content Too Large'],
  [414, 'URI Too Long'], [415, 'Unsupported Media Type'], [416, 'Range Not Satisfiable'], [417, 'Expectation Failed'],
  [421, 'Misdirected Request'], [422, 'Unprocessable Content'], [426, 'Upgrade Required'],
  [500, 'Internal Server Error'], [501, 'Not Implemented'], [502, 'Bad Gateway'], [503, 'Service Unavailable'],
  [504, 'Gateway Timeout'], [505, 'HTTP Version Not Supported'],
];

interface WriteRow {
  name: string;
  status: number;
  headers: string[];
  contentLength: number;
  body?: Buffer;
  /** The exact bytes as latin1, or the error class thrown. */
  expect: string | typeof RangeError | typeof TypeError;
  reason: string;
}

const w = (
  name: string,
  status: number,
  headers: string[],
  contentLength: number,
  body: Buffer | undefined,
  expectation: WriteRow['expect'],
  reason: string,
): WriteRow => ({ name, status, headers, contentLength, body, expect: expectation, reason });

const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

const rows: WriteRow[] = [
  ...RFC9110_PHRASES.map(([status, phrase]) =>
    w(`status ${status}`, status, [], -1, undefined, `HTTP/1.1 ${status} ${phrase}\r\n\r\n`, 'RFC 9110 §15: the reason phrase of the standard table'),
  ),
  w('unknown 2xx status has an empty phrase', 299, [], -1, undefined, 'HTTP/1.1 299 \r\n\r\n', 'spec §7: "HTTP/1.1 299 \\r\\n"; RFC 9112 §4: reason-phrase may be empty'),
  w('lowest status', 100, [], -1, undefined, 'HTTP/1.1 100 Continue\r\n\r\n', 'spec §7: 100-599'),
  w('highest status', 599, [], -1, undefined, 'HTTP/1.1 599 \r\n\r\n', 'spec §7: 100-599'),
  w('306 (Unused) has no phrase', 306, [], -1, undefined, 'HTTP/1.1 306 \r\n\r\n', 'RFC 9110 §15.4.7: unused, no phrase'),
  w('418 (Unused) has no phrase', 418, [], -1, undefined, 'HTTP/1.1 418 \r\n\r\n', 'RFC 9110 §15.5.19: unused, no phrase'),
  w('431 has its RFC 6585 phrase', 431, [], -1, undefined, 'HTTP/1.1 431 Request Header Fields Too Large\r\n\r\n', 'spec §7: RFC 6585 §5'),
  w('headers in order, duplicates kept', 200, ['Content-Type', 'text/plain', 'X-A', '1', 'X-A', '2'], -1, undefined,
    'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-A: 1\r\nX-A: 2\r\n\r\n', 'spec §7: name ": " value CRLF, as given'),
  w('empty value', 200, ['X', ''], -1, undefined, 'HTTP/1.1 200 OK\r\nX: \r\n\r\n', 'RFC 9110 §5.5: a field value may be empty'),
  w('HTAB and obs-text in a value', 200, ['X', 'a\tb caf\u00e9 \u00ff'], -1, undefined, 'HTTP/1.1 200 OK\r\nX: a\tb caf\xe9 \xff\r\n\r\n', 'spec §7: values are written as latin1'),
  w('every tchar in a name', 200, ["!#$%&'*+-.^_`|~09azAZ", 'v'], -1, undefined, "HTTP/1.1 200 OK\r\n!#$%&'*+-.^_`|~09azAZ: v\r\n\r\n", 'RFC 9110 §5.1: field-name = token'),
  w('Content-Length 0', 204, [], 0, undefined, 'HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n', 'spec §7: contentLength >= 0 is written'),
  w('Content-Length after the given headers', 200, ['X', 'y'], 12, undefined, 'HTTP/1.1 200 OK\r\nX: y\r\nContent-Length: 12\r\n\r\n', 'spec §7: written after the given headers; the body is streamed by the caller'),
  w('large Content-Length', 200, [], 2 ** 53 - 1, undefined, 'HTTP/1.1 200 OK\r\nContent-Length: 9007199254740991\r\n\r\n', 'spec §7: any integer >= 0'),
  w('body with Content-Length from its length', 200, ['Content-Type', 'text/plain'], -1, latin1('hello'),
    'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello', 'spec §7: contentLength -1 with a body -> body.length'),
  w('empty body', 200, [], -1, Buffer.alloc(0), 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n', 'spec §7'),
  w('binary body appended as is', 200, [], -1, Buffer.from([0, 13, 10, 255]), 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n\x00\r\n\xff', 'spec §7'),
  w('given Content-Length with a body', 200, [], 5, latin1('hello'), 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello', 'spec §7: contentLength >= 0 is written as given'),
  w('status 99', 99, [], -1, undefined, RangeError, 'spec §7: status 100-599'),
  w('status 600', 600, [], -1, undefined, RangeError, 'spec §7'),
  w('status 0', 0, [], -1, undefined, RangeError, 'spec §7'),
  w('negative status', -200, [], -1, undefined, RangeError, 'spec §7'),
  w('fractional status', 200.5, [], -1, undefined, RangeError, 'spec §7: an integer'),
  w('NaN status', Number.NaN, [], -1, undefined, RangeError, 'spec §7'),
  w('infinite status', Number.POSITIVE_INFINITY, [], -1, undefined, RangeError, 'spec §7'),
  w('CR in a value', 200, ['X', 'a\rb'], -1, undefined, TypeError, 'RFC 9110 §5.5: no CR in a field value; header injection'),
  w('LF in a value', 200, ['X', 'a\nb'], -1, undefined, TypeError, 'RFC 9110 §5.5'),
  w('CRLF and an extra header in a value', 200, ['Location', '/x\r\nSet-Cookie: a=b'], -1, undefined, TypeError, 'response splitting'),
  w('CRLF CRLF and a body in a value', 200, ['X', 'y\r\n\r\n<html>'], -1, undefined, TypeError, 'response splitting'),
  w('NUL in a value', 200, ['X', 'a\u0000b'], -1, undefined, TypeError, 'RFC 9110 §5.5: NUL'),
  w('other control byte in a value', 200, ['X', 'a\u0001b'], -1, undefined, TypeError, 'spec §7: the writer never emits what the parser rejects (RFC 9110 §5.5)'),
  w('DEL in a value', 200, ['X', 'a\u007fb'], -1, undefined, TypeError, 'spec §7: RFC 9110 §5.5 field-vchar excludes DEL'),
  w('HTAB in a value is kept', 200, ['X', 'a\tb'], -1, undefined, 'HTTP/1.1 200 OK\r\nX: a\tb\r\n\r\n', 'RFC 9110 §5.5: HTAB is allowed'),
  w('char above U+00FF in a value', 200, ['X', 'a\u0100'], -1, undefined, TypeError, 'spec §7: latin1 only'),
  w('euro sign in a value', 200, ['X', '\u20ac'], -1, undefined, TypeError, 'spec §7: latin1 only'),
  w('astral char in a value', 200, ['X', '\u{1f600}'], -1, undefined, TypeError, 'spec §7: latin1 only'),
  w('SP in a name', 200, ['Bad Name', 'v'], -1, undefined, TypeError, 'RFC 9110 §5.1: token'),
  w('colon in a name', 200, ['Bad:Name', 'v'], -1, undefined, TypeError, 'RFC 9110 §5.1'),
  w('empty name', 200, ['', 'v'], -1, undefined, TypeError, 'RFC 9110 §5.1: 1*tchar'),
  w('CRLF in a name', 200, ['X\r\nY', 'v'], -1, undefined, TypeError, 'header injection'),
  w('delimiter in a name', 200, ['Na(me', 'v'], -1, undefined, TypeError, 'RFC 9110 §5.6.2'),
  w('obs-text in a name', 200, ['N\u00e9', 'v'], -1, undefined, TypeError, 'RFC 9110 §5.1: tchar is ASCII'),
  w('char above U+00FF in a name', 200, ['N\u0100', 'v'], -1, undefined, TypeError, 'RFC 9110 §5.1'),
  w('bad header after good ones', 200, ['X', 'ok', 'Y', 'bad\n'], -1, undefined, TypeError, 'spec §7: every header is checked'),
];

test('writer rows have unique names', () => {
  const names = rows.map((row) => row.name);
  expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
});

describe.each(implementations.map((wire) => [wire.name, wire] as const))('%s wire', (_name, wire) => {
  test.each(rows.map((row) => [row.name, row] as const))('%s', (_rowName, row) => {
    const write = () => wire.writeResponse(row.status, row.headers, row.contentLength, row.body);
    if (typeof row.expect === 'string') {
      const bytes = write();
      expect(Buffer.isBuffer(bytes)).toBe(true);
      expect(bytes.toString('latin1')).toBe(row.expect);
    } else {
      expect(write).toThrow(row.expect);
    }
  });
});
