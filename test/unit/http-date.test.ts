import { describe, expect, test } from 'vitest';
import { formatHttpDate, parseHttpDate } from '../../src/http/http-date.js';

// RFC 9110 §5.6.7's example instant, written in its three forms.
const EXAMPLE = Date.UTC(1994, 10, 6, 8, 49, 37);
// A fixed "now" for the rfc850 two-digit years.
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);

describe('formatHttpDate (IMF-fixdate)', () => {
  test.each<[number, string]>([
    [EXAMPLE, 'Sun, 06 Nov 1994 08:49:37 GMT'],
    [EXAMPLE + 999, 'Sun, 06 Nov 1994 08:49:37 GMT'], // truncated to the second, not rounded
    [0, 'Thu, 01 Jan 1970 00:00:00 GMT'],
    [-1, 'Wed, 31 Dec 1969 23:59:59 GMT'],
    [Date.UTC(2000, 1, 29, 23, 59, 59), 'Tue, 29 Feb 2000 23:59:59 GMT'],
    [Date.UTC(9999, 11, 31, 23, 59, 59, 999), 'Fri, 31 Dec 9999 23:59:59 GMT'],
    [-62167219200000, 'Sat, 01 Jan 0000 00:00:00 GMT'], // year 0, padded to 4 digits
    [-61536067200000, 'Wed, 01 Jan 0020 00:00:00 GMT'],
  ])('%d -> %s', (ms, expected) => {
    expect(formatHttpDate(ms)).toBe(expected);
  });

  test.each<[number]>([[NaN], [Infinity], [-Infinity], [-62167219200001], [Date.UTC(10000, 0, 1)]])(
    '%d is outside IMF-fixdate: RangeError',
    (ms) => {
      expect(() => formatHttpDate(ms)).toThrow(RangeError);
    },
  );

  test.each<[number]>([[EXAMPLE], [0], [Date.UTC(2038, 0, 19, 3, 14, 8)], [Date.UTC(1, 5, 15)]])(
    'parse(format(%d)) gives it back',
    (ms) => {
      expect(parseHttpDate(formatHttpDate(ms))).toBe(ms);
    },
  );
});

