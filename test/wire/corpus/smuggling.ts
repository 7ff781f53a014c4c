/**
 * Corpus rows: request-smuggling classics. Each one is a way for two parsers to disagree on
 * where a body ends; ferroserve refuses them all (RFC 9112 §6.3, §11.2).
 */
import { E, HOST, at, done, err, rq, t, type Row } from '../row.js';

const P = 'POST / HTTP/1.1\r\nHost: h\r\n';
const post = (...lines: string[]): string => P + lines.join('') + '\r\n';

export const smugglingRows: Row[] = [
  t('CL then TE', post('Content-Length: 5\r\n', 'Transfer-Encoding: chunked\r\n'), (s) => err(E.CONTENT_LENGTH_WITH_TRANSFER_ENCODING, at(s, 'Content-Length')), 'RFC 9112 §6.3: both present is a smuggling vector; MAY reject, then close'),
  t('TE then CL', post('Transfer-Encoding: chunked\r\n', 'Content-Length: 5\r\n'), (s) => err(E.CONTENT_LENGTH_WITH_TRANSFER_ENCODING, at(s, 'Content-Length')), 'RFC 9112 §6.3'),
  t('TE with CL: 0', post('Transfer-Encoding: chunked\r\n', 'Content-Length: 0\r\n'), (s) => err(E.CONTENT_LENGTH_WITH_TRANSFER_ENCODING, at(s, 'Content-Length')), 'RFC 9112 §6.3'),
  t('TE with two CL: the first is reported', post('Content-Length: 5\r\n', 'Transfer-Encoding: chunked\r\n', 'Content-Length: 6\r\n'), (s) => err(E.CONTENT_LENGTH_WITH_TRANSFER_ENCODING, at(s, 'Content-Length')), 'spec §3: name start of the first Content-Length'),
  t('TE with an invalid CL: the combination is reported', post('Transfer-Encoding: chunked\r\n', 'Content-Length: abc\r\n'), (s) => err(E.CONTENT_LENGTH_WITH_TRANSFER_ENCODING, at(s, 'Content-Length')), 'spec §3: check 2c before check 3'),
  t('unsupported TE with CL: the coding is reported', post('Transfer-Encoding: gzip\r\n', 'Content-Length: 5\r\n'), (s) => err(E.UNSUPPORTED_TRANSFER_CODING, at(s, 'gzip')), 'spec §3: check 2b before 2c'),
  t('TE in HTTP/1.0 with CL', 'POST / HTTP/1.0\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n', (s) => err(E.INVALID_TRANSFER_ENCODING, at(s, 'chunked')), 'RFC 9112 §6.1: TE in 1.0 is faulty framing; spec check 2a'),
  t('xchunked', post('Transfer-Encoding: xchunked\r\n'), (s) => err(E.UNSUPPORTED_TRANSFER_CODING, at(s, 'xchunked')), 'RFC 9112 §6.1: unknown coding, 501'),
  t('xchunked with CL', post('Transfer-Encoding: xchunked\r\n', 'Content-Length: 5\r\n'), (s) => err(E.UNSUPPORTED_TRANSFER_CODING, at(s, 'xchunked')), 'spec §3'),
  t('chunked twice on two lines', post('Transfer-Encoding: chunked\r\n', 'Transfer-Encoding: chunked\r\n'), (s) => err(E.INVALID_TRANSFER_ENCODING, at(s, 'chunked')), 'RFC 9112 §6.1: chunked MUST NOT be applied more than once'),
  t('chunked twice on one line', post('Transfer-Encoding: chunked, chunked\r\n'), (s) => err(E.INVALID_TRANSFER_ENCODING, at(s, 'chunked')), 'RFC 9112 §6.1'),
  t('chunked , identity', post('Transfer-Encoding: chunked , identity\r\n'), (s) => err(E.INVALID_TRANSFER_ENCODING, at(s, 'chunked')), 'RFC 9112 §6.3: chunked not final'),
  t('obs-fold in Transfer-Encoding', post('Transfer-Encoding:\r\n', ' chunked\r\n'), (s) => err(E.OBS_FOLD, at(s, ' chunked')), 'RFC 9112 §5.2'),
  t('obs-fold continuing Transfer-Encoding', post('Transfer-Encoding: chunked\r\n', '\tidentity\r\n'), (s) => err(E.OBS_FOLD, at(s, '\tidentity')), 'RFC 9112 §5.2'),
  t('obs-fold in Content-Length', post('Content-Length: 5\r\n', ' 6\r\n'), (s) => err(E.OBS_FOLD, at(s, ' 6')), 'RFC 9112 §5.2'),
  t('Transfer-Encoding line starting with SP', 'POST / HTTP/1.1\r\n Transfer-Encoding: chunked\r\nHost: h\r\n\r\n', err(E.OBS_FOLD, 17), 'RFC 9112 §2.2'),
  t('space before the colon in Transfer-Encoding', post('Transfer-Encoding : chunked\r\n'), (s) => err(E.INVALID_HEADER_NAME, at(s, ' :')), 'RFC 9112 §5.1: MUST reject'),
  t('HTAB before the colon in Transfer-Encoding', post('Transfer-Encoding\t: chunked\r\n'), (s) => err(E.INVALID_HEADER_NAME, at(s, '\t:')), 'RFC 9112 §5.1'),
  t('space before the colon in Content-Length', post('Content-Length : 5\r\n'), (s) => err(E.INVALID_HEADER_NAME, at(s, ' :')), 'RFC 9112 §5.1'),
  t('NUL in the Transfer-Encoding name', post('Transfer-Encoding\x00: chunked\r\n'), (s) => err(E.INVALID_HEADER_NAME, at(s, '\x00')), 'RFC 9110 §5.1'),
  t('NUL in the Content-Length name', post('Content\x00Length: 5\r\n'), (s) => err(E.INVALID_HEADER_NAME, at(s, '\x00')), 'RFC 9110 §5.1'),
  t('NUL in the Transfer-Encoding value', post('Transfer-Encoding: chunked\x00\r\n'), (s) => err(E.INVALID_HEADER_VALUE, at(s, '\x00')), 'RFC 9110 §5.5'),
  t('vertical tab before chunked', post('Transfer-Encoding: \x0bchunked\r\n'), (s) => err(E.INVALID_HEADER_VALUE, at(s, '\x0b')), 'RFC 9110 §5.5: VT is not whitespace here'),
  t('form feed before the Content-Length digits', post('Content-Length: \x0c5\r\n'), (s) => err(E.INVALID_HEADER_VALUE, at(s, '\x0c')), 'RFC 9110 §5.5'),
  t('bare CR after chunked', post('Transfer-Encoding: chunked\rX: y\r\n'), (s) => err(E.BARE_CR, at(s, '\rX')), 'RFC 9112 §2.2'),
  t('bare LF after the Content-Length value', post('Content-Length: 5\n'), (s) => err(E.BARE_LF, at(s, '5\n') + 1), 'spec §3: BARE_LF without the leniency'),
  t('Content-Length with a sign', post('Content-Length: +5\r\n'), (s) => err(E.INVALID_CONTENT_LENGTH, at(s, '+5')), 'RFC 9110 §8.6'),
  t('Content-Length with a comma list', post('Content-Length: 5, 5\r\n'), (s) => err(E.INVALID_CONTENT_LENGTH, at(s, '5, 5')), 'spec §3: strict 1*DIGIT'),
  t('two different Content-Length', post('Content-Length: 1\r\n', 'Content-Length: 2\r\n'), (s) => err(E.CONFLICTING_CONTENT_LENGTH, at(s, '2\r')), 'RFC 9112 §6.3'),
  t('Content-Length with a trailing space is fine', post('Content-Length: 5 \r\n') + 'hello', done(rq('POST', '/', { h: [HOST, ['Content-Length', '5']], len: 5 })), 'RFC 9112 §5: OWS trimmed', {}, { bodies: ['hello'], end: { state: 'idle' } }),
  t('Transfer_Encoding is another header', post('Transfer_Encoding: chunked\r\n', 'Content-Length: 3\r\n') + 'abc', done(rq('POST', '/', { h: [HOST, ['Transfer_Encoding', 'chunked'], ['Content-Length', '3']], len: 3 })), 'spec §5: exact names', {}, { bodies: ['abc'], end: { state: 'idle' } }),
];
