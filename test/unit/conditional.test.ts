import { describe, expect, test } from 'vitest';
import {
  evaluateConditions,
  ifRangeAllows,
  type ConditionOutcome,
  type CurrentRepresentation,
  type Preconditions,
  type RequestKind,
} from '../../src/http/conditional.js';

// Wed, 10 Jan 2024 12:00:00 GMT, half a second in: dates compare at whole seconds.
const T = Date.UTC(2024, 0, 10, 12, 0, 0);
const AT_T = 'Wed, 10 Jan 2024 12:00:00 GMT';
const BEFORE_T = 'Wed, 10 Jan 2024 11:59:59 GMT';
const AFTER_T = 'Wed, 10 Jan 2024 12:00:01 GMT';
const CURRENT: CurrentRepresentation = { etag: '"abc"', lastModifiedMs: T + 500 };

const PROCEED: ConditionOutcome = { kind: 'proceed' };
const NOT_MODIFIED: ConditionOutcome = { kind: 'not-modified' };
const FAILED: ConditionOutcome = { kind: 'precondition-failed' };

describe('evaluateConditions: jshttp fresh vectors (fresh = not-modified on a read)', () => {
  // fresh compares unquoted strings ('tobi'); the rows quote them, since an unquoted value is not
  // an entity-tag here (see the malformed rows below).
  const LM_NOW_MINUS_2S = { etag: '"tobi"', lastModifiedMs: T - 2000 };
  const LM_NOW_MINUS_4S = { etag: '"tobi"', lastModifiedMs: T - 4000 };
  const NOW_MINUS_2S = 'Wed, 10 Jan 2024 11:59:58 GMT';
  const NOW_MINUS_4S = 'Wed, 10 Jan 2024 11:59:56 GMT';
  test.each<[string, Preconditions, CurrentRepresentation, ConditionOutcome]>([
    ['non-conditional GET: stale', {}, CURRENT, PROCEED],
    ['If-None-Match, ETags match: fresh', { ifNoneMatch: '"tobi"' }, { etag: '"tobi"', lastModifiedMs: T }, NOT_MODIFIED],
    ['If-None-Match, ETags mismatch: stale', { ifNoneMatch: '"tobi"' }, { etag: '"luna"', lastModifiedMs: T }, PROCEED],
    ['If-None-Match, no representation: stale', { ifNoneMatch: '"tobi"' }, null, PROCEED],
    ['weak If-None-Match, weak ETag: fresh', { ifNoneMatch: 'W/"foo"' }, { etag: 'W/"foo"', lastModifiedMs: T }, NOT_MODIFIED],
    ['weak If-None-Match, strong ETag: fresh', { ifNoneMatch: 'W/"foo"' }, { etag: '"foo"', lastModifiedMs: T }, NOT_MODIFIED],
    // fresh before 0.5 said stale here; RFC 9110's weak comparison (and fresh since) says fresh.
    ['strong If-None-Match, weak ETag: fresh', { ifNoneMatch: '"foo"' }, { etag: 'W/"foo"', lastModifiedMs: T }, NOT_MODIFIED],
    ['strong If-None-Match, strong ETag: fresh', { ifNoneMatch: '"foo"' }, { etag: '"foo"', lastModifiedMs: T }, NOT_MODIFIED],
    ['If-None-Match *: fresh', { ifNoneMatch: '*' }, { etag: '"hey"', lastModifiedMs: T }, NOT_MODIFIED],
    ['If-None-Match list, one matches: fresh', { ifNoneMatch: '"foo", "bar"' }, { etag: '"bar"', lastModifiedMs: T }, NOT_MODIFIED],
    ['If-None-Match list with weak, one matches: fresh', { ifNoneMatch: '"foo", W/"bar"' }, { etag: '"bar"', lastModifiedMs: T }, NOT_MODIFIED],
    ['If-None-Match list, none match: stale', { ifNoneMatch: '"foo", "bar"' }, { etag: '"baz"', lastModifiedMs: T }, PROCEED],
    ['If-Modified-Since, modified since: stale', { ifModifiedSince: NOW_MINUS_4S }, LM_NOW_MINUS_2S, PROCEED],
    ['If-Modified-Since, unmodified since: fresh', { ifModifiedSince: NOW_MINUS_2S }, LM_NOW_MINUS_4S, NOT_MODIFIED],
    ['If-Modified-Since, no representation: stale', { ifModifiedSince: NOW_MINUS_2S }, null, PROCEED],
    ['invalid If-Modified-Since: stale', { ifModifiedSince: 'foo' }, LM_NOW_MINUS_4S, PROCEED],
    ['both match: fresh', { ifNoneMatch: '"tobi"', ifModifiedSince: NOW_MINUS_2S }, LM_NOW_MINUS_4S, NOT_MODIFIED],
    // fresh before 0.5 required both; §13.2.2 ignores If-Modified-Since beside If-None-Match.
    ['only ETag matches: fresh', { ifNoneMatch: '"tobi"', ifModifiedSince: NOW_MINUS_4S }, LM_NOW_MINUS_2S, NOT_MODIFIED],
    ['only Last-Modified matches: stale', { ifNoneMatch: '"tobi"', ifModifiedSince: NOW_MINUS_2S }, { etag: '"luna"', lastModifiedMs: T - 4000 }, PROCEED],
    ['none match: stale', { ifNoneMatch: '"tobi"', ifModifiedSince: NOW_MINUS_4S }, { etag: '"luna"', lastModifiedMs: T - 2000 }, PROCEED],
    // Not ported: fresh's `Cache-Control: no-cache` -> stale. That directive is for caches
    // (RFC 9111 §5.2.1.4); an origin server evaluates preconditions regardless (RFC 9110 §13.2.1).
  ])('%s', (_name, h, current, expected) => {
    expect(evaluateConditions('read', h, current)).toEqual(expected);
  });
});

