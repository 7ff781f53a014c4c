/**
 * Corpus rows: the configured limits at exactly the limit and one over, and how they rank
 * against PARTIAL and other errors (spec §3 scan order: HEAD_TOO_LARGE, then PARTIAL, then the
 * byte itself). GET is 27 bytes.
 */
import { E, GET, GET_RECORD, HOST, done, err, partial, rq, t, type Row } from '../row.js';

const P = 'GET / HTTP/1.1\r\nHost: h\r\n';
const BAD_CL_HEAD = 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: x\r\n\r\n'; // 47 bytes, value at 42
const bigValueHead = (valueLength: number): string => `${P}X: ${'a'.repeat(valueLength)}\r\n\r\n`; // 32 + valueLength
const longTarget = (length: number): string => `GET /${'t'.repeat(length - 1)} HTTP/1.1\r\nHost: h\r\n\r\n`;

export const limitRows: Row[] = [
  // C_MAX_HEAD.
  t('head exactly at the head limit', GET, done(GET_RECORD()), 'spec §1: C_MAX_HEAD counts up to the end of the blank line', { maxHead: 27 }),
  t('head one byte over: the final LF', GET, err(E.HEAD_TOO_LARGE, 26), 'RFC 9112 §2.3 / RFC 6585 §5: 431; spec §3: at begin + C_MAX_HEAD', { maxHead: 26 }),
  t('head two bytes over: the final CR', GET, err(E.HEAD_TOO_LARGE, 25), 'spec §3', { maxHead: 25 }),
  t('input ends exactly at the head limit: too large, not partial', 'GET / HTTP', err(E.HEAD_TOO_LARGE, 10), 'spec §3: check 1 (size) before check 2 (end of input)', { maxHead: 10 }),
  t('input ends one byte before the head limit: partial', 'GET / HTT', partial(), 'spec §3', { maxHead: 10 }),
  t('an error before the head limit wins', 'GET / HTTX/1.1\r\nHost: h\r\n\r\n', err(E.INVALID_VERSION, 9), 'spec §3: left-to-right scan', { maxHead: 10 }),
  t('a bad byte at the head limit is never read', 'GET / HTTX/1.1\r\nHost: h\r\n\r\n', err(E.HEAD_TOO_LARGE, 9), 'spec §3: the size check comes before reading the byte', { maxHead: 9 }),
  t('leading empty line counts towards the head', '\r\n' + GET, done(rq('GET', '/', { h: [HOST], at: [2, 29] })), 'spec §1: leading empty lines included', { maxHead: 29 }),
  t('leading empty line makes the head too large', '\r\n' + GET, err(E.HEAD_TOO_LARGE, 28), 'spec §1', { maxHead: 28 }),
  t('only empty lines up to the head limit', '\r\n\r\n', err(E.HEAD_TOO_LARGE, 4), 'spec §3: size check before end-of-input check', { maxHead: 4 }),
  t('only empty lines under the head limit', '\r\n\r\n', partial(), 'spec §1', { maxHead: 5 }),
  t('each pipelined head has its own limit', GET + GET, done(GET_RECORD(), GET_RECORD()), 'spec §1: from where its parse began', { maxHead: 27 }),
  t('second pipelined head too large', GET + 'GET / HTTP/1.1\r\nHost: hh\r\n\r\n', err(E.HEAD_TOO_LARGE, 54, GET_RECORD()), 'spec §3: begin is R_CONSUMED of the previous record', { maxHead: 27 }),
  t('second head with its leading empty line at the limit', GET + '\r\n' + GET, done(GET_RECORD(), rq('GET', '/', { h: [HOST], at: [29, 56] })), 'spec §1', { maxHead: 29 }),
  t('second head with its leading empty line over the limit', GET + '\r\n' + GET, err(E.HEAD_TOO_LARGE, 55, GET_RECORD()), 'spec §1: begin includes the empty line', { maxHead: 28 }),
  t('end-of-head checks run when the head is exactly at the limit', BAD_CL_HEAD, err(E.INVALID_CONTENT_LENGTH, 42), 'spec §3: the blank line\'s LF was read', { maxHead: 47 }),
  t('end-of-head checks never run when the head is one over', BAD_CL_HEAD, err(E.HEAD_TOO_LARGE, 46), 'spec §3', { maxHead: 46 }),
  t('a 1000-byte value under the default limits', bigValueHead(1000), done(rq('GET', '/', { h: [HOST, ['X', 'a'.repeat(1000)]] })), 'spec §1: defaults'),
  t('head of exactly 16384 bytes under the default limit', bigValueHead(16384 - 32), done(rq('GET', '/', { h: [HOST, ['X', 'a'.repeat(16384 - 32)]] })), 'spec §1: default C_MAX_HEAD 16384'),
  t('head of 16385 bytes under the default limit', bigValueHead(16385 - 32), err(E.HEAD_TOO_LARGE, 16384), 'spec §1: default C_MAX_HEAD 16384'),

  // C_MAX_TARGET. The target starts at 4 in `GET ...`.
  t('target exactly at the target limit', 'GET /abc HTTP/1.1\r\nHost: h\r\n\r\n', done(rq('GET', '/abc', { h: [HOST] })), 'spec §3: the byte at targetStart + C_MAX_TARGET may be the SP', { maxTarget: 4 }),
  t('target one over the target limit', 'GET /abcd HTTP/1.1\r\nHost: h\r\n\r\n', err(E.TARGET_TOO_LONG, 8), 'RFC 9112 §3: 414; spec §3: at targetStart + C_MAX_TARGET', { maxTarget: 4 }),
  t('CR at the target limit is too long, not invalid', 'GET /abc\r\nHost: h\r\n\r\n', err(E.TARGET_TOO_LONG, 8), 'spec §3: the length check comes before the URI_CHAR check', { maxTarget: 4 }),
  t('CR under the target limit is invalid', 'GET /abc\r\nHost: h\r\n\r\n', err(E.INVALID_TARGET, 8), 'spec §3', { maxTarget: 5 }),
  t('forbidden byte before the target limit', 'GET /a<cd HTTP/1.1\r\nHost: h\r\n\r\n', err(E.INVALID_TARGET, 6), 'spec §3: left-to-right', { maxTarget: 4 }),
  t('input ends at the target limit: partial', 'GET /abc', partial(), 'spec §3: the PARTIAL check comes before the length check', { maxTarget: 4 }),
  t('target limit and head limit on the same byte: head wins', 'GET /abcd HTTP/1.1\r\nHost: h\r\n\r\n', err(E.HEAD_TOO_LARGE, 8), 'spec §3: HEAD_TOO_LARGE is checked first', { maxTarget: 4, maxHead: 8 }),
  t('input ends at both limits: head wins over partial', 'GET /abc', err(E.HEAD_TOO_LARGE, 8), 'spec §3', { maxTarget: 4, maxHead: 8 }),
  t('input ends at the target limit, under the head limit', 'GET /abc', partial(), 'spec §3', { maxTarget: 4, maxHead: 9 }),
  t('SP at the target limit, then a second SP', 'GET /abc  HTTP/1.1\r\nHost: h\r\n\r\n', err(E.INVALID_VERSION, 9), 'spec §3: the target is complete; the version must start', { maxTarget: 4 }),
  t('authority-form at the target limit', 'CONNECT h:44 HTTP/1.1\r\nHost: h\r\n\r\n', done(rq('CONNECT', 'h:44', { form: 'authority', h: [HOST] })), 'spec §3', { maxTarget: 4 }),
  t('authority-form over the target limit', 'CONNECT h:443 HTTP/1.1\r\nHost: h\r\n\r\n', err(E.TARGET_TOO_LONG, 12), 'spec §3: targetStart is 8', { maxTarget: 4 }),
  t('asterisk under a target limit of 1', 'OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n', done(rq('OPTIONS', '*', { form: 'asterisk', h: [HOST] })), 'spec §3', { maxTarget: 1 }),
  t('second pipelined target too long', GET + 'GET /abcd HTTP/1.1\r\nHost: h\r\n\r\n', err(E.TARGET_TOO_LONG, 35, GET_RECORD()), 'spec §3: from that head\'s targetStart', { maxTarget: 4 }),
  t('target of 8192 bytes under the default limit', longTarget(8192), done(rq('GET', '/' + 't'.repeat(8191), { h: [HOST] })), 'spec §1: default C_MAX_TARGET 8192'),
  t('target of 8193 bytes under the default limit', longTarget(8193), err(E.TARGET_TOO_LONG, 8196), 'spec §1: default C_MAX_TARGET 8192'),

  // C_MAX_HEADERS.
  t('header count exactly at the limit', GET, done(GET_RECORD()), 'spec §3', { maxHeaders: 1 }),
  t('header count one over the limit', P + 'X: y\r\n\r\n', err(E.TOO_MANY_HEADERS, 25), 'RFC 6585 §5: 431; spec §3: at the first byte of the extra line', { maxHeaders: 1 }),
  t('two headers under a limit of two', P + 'X: y\r\n\r\n', done(rq('GET', '/', { h: [HOST, ['X', 'y']] })), 'spec §3', { maxHeaders: 2 }),
  t('duplicates count as lines', P + 'X: 1\r\nX: 2\r\n\r\n', err(E.TOO_MANY_HEADERS, 31), 'spec §3: header field lines are counted', { maxHeaders: 2 }),
  t('obs-fold is found before the count', P + ' X\r\n\r\n', err(E.OBS_FOLD, 25), 'spec §3: SP/HTAB at a line start before the count check', { maxHeaders: 1 }),
  t('count is found before a bad name byte', P + '@: y\r\n\r\n', err(E.TOO_MANY_HEADERS, 25), 'spec §3: the count check before the tchar check', { maxHeaders: 1 }),
  t('count is found before a NUL', P + '\x00\r\n\r\n', err(E.TOO_MANY_HEADERS, 25), 'spec §3', { maxHeaders: 1 }),
  t('blank line at the limit ends the head', P + '\r\n', done(GET_RECORD()), 'spec §3: CR at a line start is the end of head', { maxHeaders: 1 }),
  t('bare CR at a line start at the limit', P + '\rX', err(E.BARE_CR, 25), 'spec §3: CR handling comes before the count', { maxHeaders: 1 }),
  t('input ends at a line start at the limit', P, partial(), 'spec §3: nothing is known about the next line yet', { maxHeaders: 1 }),
  t('no headers allowed, none given', 'GET / HTTP/1.0\r\n\r\n', done(rq('GET', '/', { v: 0 })), 'spec §3', { maxHeaders: 0 }),
  t('no headers allowed, one given', 'GET / HTTP/1.0\r\nX: y\r\n\r\n', err(E.TOO_MANY_HEADERS, 16), 'spec §3', { maxHeaders: 0 }),
  t('the count comes before the Host check', GET, err(E.TOO_MANY_HEADERS, 16), 'spec §3: Host is only checked at the end of the head', { maxHeaders: 0 }),
  t('each pipelined head has its own header count', GET + GET, done(GET_RECORD(), GET_RECORD()), 'spec §1: per head', { maxHeaders: 1 }),

  // C_CAPACITY (spec §1): with maxHeaders 2 a record may need 16 + 5 * 2 = 26 words; GET takes 21.
  t('capacity for exactly one record', GET + GET, done(GET_RECORD()), 'spec §1: stop when fewer than REC_FIXED + 5 * C_MAX_HEADERS words are left', { maxHeaders: 2, capacity: 16 + 26 }),
  t('capacity for exactly two records', GET + GET + GET, done(GET_RECORD(), GET_RECORD()), 'spec §1: 26 words left after the first record', { maxHeaders: 2, capacity: 16 + 21 + 26 }),
  t('capacity one word short of a second record', GET + GET, done(GET_RECORD()), 'spec §1: 25 words left', { maxHeaders: 2, capacity: 16 + 21 + 25 }),
  t('capacity below one record', GET, done(), 'spec §1: DONE with no record; R_CONSUMED == start', { maxHeaders: 2, capacity: 16 + 25 }),
  t('capacity below one record, even before bad bytes', '@@@', done(), 'spec §1: the parser stops before reading', { maxHeaders: 2, capacity: 16 + 25 }),
  t('a full record of maxHeaders headers fits exactly', P + 'X: y\r\n\r\n', done(rq('GET', '/', { h: [HOST, ['X', 'y']] })), 'spec §2: F_WORDS = 16 + 5 * 2', { maxHeaders: 2, capacity: 16 + 26 }),
  t('capacity stop comes before PARTIAL', GET + 'GE', done(GET_RECORD()), 'spec §1: the next record might not fit, DONE', { maxHeaders: 2, capacity: 16 + 26 }),
  t('capacity stop comes before an error', GET + '@', done(GET_RECORD()), 'spec §1: nothing after the stop is read', { maxHeaders: 2, capacity: 16 + 26 }),
];
