/**
 * Corpus rows: several heads in one buffer (RFC 9112 §9.3.2), where the parser stops, and what
 * a connection makes of bodies between heads (the `stream` column, run through drive.ts).
 */
import { E, GET, GET_RECORD, HOST, done, err, partial, rq, t, type Row } from '../row.js';

const POST5 = 'POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n';
const POST5_RECORD = () => rq('POST', '/p', { h: [HOST, ['Content-Length', '5']], len: 5 });
const CHUNKED = 'POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n';
const CHUNKED_RECORD = () => rq('POST', '/c', { h: [HOST, ['Transfer-Encoding', 'chunked']], chunked: true });
const GET10 = 'GET /old HTTP/1.0\r\n\r\n';
const GET10_RECORD = () => rq('GET', '/old', { v: 0 });

export const pipeliningRows: Row[] = [
  t('three heads in one buffer', GET + GET + GET, done(GET_RECORD(), GET_RECORD(), GET_RECORD()), 'RFC 9112 §9.3.2: pipelining', {}, { bodies: ['', '', ''], end: { state: 'idle' } }),
  t('HTTP/1.0 and HTTP/1.1 heads', GET10 + GET + GET10, done(GET10_RECORD(), GET_RECORD(), GET10_RECORD()), 'RFC 9112 §9.3'),
  t('stop after a head with a body', GET + POST5 + 'hello' + GET, done(GET_RECORD(), POST5_RECORD()),
    'spec §1: the caller reads the body, then calls again', {}, { bodies: ['', 'hello', ''], end: { state: 'idle' } }),
  t('a body that looks like a request is a body', POST5 + 'GET /' + GET, done(POST5_RECORD()),
    'RFC 9112 §6.3: Content-Length frames the body', {}, { bodies: ['GET /', ''], end: { state: 'idle' } }),
  t('stop after a chunked head', GET + CHUNKED + '3\r\nabc\r\n0\r\n\r\n' + GET, done(GET_RECORD(), CHUNKED_RECORD()),
    'spec §1: the chunked decoder runs, then the parser again', {}, { bodies: ['', 'abc', ''], end: { state: 'idle' } }),
  t('chunked body with a trailer, then a head', CHUNKED + '1\r\nx\r\n0\r\nT: v\r\n\r\n' + GET, done(CHUNKED_RECORD()),
    'RFC 9112 §7.1.2: trailer section', {}, { bodies: ['x', ''], end: { state: 'idle' } }),
  t('Content-Length: 0 heads all parsed in one call', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n' + GET,
    done(rq('POST', '/', { h: [HOST, ['Content-Length', '0']], len: 0 }), GET_RECORD()), 'spec §1: length 0 goes on'),
  t('error in the third head keeps the first two', GET + GET + '@', err(E.INVALID_METHOD, 54, GET_RECORD(), GET_RECORD()), 'spec §1: records before an error are valid and reported'),
  t('second head incomplete', GET + 'GET / HT', partial(GET_RECORD()), 'spec §1: PARTIAL, R_CONSUMED after the first head', {}, { bodies: [''], end: { state: 'partial-head', from: 27 } }),
  t('empty line after a head', GET + '\r\n', partial(GET_RECORD()), 'spec §1: leading empty lines alone are PARTIAL', {}, { bodies: [''], end: { state: 'partial-head', from: 27 } }),
  t('empty line between heads', GET + '\r\n' + GET, done(GET_RECORD(), rq('GET', '/', { h: [HOST], at: [29, 56] })), 'RFC 9112 §2.2: empty line before a request-line'),
  t('empty line after a body (a common client habit)', POST5 + 'hello\r\n' + GET, done(POST5_RECORD()),
    'RFC 9112 §2.2', {}, { bodies: ['hello', ''], end: { state: 'idle' } }),
  t('error after a body is found on the next call', POST5 + 'hello' + '@', done(POST5_RECORD()),
    'spec §1', {}, { bodies: ['hello'], end: { state: 'head-error', code: E.INVALID_METHOD, offset: POST5.length + 5 } }),
  t('incomplete chunked body', CHUNKED + '5\r\nhel', done(CHUNKED_RECORD()), 'spec §6: NEED_MORE', {}, { bodies: ['hel'], end: { state: 'in-chunked-body' } }),
  t('bad chunk after a head', CHUNKED + 'z\r\n', done(CHUNKED_RECORD()), 'spec §6: a non-hex first byte',
    {}, { bodies: [''], end: { state: 'body-error', code: E.INVALID_CHUNK_SIZE, position: 0, bodyStart: CHUNKED.length } }),
];
