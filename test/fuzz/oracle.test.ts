/**
 * The fuzzer's oracle on made-up outcomes: each bad outcome is caught with the problem it names,
 * and good ones pass, so a quiet fuzz run means the server passed and not that the oracle slept.
 */
import { describe, expect, test } from 'vitest';
import type { Answer, Outcome } from './exchange.js';
import { checkOutcome, checkPair, conflictingFraming, type Judged } from './oracle.js';

const ID = 7;
const ok = (body = 'x'): Answer => ({ status: 200, closes: false, body });
const marker = ok(`MARKER-${ID}`);
const refusal: Answer = { status: 400, closes: true, body: '' };
const outcome = (answers: Answer[], ending: Outcome['ending']['kind'] = 'closed'): Outcome => ({
  answers,
  ending: ending === 'garbled' ? { kind: 'garbled', why: 'test' } : { kind: ending },
});
const judged = (over: Partial<Judged> = {}): Judged => ({ id: ID, expect: 'either', conflict: null, prefixAnswers: 0, ...over });

describe('conflictingFraming', () => {
  test.each([
    ['POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n', 'Content-Length with Transfer-Encoding'],
    ['POST / HTTP/1.1\r\ntransfer-encoding : x\r\ncontent-length: 1\r\n\r\n', 'Content-Length with Transfer-Encoding'],
    ['POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n', 'two different Content-Lengths'],
    ['POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n', 'Transfer-Encoding in HTTP/1.0'],
    ['POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n', null],
    ['POST / HTTP/1.1\r\nX-Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n', null],
    ['POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nTransfer-Encoding: chunked\r\n\r\n', null],
  ])('%j', (input, expected) => {
    expect(conflictingFraming(Buffer.from(input, 'latin1'))).toBe(expected);
  });
});

describe('checkOutcome', () => {
  test.each<[string, Outcome, Judged, string | null]>([
    ['a refusal that closes', outcome([refusal]), judged({ expect: 'refused' }), null],
    ['an answer, then the marker', outcome([ok(), marker], 'marker-answered'), judged({ expect: 'accepted' }), null],
    ['a hang', outcome([], 'hang'), judged(), 'hang'],
    ['a garbled stream', outcome([], 'garbled'), judged(), 'garbled'],
    ['the smuggled request echoed', outcome([ok(`SMUGGLED-${ID}`), marker], 'marker-answered'), judged(), 'SMUGGLED echoed'],
    ['the marker before another answer', outcome([marker, ok()]), judged(), 'the marker was answered at 1 of 2'],
    ['an answer after Connection: close', outcome([refusal, ok()]), judged(), 'followed one with Connection: close'],
    ['2xx to conflicting framing', outcome([{ status: 201, closes: true, body: '' }]), judged({ conflict: 'Content-Length with Transfer-Encoding' }), '2xx to a request with Content-Length'],
    ['a refused shape read on', outcome([{ status: 400, closes: false, body: '' }, marker], 'marker-answered'), judged({ expect: 'refused' }), 'marker answered'],
    ['a refused shape closed without an answer', outcome([]), judged({ expect: 'refused' }), '0 answers'],
    ['an accepted shape without the marker', outcome([refusal]), judged({ expect: 'accepted' }), 'did not let the marker through'],
    ['the plain request before it refused', outcome([refusal]), judged({ prefixAnswers: 1 }), 'not answered 200'],
    ['the plain request before it, then a refusal', outcome([ok(), refusal]), judged({ expect: 'refused', prefixAnswers: 1 }), null],
  ])('%s', (_name, given, facts, problem) => {
    const problems = checkOutcome(given, facts);
    if (problem === null) expect(problems).toEqual([]);
    else expect(problems.join('\n')).toContain(problem);
  });
});

test('checkPair reports parsers that answer differently', () => {
  const problems = checkPair(outcome([refusal]), outcome([{ status: 501, closes: true, body: '' }]), judged());
  expect(problems).toEqual(['parsers differ: native [400 close] closed / js [501 close] closed']);
});
