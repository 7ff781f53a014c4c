// The counted client's framing: responses are counted by Content-Length, whatever the chunking.
import { describe, expect, test } from 'vitest';
import { caseNamed, PIPELINE_DEPTH } from './cases.mjs';
import { requestBytes, ResponseCounter } from './counted-client.mjs';

const OK_ABC = 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc';
const EMPTY_404 = 'HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n';

describe('ResponseCounter', () => {
  test.each([
    ['one response whole', [OK_ABC], 1, 0],
    ['two in one chunk', [OK_ABC + OK_ABC], 2, 0],
    ['a head split in two', [OK_ABC.slice(0, 20), OK_ABC.slice(20)], 1, 0],
    ['a body split in two', [OK_ABC.slice(0, -2), OK_ABC.slice(-2)], 1, 0],
    ['a 404 with an empty body counts as an error', [EMPTY_404 + OK_ABC], 2, 1],
    ['an incomplete body is not counted', [OK_ABC.slice(0, -1)], 0, 0],
    ['a 304 has no body, with or without fields about it', ['HTTP/1.1 304 Not Modified\r\nETag: "x"\r\n\r\n' + OK_ABC], 2, 0],
  ])('%s', (_label, chunks, count, errors) => {
    const counter = new ResponseCounter();
    for (const chunk of chunks) counter.push(Buffer.from(chunk, 'latin1'));
    expect(counter.count).toBe(count);
    expect(counter.errors).toBe(errors);
  });

  test('every byte on its own still counts each response once', () => {
    const counter = new ResponseCounter();
    for (const byte of Buffer.from(OK_ABC + EMPTY_404 + OK_ABC, 'latin1')) counter.push(Buffer.of(byte));
    expect(counter.count).toBe(3);
  });

  test('a response without Content-Length is an error, not a guess', () => {
    const counter = new ResponseCounter();
    expect(() => counter.push(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'))).toThrow('without Content-Length');
  });
});

describe('requestBytes', () => {
  test.each([
    ['echo', 0, 'GET /echo/abc HTTP/1.1\r\nHost: h:1\r\n\r\n'],
    ['gzip', 0, 'GET /echo/abc HTTP/1.1\r\nHost: h:1\r\nAccept-Encoding: gzip\r\n\r\n'],
    ['ua', 0, 'GET /user-agent HTTP/1.1\r\nHost: h:1\r\nUser-Agent: ferroserve-bench/1 (wrk)\r\n\r\n'],
  ])('%s request %d', (name, index, expected) => {
    expect(requestBytes(caseNamed(name), index, 'h:1').toString('latin1')).toBe(expected);
  });

  test('pipe: PIPELINE_DEPTH echo requests in one write', () => {
    const text = requestBytes(caseNamed('pipe'), 0, 'h:1').toString('latin1');
    expect(text.split('GET /echo/abc HTTP/1.1\r\n').length - 1).toBe(PIPELINE_DEPTH);
  });

  test('post: a 1 KiB body to a name that cycles over 64', () => {
    const first = requestBytes(caseNamed('post'), 0, 'h:1');
    const text = first.toString('latin1');
    expect(text.startsWith('POST /files/upload-1 HTTP/1.1\r\n')).toBe(true);
    expect(text).toContain('Content-Length: 1024\r\n\r\n');
    expect(first.length - (text.indexOf('\r\n\r\n') + 4)).toBe(1024);
    expect(requestBytes(caseNamed('post'), 63, 'h:1').toString('latin1').startsWith('POST /files/upload-0 ')).toBe(true);
  });
});