describe('evaluateConditions: single cases (RFC 9110 §13.1, §13.2.2)', () => {
  test.each<[string, RequestKind, Preconditions, CurrentRepresentation, ConditionOutcome]>([
    // If-Match: strong comparison; `*` needs a representation.
    ['If-Match same strong tag', 'write', { ifMatch: '"abc"' }, CURRENT, PROCEED],
    ['If-Match in a list', 'write', { ifMatch: '"x", "abc"' }, CURRENT, PROCEED],
    ['If-Match weak tag never matches', 'write', { ifMatch: 'W/"abc"' }, CURRENT, FAILED],
    ['If-Match against a weak current tag', 'write', { ifMatch: '"abc"' }, { etag: 'W/"abc"', lastModifiedMs: T }, FAILED],
    ['If-Match * with a representation', 'write', { ifMatch: '*' }, CURRENT, PROCEED],
    ['If-Match * without one', 'write', { ifMatch: '*' }, null, FAILED],
    ['If-Match on a read fails too', 'read', { ifMatch: '"xyz"' }, CURRENT, FAILED],
    ['If-Match malformed: matches nothing', 'write', { ifMatch: 'abc' }, CURRENT, FAILED],
    ['If-Match empty list: matches nothing', 'write', { ifMatch: '' }, CURRENT, FAILED],
    ['If-Match opaque tags are case-sensitive', 'write', { ifMatch: '"ABC"' }, CURRENT, FAILED],
    // If-Unmodified-Since.
    ['If-Unmodified-Since at Last-Modified (to the second)', 'write', { ifUnmodifiedSince: AT_T }, CURRENT, PROCEED],
    ['If-Unmodified-Since after', 'write', { ifUnmodifiedSince: AFTER_T }, CURRENT, PROCEED],
    ['If-Unmodified-Since before', 'write', { ifUnmodifiedSince: BEFORE_T }, CURRENT, FAILED],
    ['If-Unmodified-Since unparsable: ignored', 'write', { ifUnmodifiedSince: '2024-01-10T11:00:00Z' }, CURRENT, PROCEED],
    ['If-Unmodified-Since without a representation: ignored', 'write', { ifUnmodifiedSince: BEFORE_T }, null, PROCEED],
    ['If-Unmodified-Since beside a passing If-Match: ignored', 'write', { ifMatch: '"abc"', ifUnmodifiedSince: BEFORE_T }, CURRENT, PROCEED],
    ['If-Unmodified-Since in rfc850 form', 'write', { ifUnmodifiedSince: 'Wednesday, 10-Jan-24 11:59:59 GMT' }, CURRENT, FAILED],
    ['If-Unmodified-Since in asctime form', 'write', { ifUnmodifiedSince: 'Wed Jan 10 12:00:00 2024' }, CURRENT, PROCEED],
    // If-None-Match: weak comparison.
    ['If-None-Match weak tag matches weakly (read)', 'read', { ifNoneMatch: 'W/"abc"' }, CURRENT, NOT_MODIFIED],
    ['If-None-Match weak tag matches weakly (write)', 'write', { ifNoneMatch: 'W/"abc"' }, CURRENT, FAILED],
    ['If-None-Match * on a missing file: create may go on', 'write', { ifNoneMatch: '*' }, null, PROCEED],
    ['If-None-Match * on an existing file: no overwrite', 'write', { ifNoneMatch: '*' }, CURRENT, FAILED],
    ['If-None-Match malformed: matches nothing', 'read', { ifNoneMatch: 'abc' }, CURRENT, PROCEED],
    ['If-None-Match malformed beside If-Modified-Since: still suppresses it', 'read', { ifNoneMatch: 'abc', ifModifiedSince: AT_T }, CURRENT, PROCEED],
    ['If-None-Match mismatch beside a matching If-Modified-Since', 'read', { ifNoneMatch: '"xyz"', ifModifiedSince: AT_T }, CURRENT, PROCEED],
    // If-Modified-Since: reads only, second precision.
    ['If-Modified-Since at Last-Modified, sub-second mtime', 'read', { ifModifiedSince: AT_T }, CURRENT, NOT_MODIFIED],
    ['If-Modified-Since after', 'read', { ifModifiedSince: AFTER_T }, CURRENT, NOT_MODIFIED],
    ['If-Modified-Since before', 'read', { ifModifiedSince: BEFORE_T }, CURRENT, PROCEED],
    ['If-Modified-Since on a write: ignored', 'write', { ifModifiedSince: AFTER_T }, CURRENT, PROCEED],
    ['If-Modified-Since unparsable: ignored', 'read', { ifModifiedSince: 'yesterday' }, CURRENT, PROCEED],
    ['If-Modified-Since with two dates: ignored', 'read', { ifModifiedSince: `${AT_T}, ${AT_T}` }, CURRENT, PROCEED],
    ['If-Modified-Since lowercase: not an HTTP-date', 'read', { ifModifiedSince: AT_T.toLowerCase() }, CURRENT, PROCEED],
    // Order: a failed If-Match wins over everything after it.
    ['If-Match fails before If-None-Match would 304', 'read', { ifMatch: '"xyz"', ifNoneMatch: '"abc"' }, CURRENT, FAILED],
    ['If-Unmodified-Since fails before If-Modified-Since would 304', 'read', { ifUnmodifiedSince: BEFORE_T, ifModifiedSince: AT_T }, CURRENT, FAILED],
    ['If-Match passes, then If-None-Match 304s', 'read', { ifMatch: '"abc"', ifNoneMatch: '"abc"' }, CURRENT, NOT_MODIFIED],
  ])('%s', (_name, kind, h, current, expected) => {
    expect(evaluateConditions(kind, h, current)).toEqual(expected);
  });
});

