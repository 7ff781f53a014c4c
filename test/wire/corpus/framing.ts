/**
 * Corpus rows: message body framing, Content-Length (RFC 9110 §8.6) and Transfer-Encoding
 * (RFC 9112 §6). `P` is a POST request line and Host (26 bytes).
 */
import { E, GET, GET_RECORD, HOST, at, done, err, rq, t, type Header, type Row } from '../row.js';

const P = 'POST / HTTP/1.1\r\nHost: h\r\n';
const post = (...lines: string[]): string => P + lines.join('') + '\r\n';
const MAX_SAFE = '9007199254740991';

const withLength = (name: string, value: string, length: number, reason: string): Row =>
  t(name, post(`Content-Length: ${value}\r\n`), done(rq('POST', '/', { h: [HOST, ['Content-Length', value.trim()]], len: length })), reason);
/** Content-Length whose value (starting with `value`) is rejected at its start. */
const badLength = (name: string, value: string, code: number, reason: string): Row =>
  t(name, post(`Content-Length: ${value}\r\n`), (s) => err(code, at(s, 'Content-Length: ') + 16), reason);

const chunkedWith = (name: string, lines: string[], headers: Header[], reason: string): Row =>
  t(name, post(...lines), done(rq('POST', '/', { h: [HOST, ...headers], chunked: true })), reason);
/** Transfer-Encoding lines rejected with `code` at the first occurrence of `marker`. */
const badCoding = (name: string, lines: string[], code: number, marker: string, reason: string): Row =>
  t(name, post(...lines), (s) => err(code, at(s, marker)), reason);

