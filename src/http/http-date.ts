/**
 * HTTP-date (RFC 9110 §5.6.7): formats IMF-fixdate, parses it and the two obsolete forms.
 *
 *   IMF-fixdate  = day-name "," SP day SP month SP year SP hour ":" minute ":" second SP "GMT"
 *   rfc850-date  = day-name-l "," SP day "-" month "-" 2DIGIT SP time-of-day SP "GMT"
 *   asctime-date = day-name SP month SP ( 2DIGIT / ( SP DIGIT ) ) SP time-of-day SP year
 *
 * Parsing is strict, unlike Date.parse: the grammar is case-sensitive (%s"…"), fields have fixed
 * widths, and the day must exist in its month. The weekday must be the date's own: a value that
 * names the wrong one is refused. A refused date makes its field be ignored (RFC 9110 §13.1.3,
 * §13.1.4), which costs a full response at worst, never a wrong 304 or 412.
 */

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const DAY_NAMES_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

// The earliest and latest instants a 4-digit year can name (0000-01-01 .. 9999-12-31T23:59:59).
const MIN_FORMATTABLE_MS = utc(0, 0, 1, 0, 0, 0);
const MAX_FORMATTABLE_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * The IMF-fixdate of an instant, truncated to the second (HTTP dates have no fractions).
 * Throws RangeError for an instant outside years 0000-9999, which IMF-fixdate cannot write: a
 * caller formatting a file's mtime clamps it to now first (RFC 9110 §8.8.2.1), so only a
 * programming error reaches this.
 */
export function formatHttpDate(ms: number): string {
  if (!Number.isFinite(ms) || ms < MIN_FORMATTABLE_MS || ms > MAX_FORMATTABLE_MS) {
    throw new RangeError(`formatHttpDate: ${ms} is outside what IMF-fixdate can express`);
  }
  // One entry remembered: a busy file's Last-Modified is the same second request after request.
  const second = Math.floor(ms / 1000);
  if (second === lastFormatted.second) return lastFormatted.text;
  const d = new Date(ms);
  const year = String(d.getUTCFullYear()).padStart(4, '0');
  const text =
    `${DAY_NAMES[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${year} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} GMT`;
  lastFormatted = { second, text };
  return text;
}

let lastFormatted: { readonly second: number; readonly text: string } = { second: NaN, text: '' };
/** The last IMF-fixdate parsed (its value does not depend on the clock, unlike rfc850-date's). */
let lastParsed: { readonly value: string; readonly ms: number | null } = { value: '', ms: null };

const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850_DATE =
  /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) (\d{2}| \d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/**
 * The instant an HTTP-date names, in ms since the epoch, or null when `value` is not an
 * HTTP-date. `nowMs` resolves rfc850-date's two-digit year: a year that would be more than 50
 * years in the future means the most recent past year with the same two digits (§5.6.7).
 */
export function parseHttpDate(value: string, nowMs: number = Date.now()): number | null {
  // A client revalidating sends back the same Last-Modified again and again: one entry remembered.
  if (value === lastParsed.value) return lastParsed.ms;
  let m = IMF_FIXDATE.exec(value);
  if (m !== null) {
    const ms = build(DAY_NAMES.indexOf(m[1] as (typeof DAY_NAMES)[number]), m[2], m[3], Number(m[4]), m[5], m[6], m[7]);
    lastParsed = { value, ms };
    return ms;
  }
  m = RFC850_DATE.exec(value);
  if (m !== null) {
    const weekday = DAY_NAMES_LONG.indexOf(m[1] as (typeof DAY_NAMES_LONG)[number]);
    return build(weekday, m[2], m[3], twoDigitYear(Number(m[4]), m[3], m[2], nowMs), m[5], m[6], m[7]);
  }
  m = ASCTIME_DATE.exec(value);
  if (m !== null) {
    return build(DAY_NAMES.indexOf(m[1] as (typeof DAY_NAMES)[number]), m[3].trim(), m[2], Number(m[7]), m[4], m[5], m[6]);
  }
  return null;
}

/** The full year of rfc850-date's 2DIGIT year, by the 50-year rule of RFC 9110 §5.6.7. */
function twoDigitYear(yy: number, month: string, day: string, nowMs: number): number {
  const nowYear = new Date(nowMs).getUTCFullYear();
  let year = nowYear - (nowYear % 100) + yy;
  // "More than 50 years in the future": compare dates, not just years, at day precision.
  const monthIndex = Math.max(0, MONTHS.indexOf(month as (typeof MONTHS)[number]));
  const candidate = utc(year, monthIndex, Number(day), 0, 0, 0);
  const limit = new Date(nowMs);
  limit.setUTCFullYear(limit.getUTCFullYear() + 50);
  if (candidate > limit.getTime()) year -= 100;
  return year;
}

function utc(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, takes years 0..99 as they are.
  d.setUTCFullYear(year, month, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

function build(
  weekday: number,
  dayText: string,
  monthText: string,
  year: number,
  hourText: string,
  minuteText: string,
  secondText: string,
): number | null {
  const month = MONTHS.indexOf(monthText as (typeof MONTHS)[number]);
  if (month < 0) return null;
  const day = Number(dayText);
  const hour = Number(hourText);
  const minute = Number(minuteText);
  const second = Number(secondText);
  // second may be 60: the grammar allows a leap second; it reads as the next minute's 0.
  if (hour > 23 || minute > 59 || second > 60) return null;
  const daysInMonth = new Date(utc(year, month + 1, 0, 0, 0, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return null;
  const ms = utc(year, month, day, hour, minute, second);
  if (new Date(utc(year, month, day, 0, 0, 0)).getUTCDay() !== weekday) return null;
  return ms;
}