describe('evaluateConditions: every combination (§13.2.2 precedence)', () => {
  // Each field absent (-), matching the current representation (y) or not (n):
  //   If-Match          y = "abc"      n = "xyz"
  //   If-Unmodified-Since y = at Last-Modified   n = a second before it
  //   If-None-Match     y = "abc"      n = "xyz"
  //   If-Modified-Since y = at Last-Modified   n = a second before it
  // The same fields go against a missing file, where nothing can match and dates are ignored.
  // Columns: status for read/exists, read/missing, write/exists, write/missing.
  const FIELD_VALUES = {
    ifMatch: { y: '"abc"', n: '"xyz"' },
    ifUnmodifiedSince: { y: AT_T, n: BEFORE_T },
    ifNoneMatch: { y: '"abc"', n: '"xyz"' },
    ifModifiedSince: { y: AT_T, n: BEFORE_T },
  } as const;
  const STATUS: Record<ConditionOutcome['kind'], string> = { proceed: '200', 'not-modified': '304', 'precondition-failed': '412' };

  test.each<[string, string]>([
    ['----', '200 200 200 200'],
    ['---y', '304 200 200 200'],
    ['---n', '200 200 200 200'],
    ['--y-', '304 200 412 200'],
    ['--yy', '304 200 412 200'],
    ['--yn', '304 200 412 200'],
    ['--n-', '200 200 200 200'],
    ['--ny', '200 200 200 200'],
    ['--nn', '200 200 200 200'],
    ['-y--', '200 200 200 200'],
    ['-y-y', '304 200 200 200'],
    ['-y-n', '200 200 200 200'],
    ['-yy-', '304 200 412 200'],
    ['-yyy', '304 200 412 200'],
    ['-yyn', '304 200 412 200'],
    ['-yn-', '200 200 200 200'],
    ['-yny', '200 200 200 200'],
    ['-ynn', '200 200 200 200'],
    ['-n--', '412 200 412 200'],
    ['-n-y', '412 200 412 200'],
    ['-n-n', '412 200 412 200'],
    ['-ny-', '412 200 412 200'],
    ['-nyy', '412 200 412 200'],
    ['-nyn', '412 200 412 200'],
    ['-nn-', '412 200 412 200'],
    ['-nny', '412 200 412 200'],
    ['-nnn', '412 200 412 200'],
    ['y---', '200 412 200 412'],
    ['y--y', '304 412 200 412'],
    ['y--n', '200 412 200 412'],
    ['y-y-', '304 412 412 412'],
    ['y-yy', '304 412 412 412'],
    ['y-yn', '304 412 412 412'],
    ['y-n-', '200 412 200 412'],
    ['y-ny', '200 412 200 412'],
    ['y-nn', '200 412 200 412'],
    ['yy--', '200 412 200 412'],
    ['yy-y', '304 412 200 412'],
    ['yy-n', '200 412 200 412'],
    ['yyy-', '304 412 412 412'],
    ['yyyy', '304 412 412 412'],
    ['yyyn', '304 412 412 412'],
    ['yyn-', '200 412 200 412'],
    ['yyny', '200 412 200 412'],
    ['yynn', '200 412 200 412'],
    ['yn--', '200 412 200 412'],
    ['yn-y', '304 412 200 412'],
    ['yn-n', '200 412 200 412'],
    ['yny-', '304 412 412 412'],
    ['ynyy', '304 412 412 412'],
    ['ynyn', '304 412 412 412'],
    ['ynn-', '200 412 200 412'],
    ['ynny', '200 412 200 412'],
    ['ynnn', '200 412 200 412'],
    ['n---', '412 412 412 412'],
    ['n--y', '412 412 412 412'],
    ['n--n', '412 412 412 412'],
    ['n-y-', '412 412 412 412'],
    ['n-yy', '412 412 412 412'],
    ['n-yn', '412 412 412 412'],
    ['n-n-', '412 412 412 412'],
    ['n-ny', '412 412 412 412'],
    ['n-nn', '412 412 412 412'],
    ['ny--', '412 412 412 412'],
    ['ny-y', '412 412 412 412'],
    ['ny-n', '412 412 412 412'],
    ['nyy-', '412 412 412 412'],
    ['nyyy', '412 412 412 412'],
    ['nyyn', '412 412 412 412'],
    ['nyn-', '412 412 412 412'],
    ['nyny', '412 412 412 412'],
    ['nynn', '412 412 412 412'],
    ['nn--', '412 412 412 412'],
    ['nn-y', '412 412 412 412'],
    ['nn-n', '412 412 412 412'],
    ['nny-', '412 412 412 412'],
    ['nnyy', '412 412 412 412'],
    ['nnyn', '412 412 412 412'],
    ['nnn-', '412 412 412 412'],
    ['nnny', '412 412 412 412'],
    ['nnnn', '412 412 412 412'],
  ])('IM IUS INM IMS = %s -> %s', (states, expected) => {
    const names = ['ifMatch', 'ifUnmodifiedSince', 'ifNoneMatch', 'ifModifiedSince'] as const;
    const h: Record<string, string> = {};
    names.forEach((name, i) => {
      const state = states[i];
      if (state === 'y' || state === 'n') h[name] = FIELD_VALUES[name][state];
    });
    const got = (['read', 'write'] as const).flatMap((kind) =>
      [CURRENT, null].map((current) => STATUS[evaluateConditions(kind, h, current).kind]),
    );
    expect(got.join(' ')).toBe(expected);
  });
});

