// The connection's per-head decisions (src/connection/decisions.ts) as a table.
import { describe, expect, test } from 'vitest';
import { admit, type Admission, type HeadFacts } from '../../src/connection/decisions.js';
import { CLOSE, KEEP_ALIVE, KEEP_ALIVE_HTTP10 } from '../../src/http/conn-mode.js';

const MAX = 1000;
const facts = (over: Partial<HeadFacts>): HeadFacts => ({
  keepAlive: true,
  versionMinor: 1,
  hasBody: false,
  expectsContinue: false,
  declaredLength: -1,
  ...over,
});
const answer = (mode: number, modeAfterBody: number, awaitsInvitation: boolean): Admission =>
  ({ kind: 'answer', mode, modeAfterBody, awaitsInvitation }) as Admission;

describe('admit', () => {
  test.each<[string, Partial<HeadFacts>, boolean, Admission]>([
    ['HTTP/1.1 keep-alive', {}, false, answer(KEEP_ALIVE, KEEP_ALIVE, false)],
    ['HTTP/1.1 Connection: close', { keepAlive: false }, false, answer(CLOSE, CLOSE, false)],
    ['HTTP/1.0 with keep-alive', { versionMinor: 0 }, false, answer(KEEP_ALIVE_HTTP10, KEEP_ALIVE_HTTP10, false)],
    ['HTTP/1.0 without keep-alive', { versionMinor: 0, keepAlive: false }, false, answer(CLOSE, CLOSE, false)],
    ['server draining', {}, true, answer(CLOSE, CLOSE, false)],
    ['a body, no expectation', { hasBody: true, declaredLength: 10 }, false, answer(KEEP_ALIVE, KEEP_ALIVE, false)],
    [
      'Expect: 100-continue with a body: close if answered before it, keep-alive after it',
      { hasBody: true, expectsContinue: true, declaredLength: 10 },
      false,
      answer(CLOSE, KEEP_ALIVE, true),
    ],
    ['Expect: 100-continue without a body: nothing to invite', { expectsContinue: true }, false, answer(KEEP_ALIVE, KEEP_ALIVE, false)],
    [
      'Expect: 100-continue on HTTP/1.0 is ignored',
      { versionMinor: 0, hasBody: true, expectsContinue: true, declaredLength: 10 },
      false,
      answer(KEEP_ALIVE_HTTP10, KEEP_ALIVE_HTTP10, false),
    ],
    [
      'Expect: 100-continue while draining',
      { hasBody: true, expectsContinue: true, declaredLength: 10 },
      true,
      answer(CLOSE, CLOSE, true),
    ],
    ['chunked body (no declared length)', { hasBody: true, declaredLength: -1 }, false, answer(KEEP_ALIVE, KEEP_ALIVE, false)],
    ['declared length at the limit', { hasBody: true, declaredLength: MAX }, false, answer(KEEP_ALIVE, KEEP_ALIVE, false)],
    ['declared length over the limit: 413', { hasBody: true, declaredLength: MAX + 1 }, false, { kind: 'refuse', status: 413 }],
    [
      'over the limit wins over an expectation',
      { hasBody: true, expectsContinue: true, declaredLength: MAX + 1 },
      false,
      { kind: 'refuse', status: 413 },
    ],
  ])('%s', (_name, over, draining, expected) => {
    expect(admit(facts(over), MAX, draining)).toEqual(expected);
  });

  test('the same decision is the same object: deciding allocates nothing', () => {
    expect(admit(facts({}), MAX, false)).toBe(admit(facts({}), MAX, false));
  });
});
