/** Corpus rows: Host (RFC 9112 §3.2), keep-alive (RFC 9112 §9.3), Expect (RFC 9110 §10.1.1), Upgrade (RFC 9110 §7.8). */
import { E, GET, GET_RECORD, HOST, HOST_LINE, at, done, err, rq, t, type Header, type Row } from '../row.js';

/** A GET of the given version with these field lines (each with its line end). */
const get = (minor: 0 | 1, lines: string[]): string => `GET / HTTP/1.${minor}\r\n${lines.join('')}\r\n`;
const flagged = (name: string, minor: 0 | 1, headers: Header[], flags: string, reason: string): Row =>
  t(name, get(minor, headers.map(([n, v]) => `${n}: ${v}\r\n`)), done(rq('GET', '/', { v: minor, h: headers, flags })), reason);

export const semanticsRows: Row[] = [
  // Host.
  t('HTTP/1.1 without Host', 'GET / HTTP/1.1\r\n\r\n', err(E.MISSING_HOST, 0), 'RFC 9112 §3.2: a server MUST respond 400 to an HTTP/1.1 request without Host'),
  t('HTTP/1.1 without Host, after an empty line', '\r\nGET / HTTP/1.1\r\nX: y\r\n\r\n', err(E.MISSING_HOST, 2), 'spec §3: MISSING_HOST at F_HEAD_START'),
  t('HTTP/1.1 with only a near-miss Host', 'GET / HTTP/1.1\r\nHosts: h\r\n\r\n', err(E.MISSING_HOST, 0), 'RFC 9112 §3.2'),
  t('HTTP/1.1 absolute-form still needs Host', 'GET http://h/ HTTP/1.1\r\n\r\n', err(E.MISSING_HOST, 0), 'RFC 9112 §3.2: Host is sent even with absolute-form'),
  t('HTTP/1.0 without Host is fine', 'GET / HTTP/1.0\r\nX: y\r\n\r\n', done(rq('GET', '/', { v: 0, h: [['X', 'y']] })), 'RFC 9112 §3.2: the Host requirement is for HTTP/1.1'),
  t('empty Host value is a Host', 'GET / HTTP/1.1\r\nHost:\r\n\r\n', done(rq('GET', '/', { h: [['Host', '']] })), 'RFC 9112 §3.2: Host with an empty value when there is no authority'),
  t('Host in capitals', 'GET / HTTP/1.1\r\nHOST: h\r\n\r\n', done(rq('GET', '/', { h: [['HOST', 'h']] })), 'RFC 9110 §5.1: case-insensitive'),
  t('two Host headers', 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', err(E.DUPLICATE_HOST, 25), 'RFC 9112 §3.2: more than one Host MUST get 400'),
  t('two identical Host headers', 'GET / HTTP/1.1\r\nHost: a\r\nX: y\r\nHost: a\r\n\r\n', err(E.DUPLICATE_HOST, 31), 'RFC 9112 §3.2'),
  t('three Host headers: the second is reported', 'GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\nHOST: c\r\n\r\n', err(E.DUPLICATE_HOST, 25), 'spec §3: at the name start of the second'),
  t('two Host headers in HTTP/1.0', 'GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n', err(E.DUPLICATE_HOST, 25), 'spec §3: DUPLICATE_HOST in any version'),
  t('missing Host is checked before Transfer-Encoding', 'POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\nContent-Length: 1\r\n\r\n', err(E.MISSING_HOST, 0), 'spec §3: end-of-head check 1 comes first'),
  t('duplicate Host is checked before Content-Length', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\nHost: b\r\n\r\n', (s) => err(E.DUPLICATE_HOST, at(s, 'Host: b')), 'spec §3: end-of-head check 1 before check 3'),
  t('second request without Host', GET + 'GET / HTTP/1.1\r\n\r\n', err(E.MISSING_HOST, 27, GET_RECORD()), 'spec §3: MISSING_HOST at that head\'s F_HEAD_START'),

  // Keep-alive, RFC 9112 §9.3.
  flagged('HTTP/1.1 is persistent by default', 1, [HOST], 'K', 'RFC 9112 §9.3: HTTP/1.1 defaults to persistent'),
  flagged('HTTP/1.1 Connection: close', 1, [HOST, ['Connection', 'close']], '', 'RFC 9112 §9.6: close'),
  flagged('HTTP/1.1 Connection: CLOSE', 1, [HOST, ['Connection', 'CLOSE']], '', 'RFC 9110 §7.6.1: connection options are case-insensitive'),
  flagged('HTTP/1.1 close among other options', 1, [HOST, ['Connection', 'foo, close']], '', 'RFC 9110 §7.6.1: Connection = #connection-option'),
  flagged('HTTP/1.1 close wins over keep-alive', 1, [HOST, ['Connection', 'keep-alive'], ['Connection', 'close']], '', 'spec §2: close anywhere in the list'),
  flagged('HTTP/1.1 closed is not close', 1, [HOST, ['Connection', 'closed']], 'K', 'spec §2: whole-token comparison'),
  flagged('HTTP/1.1 close with empty elements', 1, [HOST, ['Connection', ', ,close,']], '', 'RFC 9110 §5.6.1: empty list elements are ignored'),
  flagged('HTTP/1.1 close with HTAB OWS', 1, [HOST, ['Connection', 'x,\tclose\t,y']], '', 'RFC 9110 §5.6.1: OWS around elements'),
  flagged('HTTP/1.1 quoted "close" is not close', 1, [HOST, ['Connection', '"close"']], 'K', 'RFC 9110 §7.6.1: connection-option = token'),
  flagged('HTTP/1.1 empty Connection', 1, [HOST, ['Connection', '']], 'K', 'spec §2'),
  flagged('HTTP/1.0 is not persistent by default', 0, [], '', 'RFC 9112 §9.3: HTTP/1.0 needs keep-alive'),
  flagged('HTTP/1.0 Connection: keep-alive', 0, [['Connection', 'keep-alive']], 'K', 'RFC 9112 §9.3'),
  flagged('HTTP/1.0 Connection: Keep-Alive', 0, [['Connection', 'Keep-Alive']], 'K', 'RFC 9110 §7.6.1: case-insensitive'),
  flagged('HTTP/1.0 keep-alive then close', 0, [['Connection', 'keep-alive, close']], '', 'spec §2: close wins'),
  flagged('HTTP/1.0 keep-alive2 is not keep-alive', 0, [['Connection', 'keep-alive2']], '', 'spec §2: whole-token comparison'),
  flagged('HTTP/1.0 keep-alive in a second Connection header', 0, [['Connection', 'x'], ['Connection', 'keep-alive']], 'K', 'RFC 9110 §5.3: lines combine into one list'),

  // Expect, RFC 9110 §10.1.1.
  flagged('Expect: 100-continue', 1, [HOST, ['Expect', '100-continue']], 'KE', 'RFC 9110 §10.1.1'),
  flagged('Expect: 100-Continue', 1, [HOST, ['Expect', '100-Continue']], 'KE', 'RFC 9110 §10.1.1: case-insensitive'),
  t('Expect with OWS around', get(1, [HOST_LINE, 'Expect: \t100-continue  \r\n']), done(rq('GET', '/', { h: [HOST, ['Expect', '100-continue']], flags: 'KE' })), 'spec §2: trimmed value'),
  flagged('Expect with a second expectation', 1, [HOST, ['Expect', '100-continue, x']], 'K', 'spec §2: the trimmed value must equal 100-continue'),
  flagged('Expect: 200-ok', 1, [HOST, ['Expect', '200-ok']], 'K', 'RFC 9110 §10.1.1: only 100-continue is defined'),
  flagged('second Expect header is 100-continue', 1, [HOST, ['Expect', 'x'], ['Expect', '100-continue']], 'KE', 'spec §2: an Expect header whose value is 100-continue'),
  flagged('Expect in HTTP/1.0', 0, [['Expect', '100-continue']], 'E', 'spec §2 has no version condition'),

  // Upgrade, RFC 9110 §7.8.
  flagged('Upgrade with Connection: Upgrade', 1, [HOST, ['Connection', 'Upgrade'], ['Upgrade', 'websocket']], 'KU', 'RFC 9110 §7.8: Upgrade is listed in Connection'),
  flagged('Upgrade without Connection: upgrade', 1, [HOST, ['Upgrade', 'websocket']], 'K', 'RFC 9110 §7.8: a sender MUST send Connection: upgrade'),
  flagged('Connection: upgrade without Upgrade', 1, [HOST, ['Connection', 'upgrade']], 'K', 'spec §2: both are needed'),
  flagged('Upgrade with upgrade, close', 1, [HOST, ['Upgrade', 'h2c'], ['Connection', 'upgrade, close']], 'U', 'spec §2: flags are independent'),
  flagged('Upgrade in HTTP/1.0', 0, [['Upgrade', 'x'], ['Connection', 'Upgrade']], 'U', 'spec §2'),
  flagged('upgrade in a second Connection header', 1, [HOST, ['Connection', 'keep-alive'], ['Connection', 'UPGRADE'], ['Upgrade', 'x']], 'KU', 'RFC 9110 §5.3: one list'),
  flagged('empty Upgrade header is present', 1, [HOST, ['Upgrade', ''], ['Connection', 'upgrade']], 'KU', 'spec §2: an Upgrade header is present'),
];
