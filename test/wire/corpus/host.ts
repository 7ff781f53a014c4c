/**
 * Corpus rows: the Host value's grammar (RFC 9112 §3.2: `Host = uri-host [ ":" port ]`, uri-host
 * and port from RFC 3986 §3.2.2-3.2.3; docs/wire-spec.md §3 end-of-head check 1). The presence
 * rules (missing, duplicate) are in semantics.ts.
 */
import { E, GET, GET_RECORD, at, done, err, rq, t, type Row } from '../row.js';

/** `GET / HTTP/1.1` with `Host: value`: the value starts at 22. */
const withHost = (value: string): string => `GET / HTTP/1.1\r\nHost: ${value}\r\n\r\n`;
const VALUE_START = 22;
const valid = (value: string, reason: string): Row =>
  t(`Host ${JSON.stringify(value)} is valid`, withHost(value), done(rq('GET', '/', { h: [['Host', value]] })), reason);
const invalid = (value: string, reason: string): Row =>
  t(`Host ${JSON.stringify(value)} is invalid`, withHost(value), err(E.INVALID_HOST, VALUE_START), reason);

export const hostRows: Row[] = [
  valid('example.com', 'RFC 3986 §3.2.2: reg-name'),
  valid('localhost:8080', 'RFC 9112 §3.2: uri-host [ ":" port ]'),
  valid('a:', 'RFC 3986 §3.2.3: port = *DIGIT, may be empty'),
  valid(':80', 'RFC 3986 §3.2.2: reg-name may be empty'),
  valid('a:0099999', 'RFC 3986 §3.2.3: port is digits, no range'),
  valid('127.0.0.1:80', 'RFC 3986 §3.2.2: IPv4address'),
  valid('999.1.1.1', 'spec §3: an IPv4-like out-of-range value is still a reg-name'),
  valid("aZ09-._~!$&'()*+,;=", 'RFC 3986 §2.2-2.3: every unreserved and sub-delims byte'),
  valid('%41%e9%Fa', 'RFC 3986 §2.1: pct-encoded, HEXDIG in either case'),
  valid('[::1]', 'RFC 3986 §3.2.2: IP-literal with an IPv6address'),
  valid('[2001:DB8::1]:443', 'RFC 3986 §3.2.2: IP-literal then port'),
  valid('[::ffff:192.0.2.1]', 'RFC 3986 §3.2.2: IPv6address with an IPv4 tail'),
  valid('[v1.a:b!]', 'RFC 3986 §3.2.2: IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )'),
  valid('[VF.x]:1', 'RFC 5234 §2.3: the "v" is case-insensitive'),
  invalid('bad host', 'RFC 9112 §3.2: SP is not in uri-host; a Host with an invalid value MUST get 400'),
  invalid('a b', 'RFC 3986 §3.2.2: SP is not in reg-name'),
  invalid('a\tb', 'RFC 3986 §3.2.2: HTAB is not in reg-name'),
  invalid('x:80a', 'RFC 3986 §3.2.3: port = *DIGIT'),
  invalid('a:80:80', 'RFC 3986 §3.2.3: one port'),
  invalid('a@b', 'RFC 9110 §7.2: Host has no userinfo'),
  invalid('a/b', 'RFC 3986 §3.2.2: "/" is not in reg-name'),
  invalid('a?b', 'RFC 3986 §3.2.2: "?" is not in reg-name'),
  invalid('a"b', 'RFC 3986 §3.2.2: DQUOTE is not in reg-name'),
  invalid('\xe9', 'RFC 3986 §3.2.2: obs-text is not in reg-name (it must be pct-encoded)'),
  invalid('a[::1]', 'RFC 3986 §3.2.2: "[" only opens an IP-literal'),
  invalid('a]', 'RFC 3986 §3.2.2: "]" only closes an IP-literal'),
  invalid('%', 'RFC 3986 §2.1: pct-encoded = "%" HEXDIG HEXDIG'),
  invalid('a%4', 'RFC 3986 §2.1: two HEXDIGs'),
  invalid('%zz', 'RFC 3986 §2.1: HEXDIGs'),
  invalid('[::1', 'RFC 3986 §3.2.2: IP-literal is closed by "]"'),
  invalid('[]', 'RFC 3986 §3.2.2: an IP-literal holds an address'),
  invalid('[1:2]', 'spec §3: an IPv6address has at least two colons'),
  invalid('[127.0.0.1]', 'RFC 3986 §3.2.2: IPv4address is not bracketed'),
  invalid('[::g]', 'spec §3: IPv6address bytes are HEXDIG, ":" and "."'),
  invalid('[::1]x', 'RFC 9112 §3.2: only ":" port may follow uri-host'),
  invalid('[::1]]', 'RFC 9112 §3.2: only ":" port may follow uri-host'),
  invalid('[::1]:8a', 'RFC 3986 §3.2.3: port = *DIGIT'),
  invalid('[v.x]', 'RFC 3986 §3.2.2: IPvFuture needs 1*HEXDIG'),
  invalid('[v1x]', 'RFC 3986 §3.2.2: IPvFuture needs "."'),
  invalid('[v1.]', 'RFC 3986 §3.2.2: IPvFuture needs a byte after "."'),
  invalid('[vz.x]', 'RFC 3986 §3.2.2: the version is HEXDIG'),
  invalid('[v1.a b]', 'RFC 3986 §3.2.2: SP is not in IPvFuture'),
  t('Host with OWS around a valid value', 'GET / HTTP/1.1\r\nHost: \t a:1 \t\r\n\r\n', done(rq('GET', '/', { h: [['Host', 'a:1']] })), 'RFC 9110 §5.5: OWS is not part of the value'),
  t('invalid Host after OWS', 'GET / HTTP/1.1\r\nHost:   a b\r\n\r\n', err(E.INVALID_HOST, 24), 'spec §3: INVALID_HOST at the value start'),
  t('invalid Host in HTTP/1.0', 'GET / HTTP/1.0\r\nHost: a b\r\n\r\n', err(E.INVALID_HOST, VALUE_START), 'RFC 9112 §3.2: any request with an invalid Host'),
  t('duplicate Host is found before an invalid one', 'GET / HTTP/1.1\r\nHost: a b\r\nHost: c\r\n\r\n', (s) => err(E.DUPLICATE_HOST, at(s, 'Host: c')), 'spec §3: check 1 in order'),
  t('invalid Host is found before Transfer-Encoding', 'POST / HTTP/1.1\r\nHost: a@b\r\nTransfer-Encoding: gzip\r\n\r\n', err(E.INVALID_HOST, 23), 'spec §3: check 1 before check 2'),
  t('invalid Host in a second request', GET + 'GET / HTTP/1.1\r\nX: y\r\nhost: a b\r\n\r\n', (s) => err(E.INVALID_HOST, at(s, 'a b'), GET_RECORD()), 'spec §3: records before the error are reported'),
];