describe('parseHttpDate (strict)', () => {
  test.each<[string, number | null]>([
    // The three forms of RFC 9110 §5.6.7's example.
    ['Sun, 06 Nov 1994 08:49:37 GMT', EXAMPLE],
    ['Sunday, 06-Nov-94 08:49:37 GMT', EXAMPLE],
    ['Sun Nov  6 08:49:37 1994', EXAMPLE],
    ['Sun Nov 06 08:49:37 1994', EXAMPLE], // asctime: 2DIGIT day is allowed too
    // IMF-fixdate edges.
    ['Thu, 01 Jan 1970 00:00:00 GMT', 0],
    ['Tue, 29 Feb 2000 12:00:00 GMT', Date.UTC(2000, 1, 29, 12)],
    ['Fri, 31 Dec 9999 23:59:59 GMT', Date.UTC(9999, 11, 31, 23, 59, 59)],
    ['Wed, 31 Dec 2008 23:59:60 GMT', Date.UTC(2009, 0, 1)], // leap second: the grammar allows 60
    // Not HTTP-dates.
    ['', null],
    ['garbage', null],
    ['Sun, 06 Nov 1994 08:49:37 UTC', null],
    ['Sun, 06 Nov 1994 08:49:37 gmt', null], // %s"GMT" is case-sensitive
    ['sun, 06 Nov 1994 08:49:37 GMT', null],
    ['Sun, 06 nov 1994 08:49:37 GMT', null],
    ['Sun, 06 NOV 1994 08:49:37 GMT', null],
    ['Sun, 6 Nov 1994 08:49:37 GMT', null], // day is 2DIGIT
    ['Sun, 06 Nov 94 08:49:37 GMT', null], // year is 4DIGIT in IMF-fixdate
    ['Sun, 06 Nov 1994 8:49:37 GMT', null],
    ['Sun,  06 Nov 1994 08:49:37 GMT', null],
    [' Sun, 06 Nov 1994 08:49:37 GMT', null],
    ['Sun, 06 Nov 1994 08:49:37 GMT ', null],
    ['Sun, 06 Nov 1994 08:49:37 +0000', null],
    ['Sun, 06 Nov 1994 08:49 GMT', null],
    ['Sun, 06 Nov 1994 08:49:37.123 GMT', null],
    ['Sun, 06 Foo 1994 08:49:37 GMT', null],
    ['Sun, 06 Nov 1994 24:00:00 GMT', null],
    ['Sun, 06 Nov 1994 08:60:00 GMT', null],
    ['Sun, 06 Nov 1994 08:49:61 GMT', null],
    ['Sun, 00 Nov 1994 08:49:37 GMT', null],
    ['Thu, 31 Nov 1994 08:49:37 GMT', null], // November has 30 days
    ['Thu, 29 Feb 2001 08:49:37 GMT', null], // 2001 is not a leap year
    ['Mon, 06 Nov 1994 08:49:37 GMT', null], // 6 Nov 1994 was a Sunday
    ['Sunday, 06 Nov 1994 08:49:37 GMT', null], // long day name belongs to rfc850 only
    ['Sun, 06-Nov-94 08:49:37 GMT', null], // short day name belongs to IMF-fixdate only
    ['Monday, 06-Nov-94 08:49:37 GMT', null],
    ['Sunday, 06-Nov-1994 08:49:37 GMT', null],
    ['Sun Nov 6 08:49:37 1994', null], // asctime pads a 1-digit day with a space
    ['Sun Nov  6 08:49:37 1994 GMT', null],
    ['Sun Nov  6 08:49:37 94', null],
    ['1994-11-06T08:49:37Z', null], // ISO 8601: Date.parse takes it, HTTP does not
    ['784111777', null],
    ['Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT', null], // a list, not a date
  ])('%j -> %s', (value, expected) => {
    expect(parseHttpDate(value, NOW)).toBe(expected);
  });

  // rfc850-date's two-digit year: more than 50 years ahead of now means the century before.
  test.each<[string, number, number]>([
    ['Sunday, 06-Nov-94 08:49:37 GMT', NOW, 1994],
    ['Wednesday, 01-Jan-70 00:00:00 GMT', NOW, 2070], // 44 years ahead: this century
    ['Thursday, 01-Jan-26 00:00:00 GMT', NOW, 2026],
    ['Friday, 01-Jan-66 00:00:00 GMT', NOW, 2066], // 39 years ahead: this century
    ['Monday, 30-Nov-76 00:00:00 GMT', NOW, 2076], // 50 years less a day ahead: this century
    ['Thursday, 02-Dec-76 00:00:00 GMT', NOW, 1976], // 50 years and a day ahead: last century
    ['Saturday, 01-Jan-77 00:00:00 GMT', NOW, 1977],
    ['Saturday, 01-Jan-00 00:00:00 GMT', NOW, 2000],
    ['Monday, 01-Jan-00 00:00:00 GMT', Date.UTC(1960, 0, 1), 1900], // the past needs no rule
    ['Friday, 01-Jan-99 00:00:00 GMT', Date.UTC(2001, 0, 1), 1999],
  ])('%j (now %d) -> year %d', (value, now, year) => {
    const ms = parseHttpDate(value, now);
    expect(ms === null ? null : new Date(ms).getUTCFullYear()).toBe(year);
  });
});

describe('the remembered last date does not leak into other answers', () => {
  test('alternating instants and texts each get their own answer', () => {
    const pairs: [number, string][] = [
      [784111777000, 'Sun, 06 Nov 1994 08:49:37 GMT'],
      [784111778000, 'Sun, 06 Nov 1994 08:49:38 GMT'],
      [4102444800000, 'Fri, 01 Jan 2100 00:00:00 GMT'],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [ms, text] of pairs) {
        expect(formatHttpDate(ms + 999)).toBe(text);
        expect(parseHttpDate(text)).toBe(ms);
        expect(parseHttpDate(`${text} `)).toBeNull();
      }
    }
  });

  test('an rfc850-date is read against the clock it is given, every time', () => {
    const value = 'Sunday, 06-Nov-94 08:49:37 GMT';
    expect(parseHttpDate(value, Date.UTC(2026, 0, 1))).toBe(784111777000);
    // In 2150, "94" means 2194, and 6 Nov 2194 is no Sunday: not a date.
    expect(parseHttpDate(value, Date.UTC(2150, 0, 1))).toBeNull();
    expect(parseHttpDate(value, Date.UTC(2026, 0, 1))).toBe(784111777000);
  });
});
