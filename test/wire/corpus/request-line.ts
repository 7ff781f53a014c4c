/** Corpus rows: the method, leading empty lines and the end of the request line (RFC 9112 §2.2, §3). */
import { E, GET, GET_RECORD, HOST, at, done, err, partial, rq, t, type Row } from '../row.js';

const KNOWN_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'PATCH'];
const OTHER_METHODS = ['get', 'Get', 'GETS', 'GE', 'POSTS', 'M-SEARCH', 'PROPFIND', "!#$%&'*+-.^_`|~09azAZ"];

export const requestLineRows: Row[] = [
  t('plain GET', GET, done(GET_RECORD()), 'RFC 9112 §3: request-line = method SP request-target SP HTTP-version CRLF'),
  ...KNOWN_METHODS.map((method) =>
    t(`method ${method} gets its id`, `${method} / HTTP/1.1\r\nHost: h\r\n\r\n`, done(rq(method, '/', { h: [HOST] })), 'spec §5: method ids, exact match; RFC 9110 §9.1'),
  ),
  ...OTHER_METHODS.map((method) =>
    t(`method ${method} is a token but METHOD_OTHER`, `${method} / HTTP/1.1\r\nHost: h\r\n\r\n`, done(rq(method, '/', { h: [HOST] })), 'RFC 9110 §9.1: methods are case-sensitive tokens; spec §5'),
  ),
  t('empty method (line starts with SP)', ' / HTTP/1.1\r\nHost: h\r\n\r\n', err(E.INVALID_METHOD, 0), 'RFC 9112 §3: method = token, 1*tchar'),
  t('line starts with HTAB', '\tGET / HTTP/1.1\r\nHost: h\r\n\r\n', err(E.INVALID_METHOD, 0), 'RFC 9112 §3.1: HTAB is not a tchar'),
  t('method starts with a non-tchar', '(GET) / HTTP/1.1\r\nHost: h\r\n\r\n', err(E.INVALID_METHOD, 0), 'RFC 9110 §5.6.2: "(" is a delimiter, not a tchar'),
  t('@ inside the method', 'GE@T / HTTP/1.1\r\nHost: h\r\n\r\n', err(E.INVALID_METHOD, 2), 'RFC 9110 §5.6.2: tchar'),
  t('comma inside the method', 'GET,POST / HTTP/1.1\r\nHost: h\r\n\r\n', err(E.INVALID_METHOD, 3), 'RFC 9110 §5.6.2: tchar'),
  t('colon ends the method', 'GET: / HTTP/1.1\r\nHost: h\r\n\r\n', err(E.INVALID_METHOD, 3), 'RFC 9110 §5.6.2: tchar'),
  t('DQUOTE inside the method', 'G"T / HTTP/1.1\r\nHost: h\r\n\r\n', err(E.INVALID_METHOD, 1), 'RFC 9110 §5.6.2: tchar'),
  t('HTAB between method and target', 'GET\t/ HTTP/1.1\r\nHost: h\r\n\r\n', err(E.INVALID_METHOD, 3), 'RFC 9112 §3: exactly one SP; §3 note: no other whitespace'),
  t('NUL inside the method', 'G\x00ET / HTTP/1.1\r\nHost: h\r\n\r\n', err(E.INVALID_METHOD, 1), 'RFC 9110 §5.6.2: tchar'),
  t('DEL inside the method', 'GE\x7fT / HTTP/1.1\r\nHost: h\r\n\r\n', err(E.INVALID_METHOD, 2), 'RFC 9110 §5.6.2: tchar'),
  t('obs-text inside the method', 'G\xc9T / HTTP/1.1\r\nHost: h\r\n\r\n', err(E.INVALID_METHOD, 1), 'RFC 9110 §5.6.2: tchar is ASCII'),
  t('method then CRLF (no target)', 'GET\r\nHost: h\r\n\r\n', err(E.INVALID_METHOD, 3), 'spec §3: a byte neither tchar nor SP ends nothing: it is an error at it'),
  t('method then lone LF, lenient', 'GET\nHost: h\n\n', err(E.INVALID_METHOD, 3), 'spec §3: the leniency is about line ends, not the method', { lenientBareLf: true }),
  t('two SP after the method', 'GET  / HTTP/1.1\r\nHost: h\r\n\r\n', err(E.INVALID_TARGET, 4), 'RFC 9112 §3: exactly one SP; the second is a target byte'),
  t('only a method', 'GET', partial(), 'spec §1: a valid but incomplete head is PARTIAL'),
  t('one byte', 'G', partial(), 'spec §1: PARTIAL'),
  t('method and SP', 'GET ', partial(), 'spec §1: PARTIAL'),
  t('up to the target', 'GET /', partial(), 'spec §1: PARTIAL'),
  t('request line without its LF', 'GET / HTTP/1.1\r', partial(), 'spec §3: the CR waits for its LF'),
  t('request line, no headers yet', 'GET / HTTP/1.1\r\n', partial(), 'spec §1: PARTIAL'),
  t('empty input', '', done(), 'spec §1: DONE when R_CONSUMED == end'),

  // Leading empty lines, RFC 9112 §2.2.
  t('one leading CRLF', '\r\n' + GET, done(rq('GET', '/', { h: [HOST], at: [2, 29] })), 'RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request-line'),
  t('three leading CRLFs', '\r\n\r\n\r\n' + GET, done(rq('GET', '/', { h: [HOST], at: [6, 33] })), 'RFC 9112 §2.2; spec §3: while at the start of a request'),
  t('only an empty line', '\r\n', partial(), 'spec §1: leading empty lines alone are PARTIAL, consumed with their head'),
  t('only empty lines', '\r\n\r\n', partial(), 'spec §1: leading empty lines alone are PARTIAL'),
  t('only a CR', '\r', partial(), 'spec §3: the CR waits for its LF'),
  t('leading CR not followed by LF', '\rGET / HTTP/1.1\r\nHost: h\r\n\r\n', err(E.BARE_CR, 0), 'RFC 9112 §2.2: a bare CR is invalid; spec §3: BARE_CR at the CR'),
  t('leading CR CR LF', '\r\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n', err(E.BARE_CR, 0), 'RFC 9112 §2.2: bare CR'),
  t('leading lone LF, strict', '\nGET / HTTP/1.1\r\nHost: h\r\n\r\n', err(E.BARE_LF, 0), 'spec §3: a lone LF without the leniency is BARE_LF'),
  t('leading lone LF, lenient', '\nGET / HTTP/1.1\r\nHost: h\r\n\r\n', done(rq('GET', '/', { h: [HOST], at: [1, 28] })), 'RFC 9112 §2.2: MAY recognise a single LF; LENIENT_BARE_LF', { lenientBareLf: true }),
  t('CRLF then lone LF, strict', '\r\n\nGET / HTTP/1.1\r\nHost: h\r\n\r\n', err(E.BARE_LF, 2), 'spec §3: BARE_LF at the LF'),
  t('CRLF then lone LF, lenient', '\r\n\nGET / HTTP/1.1\r\nHost: h\r\n\r\n', done(rq('GET', '/', { h: [HOST], at: [3, 30] })), 'LENIENT_BARE_LF', { lenientBareLf: true }),
  t('leading SP is not an empty line', ' \r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n', err(E.INVALID_METHOD, 0), 'RFC 9112 §2.2: only empty lines may precede'),

  // The end of the request line.
  t('request line ends with CR then junk', 'GET / HTTP/1.1\rX\nHost: h\r\n\r\n', err(E.BARE_CR, 14), 'RFC 9112 §2.2: bare CR; spec §3: BARE_CR at the CR'),
  t('request line ends with CR CR LF', 'GET / HTTP/1.1\r\r\nHost: h\r\n\r\n', err(E.BARE_CR, 14), 'RFC 9112 §2.2: bare CR'),
  t('request line ends with lone LF, strict', 'GET / HTTP/1.1\nHost: h\r\n\r\n', err(E.BARE_LF, 14), 'spec §3: BARE_LF without the leniency'),
  t('request line ends with lone LF, lenient', 'GET / HTTP/1.1\nHost: h\r\n\r\n', done(rq('GET', '/', { h: [HOST] })), 'RFC 9112 §2.2: MAY recognise LF as a line terminator', { lenientBareLf: true }),
  t('every line ends with lone LF, lenient', 'GET / HTTP/1.1\nHost: h\n\n', done(rq('GET', '/', { h: [HOST] })), 'RFC 9112 §2.2; LENIENT_BARE_LF', { lenientBareLf: true }),
  t('SP after the version', 'GET / HTTP/1.1 \r\nHost: h\r\n\r\n', err(E.INVALID_REQUEST_LINE, 14), 'RFC 9112 §3: CRLF right after HTTP-version'),
  t('HTAB after the version', 'GET / HTTP/1.1\t\r\nHost: h\r\n\r\n', err(E.INVALID_REQUEST_LINE, 14), 'RFC 9112 §3'),
  t('letter after the version', 'GET / HTTP/1.1x\r\nHost: h\r\n\r\n', err(E.INVALID_REQUEST_LINE, 14), 'RFC 9112 §2.3: HTTP-version = HTTP-name "/" DIGIT "." DIGIT'),
  t('third version digit', 'GET / HTTP/1.10\r\nHost: h\r\n\r\n', err(E.INVALID_REQUEST_LINE, 14), 'RFC 9112 §2.3: one DIGIT each side of the dot'),
  t('NUL after the version', 'GET / HTTP/1.1\x00\r\nHost: h\r\n\r\n', err(E.INVALID_REQUEST_LINE, 14), 'RFC 9112 §3'),
  t('HTTP/0.9 style request (no version)', 'GET /\r\n\r\n', (s) => err(E.INVALID_TARGET, at(s, '\r')), 'RFC 9112 §3: the version is required; CR is not a target byte'),
];
