/**
 * Corpus rows: field lines (RFC 9112 §5, RFC 9110 §5.5). `P` is a request line and Host
 * (25 bytes), so the first extra header line starts at offset 25.
 */
import { E, HOST, done, err, rq, t, type Header, type Row } from '../row.js';

const P = 'GET / HTTP/1.1\r\nHost: h\r\n';
/** A GET with these extra field lines (each given with its own line end) and the blank line. */
const withLines = (...lines: string[]): string => P + lines.join('') + '\r\n';
const okHeaders = (name: string, lines: string[], headers: Header[], reason: string): Row =>
  t(name, withLines(...lines), done(rq('GET', '/', { h: [HOST, ...headers] })), reason);

const VALUE_CONTROLS = ['\x00', '\x01', '\x08', '\x0b', '\x0c', '\x0e', '\x1f', '\x7f'];
const NAME_DELIMITERS = ['(', '"', '/', '@', '{', '=', '[', ',', ';'];

export const headerRows: Row[] = [
  okHeaders('one extra header', ['X: a\r\n'], [['X', 'a']], 'RFC 9112 §5: field-line = field-name ":" OWS field-value OWS'),
  okHeaders('duplicates kept in order', ['Accept: a\r\n', 'X-B: 1\r\n', 'Accept: b\r\n'], [['Accept', 'a'], ['X-B', '1'], ['Accept', 'b']], 'RFC 9110 §5.3: order of same-named lines is significant'),
  okHeaders('OWS around the value trimmed, inner kept', ['X:   a b  \r\n'], [['X', 'a b']], 'RFC 9112 §5: OWS before and after field-value is not part of it'),
  okHeaders('HTAB as OWS', ['X:\ta\t\r\n'], [['X', 'a']], 'RFC 9110 §5.6.3: OWS = *( SP / HTAB )'),
  okHeaders('no OWS at all', ['X:a\r\n'], [['X', 'a']], 'RFC 9112 §5'),
  okHeaders('empty value', ['X:\r\n'], [['X', '']], 'RFC 9110 §5.5: field-value may be empty; spec §2: start at the CR'),
  okHeaders('value of only OWS', ['X:  \t \r\n'], [['X', '']], 'spec §2: empty value, start at the CR'),
  okHeaders('two empty values in a row', ['X:\r\n', 'Y: \r\n'], [['X', ''], ['Y', '']], 'spec §2: "for X:\\r\\n value start is the offset of the CR"'),
  okHeaders('inner HTAB and runs of SP kept', ['X: a\tb  c\r\n'], [['X', 'a\tb  c']], 'RFC 9110 §5.5'),
  okHeaders('every VCHAR punctuation in a value', ['X: !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~\r\n'], [['X', '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~']], 'RFC 9110 §5.5: field-vchar = VCHAR / obs-text'),
  okHeaders('colons inside a value', ['X: a:b: c\r\n'], [['X', 'a:b: c']], 'RFC 9112 §5: the first colon ends the name'),
  okHeaders('obs-text in a value', ['X: caf\xe9 \xff\x80\r\n'], [['X', 'caf\xe9 \xff\x80']], 'RFC 9110 §5.5: obs-text = %x80-FF is allowed'),
  okHeaders('every tchar in a name', ["!#$%&'*+-.^_`|~09azAZ: z\r\n"], [["!#$%&'*+-.^_`|~09azAZ", 'z']], 'RFC 9110 §5.1: field-name = token'),
  okHeaders('many headers', Array.from({ length: 20 }, (_, i) => `X-${i}: ${i}\r\n`), Array.from({ length: 20 }, (_, i): Header => [`X-${i}`, `${i}`]), 'RFC 9112 §5'),
  ...VALUE_CONTROLS.map((byte) =>
    t(
      `control byte 0x${byte.charCodeAt(0).toString(16).padStart(2, '0')} in a value`,
      withLines(`X: a${byte}b\r\n`),
      err(E.INVALID_HEADER_VALUE, 29),
      'RFC 9110 §5.5: CTLs other than HTAB are not field-vchar; NUL MUST be rejected',
    ),
  ),
  t('NUL right after the colon', withLines('X:\x00\r\n'), err(E.INVALID_HEADER_VALUE, 27), 'RFC 9110 §5.5'),
  t('NUL in trailing OWS position', withLines('X: a \x00\r\n'), err(E.INVALID_HEADER_VALUE, 30), 'RFC 9110 §5.5'),
  t('bare CR inside a value', withLines('X: a\rb\r\n'), err(E.BARE_CR, 29), 'RFC 9112 §2.2: a bare CR MUST be rejected or replaced'),
  t('CR CR LF at a line end', withLines('X: a\r\r\n'), err(E.BARE_CR, 29), 'RFC 9112 §2.2'),
  t('lone LF ends a value, strict', withLines('X: a\n', 'Y: b\r\n'), err(E.BARE_LF, 29), 'spec §3: BARE_LF without the leniency'),
  t('lone LF ends a value, lenient', withLines('X: a\n', 'Y: b\r\n'), done(rq('GET', '/', { h: [HOST, ['X', 'a'], ['Y', 'b']] })), 'RFC 9112 §2.2: MAY accept a lone LF; LENIENT_BARE_LF', { lenientBareLf: true }),
  t('OWS before a lone LF, lenient', withLines('X: a \t\n'), done(rq('GET', '/', { h: [HOST, ['X', 'a']] })), 'RFC 9112 §5: trailing OWS trimmed', { lenientBareLf: true }),
  t('empty value ended by lone LF, lenient', withLines('X:\n'), done(rq('GET', '/', { h: [HOST, ['X', '']] })), 'spec §2: empty value starts at the line end', { lenientBareLf: true }),
  t('lone LF ends the Host line, strict', 'GET / HTTP/1.1\r\nHost: h\n\r\n', err(E.BARE_LF, 23), 'spec §3: BARE_LF'),
  t('blank line is a lone LF, strict', P + '\n', err(E.BARE_LF, 25), 'spec §3: LF at a line start without the leniency'),
  t('blank line is a lone LF, lenient', P + '\n', done(rq('GET', '/', { h: [HOST] })), 'RFC 9112 §2.2; LENIENT_BARE_LF', { lenientBareLf: true }),
  t('blank line CR then junk', P + '\rX', err(E.BARE_CR, 25), 'RFC 9112 §2.2: bare CR'),
  t('blank line CR CR LF', P + '\r\r\n', err(E.BARE_CR, 25), 'RFC 9112 §2.2: bare CR'),
  t('obs-fold with SP', withLines('X: a\r\n', ' b\r\n'), err(E.OBS_FOLD, 31), 'RFC 9112 §5.2: a server MUST reject obs-fold (or replace it)'),
  t('obs-fold with HTAB', withLines('X: a\r\n', '\tb\r\n'), err(E.OBS_FOLD, 31), 'RFC 9112 §5.2'),
  t('obs-fold after a lone LF, lenient', withLines('X: a\n', ' b\n'), err(E.OBS_FOLD, 30), 'RFC 9112 §5.2: the leniency does not allow folding', { lenientBareLf: true }),
  t('whitespace before the first header line', 'GET / HTTP/1.1\r\n Host: h\r\n\r\n', err(E.OBS_FOLD, 16), 'RFC 9112 §2.2: whitespace between start-line and first field MUST be rejected'),
  t('SP before the colon', 'GET / HTTP/1.1\r\nHost : h\r\n\r\n', err(E.INVALID_HEADER_NAME, 20), 'RFC 9112 §5.1: no whitespace between field name and colon; MUST reject'),
  t('HTAB before the colon', withLines('X-A\t: b\r\n'), err(E.INVALID_HEADER_NAME, 28), 'RFC 9112 §5.1'),
  t('empty header name', withLines(': v\r\n'), err(E.INVALID_HEADER_NAME, 25), 'RFC 9110 §5.1: field-name = token (1*tchar)'),
  t('header line without a colon', withLines('X-A\r\n'), err(E.INVALID_HEADER_NAME, 28), 'RFC 9112 §5: ":" required'),
  t('NUL inside a name', withLines('X\x00A: b\r\n'), err(E.INVALID_HEADER_NAME, 26), 'RFC 9110 §5.1: tchar'),
  t('NUL starting a name', withLines('\x00X: b\r\n'), err(E.INVALID_HEADER_NAME, 25), 'RFC 9110 §5.1: tchar'),
  t('obs-text inside a name', withLines('X\xe9: b\r\n'), err(E.INVALID_HEADER_NAME, 26), 'RFC 9110 §5.1: tchar is ASCII'),
  t('DEL inside a name', withLines('X\x7f: b\r\n'), err(E.INVALID_HEADER_NAME, 26), 'RFC 9110 §5.1'),
  ...NAME_DELIMITERS.map((byte) =>
    t(`delimiter ${byte} in a name`, withLines(`X${byte}A: b\r\n`), err(E.INVALID_HEADER_NAME, 26), 'RFC 9110 §5.6.2: delimiters are not tchar'),
  ),
  t('known ids by case-insensitive name', 'GET / HTTP/1.1\r\nhOsT: h\r\nCONTENT-length: 0\r\nconnection: keep-alive\r\nEXPECT: x\r\nUpGrade: y\r\nuser-AGENT: z\r\naccept-encoding: gzip\r\nContent-Type: text/plain\r\n\r\n',
    done(rq('GET', '/', { h: [['hOsT', 'h'], ['CONTENT-length', '0'], ['connection', 'keep-alive'], ['EXPECT', 'x'], ['UpGrade', 'y'], ['user-AGENT', 'z'], ['accept-encoding', 'gzip'], ['Content-Type', 'text/plain']], len: 0 })),
    'RFC 9110 §5.1: field names are case-insensitive; spec §5'),
  t('transfer-encoding id', 'POST / HTTP/1.1\r\nHost: h\r\nTRANSFER-ENCODING: chunked\r\n\r\n', done(rq('POST', '/', { h: [HOST, ['TRANSFER-ENCODING', 'chunked']], chunked: true })), 'spec §5: id 3'),
  okHeaders('near-miss names are other headers', ['Hostx: a\r\n', 'Hos: b\r\n', 'Content-Lengths: 5\r\n', 'X-Host: c\r\n', 'Content_Length: 5\r\n', 'Transfer-Encodings: chunked\r\n', 'Connection2: close\r\n'],
    [['Hostx', 'a'], ['Hos', 'b'], ['Content-Lengths', '5'], ['X-Host', 'c'], ['Content_Length', '5'], ['Transfer-Encodings', 'chunked'], ['Connection2', 'close']],
    'spec §5: whole-name match only'),
];
