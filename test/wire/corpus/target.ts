/** Corpus rows: the request-target, its four forms and which methods may use them (RFC 9112 §3.2). */
import { E, HOST, done, err, rq, t, type Form, type Row } from '../row.js';

const FORBIDDEN_TARGET_BYTES = ['"', '#', '<', '>', '\\', '^', '`', '{', '|', '}', '\x00', '\x01', '\t', '\x1f', '\x7f', '\x80', '\xff'];

const request = (method: string, target: string, host = 'h'): string => `${method} ${target} HTTP/1.1\r\nHost: ${host}\r\n\r\n`;
const ok = (name: string, method: string, target: string, form: Form, reason: string): Row =>
  t(name, request(method, target), done(rq(method, target, { form, h: [HOST] })), reason);
/** The form check fails when the SP after the target is read: INVALID_TARGET at targetStart. */
const badForm = (name: string, method: string, target: string, reason: string): Row =>
  t(name, request(method, target), err(E.INVALID_TARGET, method.length + 1), reason);

export const targetRows: Row[] = [
  ok('origin-form with path and query', 'GET', '/a/b.html?x=1&y=%20', 'origin', 'RFC 9112 §3.2.1: origin-form = absolute-path [ "?" query ]'),
  ok('origin-form with every allowed punctuation', 'GET', "/a-Z_0.9~!$&'()*+,;=:@%2F[]?q=/?", 'origin', 'spec §3: URI_CHAR is 0x21-0x7E minus "#<>\\^`{|}'),
  ok('origin-form starting with //', 'GET', '//a/b', 'origin', 'spec §3: starts with "/" -> origin-form'),
  ok('origin-form for OPTIONS', 'OPTIONS', '/x', 'origin', 'RFC 9112 §3.2.1'),
  ok('asterisk-form for OPTIONS', 'OPTIONS', '*', 'asterisk', 'RFC 9112 §3.2.4: asterisk-form only for OPTIONS'),
  badForm('asterisk-form for GET', 'GET', '*', 'RFC 9112 §3.2.4: asterisk-form is only for OPTIONS'),
  badForm('asterisk-form for lowercase options (another method)', 'options', '*', 'RFC 9110 §9.1: methods are case-sensitive; spec §3'),
  badForm('two asterisks', 'OPTIONS', '**', 'spec §3: only "*" exactly is asterisk-form; "*" is not ALPHA for a scheme'),
  badForm('asterisk then letters', 'GET', '*a', 'spec §3: not asterisk, origin or absolute'),
  ok('absolute-form http', 'GET', 'http://example.com/a?b', 'absolute', 'RFC 9112 §3.2.2: absolute-form = absolute-URI'),
  ok('absolute-form with uppercase scheme', 'GET', 'HTTPS://X', 'absolute', 'RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )'),
  ok('absolute-form with every scheme character', 'GET', 'a+b-c.9:rest', 'absolute', 'RFC 3986 §3.1; spec §3'),
  ok('absolute-form, minimal', 'GET', 'h:x', 'absolute', 'spec §3: scheme ":" then at least one byte'),
  ok('absolute-form urn with colons', 'GET', 'urn:isbn:0', 'absolute', 'spec §3'),
  ok('host:port on GET reads as absolute-form', 'GET', 'example.com:80', 'absolute', 'spec §3: "example.com" is a valid scheme; authority-form is only for CONNECT'),
  ok('absolute-form for OPTIONS', 'OPTIONS', 'http://h/', 'absolute', 'RFC 9112 §3.2.2'),
  badForm('no form at all', 'GET', 'abc', 'spec §3: not origin, absolute, authority or asterisk'),
  badForm('scheme with nothing after the colon', 'GET', 'a:', 'spec §3: at least one byte after scheme ":"'),
  badForm('scheme starting with a digit', 'GET', '1a:b', 'RFC 3986 §3.1: scheme starts with ALPHA'),
  badForm('empty scheme', 'GET', ':b', 'RFC 3986 §3.1: scheme is not empty'),
  badForm('underscore in the scheme', 'GET', 'a_b:c', 'RFC 3986 §3.1: "_" is not a scheme character'),
  ok('authority-form for CONNECT', 'CONNECT', 'h:443', 'authority', 'RFC 9112 §3.2.3: authority-form = uri-host ":" port, only for CONNECT'),
  ok('authority-form with IPv6 literal', 'CONNECT', '[::1]:8080', 'authority', 'RFC 9112 §3.2.3; spec §3: port after the last ":"'),
  ok('authority-form, port after the last colon', 'CONNECT', 'h:1:2', 'authority', 'spec §3: host "h:1" is non-empty, port 1*DIGIT after the last ":"'),
  ok('authority-form with port 0 and a dotted host', 'CONNECT', 'a.b.c:0', 'authority', 'RFC 9112 §3.2.3: port = *DIGIT, spec asks 1*DIGIT'),
  badForm('origin-form for CONNECT', 'CONNECT', '/', 'RFC 9112 §3.2.3: CONNECT takes authority-form only'),
  badForm('asterisk for CONNECT', 'CONNECT', '*', 'RFC 9112 §3.2.3'),
  badForm('absolute-form for CONNECT', 'CONNECT', 'http://h:80', 'RFC 9112 §3.2.3; spec §3: no "/" in authority-form'),
  badForm('CONNECT without a port', 'CONNECT', 'h', 'RFC 9112 §3.2.3: authority-form needs ":" port'),
  badForm('CONNECT with empty host', 'CONNECT', ':443', 'spec §3: host non-empty'),
  badForm('CONNECT with empty port', 'CONNECT', 'h:', 'spec §3: port 1*DIGIT'),
  badForm('CONNECT with a letter in the port', 'CONNECT', 'h:4a3', 'spec §3: port 1*DIGIT'),
  badForm('CONNECT with userinfo', 'CONNECT', 'u@h:443', 'RFC 9112 §3.2.3: no userinfo; spec §3: no "@"'),
  badForm('CONNECT with a slash', 'CONNECT', 'h/x:443', 'spec §3: no "/" anywhere'),
  badForm('CONNECT with a question mark', 'CONNECT', 'h?:443', 'spec §3: no "?" anywhere'),
  ...FORBIDDEN_TARGET_BYTES.map((byte) =>
    t(
      `target byte 0x${byte.charCodeAt(0).toString(16).padStart(2, '0')} is forbidden`,
      `GET /a${byte}b HTTP/1.1\r\nHost: h\r\n\r\n`,
      err(E.INVALID_TARGET, 6),
      'RFC 3986 §2 (URI characters); spec §3: URI_CHAR, INVALID_TARGET at the byte',
    ),
  ),
  t('CR inside the target', 'GET /a\rb HTTP/1.1\r\nHost: h\r\n\r\n', err(E.INVALID_TARGET, 6), 'spec §3: a CR in the target is a target error, not a line end'),
  t('target ends at CRLF (no version)', 'GET /a\r\nHost: h\r\n\r\n', err(E.INVALID_TARGET, 6), 'RFC 9112 §3: SP then HTTP-version required'),
  t('target ends at lone LF, lenient', 'GET /a\nHost: h\n\n', err(E.INVALID_TARGET, 6), 'spec §3: the leniency does not shorten a request line', { lenientBareLf: true }),
  t('two SP after the target', 'GET /  HTTP/1.1\r\nHost: h\r\n\r\n', err(E.INVALID_VERSION, 6), 'RFC 9112 §3: exactly one SP; the version must start at once'),
  t('target then SP then CRLF', 'GET / \r\nHost: h\r\n\r\n', err(E.INVALID_VERSION, 6), 'RFC 9112 §3: HTTP-version required'),
];