export const framingRows: Row[] = [
  // Content-Length.
  t('Content-Length body is left to the caller', post('Content-Length: 5\r\n') + 'hello',
    done(rq('POST', '/', { h: [HOST, ['Content-Length', '5']], len: 5 })),
    'spec §1: stop after a head with length > 0; RFC 9112 §6.2', {}, { bodies: ['hello'], end: { state: 'idle' } }),
  t('Content-Length: 0 goes on to the next head', post('Content-Length: 0\r\n') + GET,
    done(rq('POST', '/', { h: [HOST, ['Content-Length', '0']], len: 0 }), GET_RECORD()),
    'spec §1: framing length 0 does not stop the parser', {}, { bodies: ['', ''], end: { state: 'idle' } }),
  withLength('Content-Length 2^53 - 1', MAX_SAFE, 2 ** 53 - 1, 'spec §3: values up to 2^53 - 1'),
  withLength('Content-Length 2^32 (high word 1)', '4294967296', 2 ** 32, 'spec §2: F_LENGTH_HI / F_LENGTH_LO'),
  withLength('Content-Length 2^32 - 1', '4294967295', 2 ** 32 - 1, 'spec §2'),
  withLength('leading zeros do not count', '000' + MAX_SAFE, 2 ** 53 - 1, 'spec §3: leading zeros allowed, not counted towards the size'),
  withLength('all zeros', '00000', 0, 'RFC 9110 §8.6: Content-Length = 1*DIGIT'),
  withLength('many leading zeros then 1', '000000000000000000000000000001', 1, 'spec §3'),
  withLength('OWS around the value', '  5 ', 5, 'RFC 9112 §5: OWS trimmed'),
  badLength('Content-Length 2^53', '9007199254740992', E.CONTENT_LENGTH_TOO_LARGE, 'spec §3: above 2^53 - 1'),
  badLength('Content-Length 2^64 (wraps a u64)', '18446744073709551616', E.CONTENT_LENGTH_TOO_LARGE, 'spec §3'),
  badLength('Content-Length 2^65', '36893488147419103232', E.CONTENT_LENGTH_TOO_LARGE, 'spec §3'),
  badLength('Content-Length with 23 digits', '99999999999999999999999', E.CONTENT_LENGTH_TOO_LARGE, 'spec §3'),
  badLength('Content-Length with a plus sign', '+5', E.INVALID_CONTENT_LENGTH, 'RFC 9110 §8.6: 1*DIGIT'),
  badLength('Content-Length with a minus sign', '-5', E.INVALID_CONTENT_LENGTH, 'RFC 9110 §8.6'),
  badLength('Content-Length with inner SP', '5 5', E.INVALID_CONTENT_LENGTH, 'RFC 9110 §8.6'),
  badLength('Content-Length list without OWS', '5,5', E.INVALID_CONTENT_LENGTH, 'spec §3: a list is not 1*DIGIT'),
  badLength('Content-Length list with OWS', '5, 5', E.INVALID_CONTENT_LENGTH, 'spec §3: stricter than RFC 9110 §8.6 list handling'),
  badLength('Content-Length hex', '0x5', E.INVALID_CONTENT_LENGTH, 'RFC 9110 §8.6'),
  badLength('Content-Length decimal point', '5.0', E.INVALID_CONTENT_LENGTH, 'RFC 9110 §8.6'),
  badLength('Content-Length exponent', '1e3', E.INVALID_CONTENT_LENGTH, 'RFC 9110 §8.6'),
  badLength('Content-Length quoted', '"5"', E.INVALID_CONTENT_LENGTH, 'RFC 9110 §8.6'),
  badLength('Content-Length superscript two (obs-text)', '\xb2', E.INVALID_CONTENT_LENGTH, 'RFC 9110 §8.6: DIGIT is ASCII'),
  t('empty Content-Length', post('Content-Length:\r\n'), (s) => err(E.INVALID_CONTENT_LENGTH, at(s, 'Content-Length:') + 15), 'spec §3: an empty value is invalid (value start is the CR)'),
  t('two equal Content-Length', post('Content-Length: 5\r\n', 'Content-Length: 5\r\n'), done(rq('POST', '/', { h: [HOST, ['Content-Length', '5'], ['Content-Length', '5']], len: 5 })), 'RFC 9110 §8.6: identical repeats are one value'),
  t('equal Content-Length with leading zero', post('Content-Length: 5\r\n', 'Content-Length: 05\r\n'), done(rq('POST', '/', { h: [HOST, ['Content-Length', '5'], ['Content-Length', '05']], len: 5 })), 'spec §3: the value is the number; leading zeros do not count'),
  t('conflicting Content-Length', post('Content-Length: 5\r\n', 'Content-Length: 6\r\n'), (s) => err(E.CONFLICTING_CONTENT_LENGTH, at(s, '6')), 'RFC 9112 §6.3: differing lengths are unrecoverable'),
  t('third Content-Length conflicts', post('Content-Length: 5\r\n', 'Content-Length: 5\r\n', 'Content-Length: 7\r\n'), (s) => err(E.CONFLICTING_CONTENT_LENGTH, at(s, '7')), 'spec §3: compared with the first'),
  t('conflict found before a later invalid one', post('Content-Length: 5\r\n', 'Content-Length: 6\r\n', 'Content-Length: x\r\n'), (s) => err(E.CONFLICTING_CONTENT_LENGTH, at(s, '6')), 'spec §3: each header in order'),
  t('invalid first Content-Length', post('Content-Length: abc\r\n', 'Content-Length: 5\r\n'), (s) => err(E.INVALID_CONTENT_LENGTH, at(s, 'abc')), 'spec §3: each header in order'),
  t('invalid second Content-Length', post('Content-Length: 5\r\n', 'Content-Length: x\r\n'), (s) => err(E.INVALID_CONTENT_LENGTH, at(s, 'x\r')), 'spec §3'),
  t('too large second Content-Length', post('Content-Length: 5\r\n', 'Content-Length: 99999999999999999999\r\n'), (s) => err(E.CONTENT_LENGTH_TOO_LARGE, at(s, '999')), 'spec §3'),
  t('too large first Content-Length', post('Content-Length: 99999999999999999999\r\n', 'Content-Length: 5\r\n'), (s) => err(E.CONTENT_LENGTH_TOO_LARGE, at(s, '999')), 'spec §3'),
  t('GET with a body', 'GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi', done(rq('GET', '/', { h: [HOST, ['Content-Length', '2']], len: 2 })), 'RFC 9112 §6.3: framing does not depend on the method', {}, { bodies: ['hi'], end: { state: 'idle' } }),
  t('HTTP/1.0 with Content-Length', 'POST / HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc', done(rq('POST', '/', { v: 0, h: [['Content-Length', '3']], len: 3 })), 'RFC 9112 §6.3', {}, { bodies: ['abc'], end: { state: 'idle' } }),
  t('body not yet complete', post('Content-Length: 10\r\n') + 'abc', done(rq('POST', '/', { h: [HOST, ['Content-Length', '10']], len: 10 })), 'spec §1', {}, { bodies: ['abc'], end: { state: 'in-length-body', remaining: 7 } }),

  // Transfer-Encoding.
  t('chunked body is left to the decoder', post('Transfer-Encoding: chunked\r\n') + '5\r\nhello\r\n0\r\n\r\n',
    done(rq('POST', '/', { h: [HOST, ['Transfer-Encoding', 'chunked']], chunked: true })),
    'RFC 9112 §6.1, §7.1; spec §1: stop after a chunked head', {}, { bodies: ['hello'], end: { state: 'idle' } }),
  chunkedWith('chunked in capitals', ['Transfer-Encoding: CHUNKED\r\n'], [['Transfer-Encoding', 'CHUNKED']], 'RFC 9112 §7: transfer-coding names are case-insensitive'),
  chunkedWith('chunked with OWS', ['Transfer-Encoding:   chunked \t\r\n'], [['Transfer-Encoding', 'chunked']], 'RFC 9112 §5'),
  chunkedWith('HTAB before chunked', ['Transfer-Encoding:\tchunked\r\n'], [['Transfer-Encoding', 'chunked']], 'RFC 9110 §5.6.3: OWS includes HTAB'),
  chunkedWith('empty element before chunked', ['Transfer-Encoding: ,chunked\r\n'], [['Transfer-Encoding', ',chunked']], 'RFC 9110 §5.6.1: empty elements ignored'),
  chunkedWith('empty element after chunked', ['Transfer-Encoding: chunked,\r\n'], [['Transfer-Encoding', 'chunked,']], 'spec §3: chunked is the last non-empty element'),
  chunkedWith('empty elements around chunked', ['Transfer-Encoding: , chunked , ,\r\n'], [['Transfer-Encoding', ', chunked , ,']], 'RFC 9110 §5.6.1'),
  chunkedWith('empty TE line then chunked', ['Transfer-Encoding:\r\n', 'Transfer-Encoding: chunked\r\n'], [['Transfer-Encoding', ''], ['Transfer-Encoding', 'chunked']], 'spec §3: all TE values form one list'),
  chunkedWith('chunked then an empty TE line', ['Transfer-Encoding: chunked\r\n', 'Transfer-Encoding: \r\n'], [['Transfer-Encoding', 'chunked'], ['Transfer-Encoding', '']], 'spec §3: last non-empty element'),
  badCoding('gzip then chunked', ['Transfer-Encoding: gzip, chunked\r\n'], E.UNSUPPORTED_TRANSFER_CODING, 'gzip', 'RFC 9112 §6.1: 501 for an unknown coding; spec supports chunked only'),
  badCoding('chunked then gzip', ['Transfer-Encoding: chunked, gzip\r\n'], E.INVALID_TRANSFER_ENCODING, 'chunked', 'RFC 9112 §6.3: chunked MUST be final'),
  badCoding('identity', ['Transfer-Encoding: identity\r\n'], E.UNSUPPORTED_TRANSFER_CODING, 'identity', 'RFC 9112 §7: identity is not a registered coding'),
  badCoding('identity then chunked', ['Transfer-Encoding: identity, chunked\r\n'], E.UNSUPPORTED_TRANSFER_CODING, 'identity', 'spec §3: element by element'),
  badCoding('chunked with a parameter', ['Transfer-Encoding: chunked;q=1\r\n'], E.UNSUPPORTED_TRANSFER_CODING, 'chunked', 'spec §3: the element is not exactly chunked'),
  badCoding('chun ked', ['Transfer-Encoding: chun ked\r\n'], E.UNSUPPORTED_TRANSFER_CODING, 'chun', 'spec §3'),
  badCoding('chunked with obs-text', ['Transfer-Encoding: chunked\xff\r\n'], E.UNSUPPORTED_TRANSFER_CODING, 'chunked', 'spec §3'),
  badCoding('gzip line then chunked line', ['Transfer-Encoding: gzip\r\n', 'Transfer-Encoding: chunked\r\n'], E.UNSUPPORTED_TRANSFER_CODING, 'gzip', 'spec §3: one list over all lines'),
  badCoding('chunked line then gzip line', ['Transfer-Encoding: chunked\r\n', 'Transfer-Encoding: gzip\r\n'], E.INVALID_TRANSFER_ENCODING, 'chunked', 'RFC 9112 §6.3: chunked MUST be final'),
  t('empty Transfer-Encoding', post('Transfer-Encoding:\r\n'), (s) => err(E.INVALID_TRANSFER_ENCODING, at(s, 'Transfer-Encoding:') + 18), 'spec §3: no non-empty element, at the first value start'),
  badCoding('only commas', ['Transfer-Encoding: , ,\r\n'], E.INVALID_TRANSFER_ENCODING, ',', 'spec §3: no non-empty element'),
  t('only commas over two lines', post('Transfer-Encoding: ,\r\n', 'Transfer-Encoding: ,,\r\n'), (s) => err(E.INVALID_TRANSFER_ENCODING, at(s, ',')), 'spec §3: at the value start of the first TE header'),
  t('Transfer-Encoding in HTTP/1.0', 'POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n', (s) => err(E.INVALID_TRANSFER_ENCODING, at(s, 'chunked')), 'RFC 9112 §6.1: a 1.0 message with TE is faulty framing'),
  t('gzip in HTTP/1.0 is the version error', 'POST / HTTP/1.0\r\nTransfer-Encoding: gzip\r\n\r\n', (s) => err(E.INVALID_TRANSFER_ENCODING, at(s, 'gzip')), 'spec §3: check 2a before 2b'),
  t('empty TE in HTTP/1.0 is at its value start', 'POST / HTTP/1.0\r\nTransfer-Encoding: \r\n\r\n', (s) => err(E.INVALID_TRANSFER_ENCODING, at(s, '\r\n\r\n')), 'spec §3: value start of an empty value is the CR'),
];