describe('ifRangeAllows (§13.1.5)', () => {
  const NOW_LATER = T + 60_000;
  test.each<[string, string | undefined, CurrentRepresentation, number | undefined, boolean]>([
    ['no If-Range', undefined, CURRENT, undefined, true],
    ['no If-Range, missing file', undefined, null, undefined, true],
    ['strong tag that matches', '"abc"', CURRENT, undefined, true],
    ['strong tag with OWS', ' "abc" ', CURRENT, undefined, true],
    ['strong tag that differs', '"xyz"', CURRENT, undefined, false],
    ['weak tag, same opaque-tag', 'W/"abc"', CURRENT, undefined, false],
    ['strong tag against a weak current tag', '"abc"', { etag: 'W/"abc"', lastModifiedMs: T }, undefined, false],
    ['a list is not an If-Range', '"abc", "xyz"', CURRENT, undefined, false],
    ['*', '*', CURRENT, undefined, false],
    ['unquoted tag', 'abc', CURRENT, undefined, false],
    ['malformed tag', '"abc', CURRENT, undefined, false],
    ['date equal to Last-Modified (to the second)', AT_T, CURRENT, undefined, true],
    ['date equal, Last-Modified a minute old', AT_T, CURRENT, NOW_LATER, true],
    ['date equal, Last-Modified in the current second: weak', AT_T, CURRENT, T + 900, false],
    ['date equal, now a second later', AT_T, CURRENT, T + 1000, true],
    ['date before Last-Modified', BEFORE_T, CURRENT, undefined, false],
    ['date after Last-Modified: not equal, so false', AFTER_T, CURRENT, undefined, false],
    ['date in rfc850 form', 'Wednesday, 10-Jan-24 12:00:00 GMT', CURRENT, undefined, true],
    ['date in asctime form', 'Wed Jan 10 12:00:00 2024', CURRENT, undefined, true],
    ['unparsable date', '2024-01-10T12:00:00Z', CURRENT, undefined, false],
    ['empty', '', CURRENT, undefined, false],
    ['missing file, matching tag', '"abc"', null, undefined, false],
    ['missing file, date', AT_T, null, undefined, false],
  ])('%s', (_name, ifRange, current, now, expected) => {
    expect(ifRangeAllows(ifRange, current, now)).toBe(expected);
  });
});
