/** Corpus rows: HTTP-version (RFC 9112 §2.3). The `H` is at offset 6 in `GET / HTTP/...`. */
import { E, HOST, done, err, partial, rq, t, type Row } from '../row.js';

const line = (version: string): string => `GET / ${version}\r\nHost: h\r\n\r\n`;

export const versionRows: Row[] = [
  t('HTTP/1.1', line('HTTP/1.1'), done(rq('GET', '/', { h: [HOST] })), 'RFC 9112 §2.3'),
  t('HTTP/1.0', line('HTTP/1.0'), done(rq('GET', '/', { v: 0, h: [HOST] })), 'RFC 9112 §2.3; minor 0, no keep-alive by default (§9.3)'),
  t('HTTP/1.0 without headers', 'GET / HTTP/1.0\r\n\r\n', done(rq('GET', '/', { v: 0 })), 'RFC 9112 §3.2: Host is required of HTTP/1.1 only'),
  t('HTTP/2.0 is well-formed but unsupported', line('HTTP/2.0'), err(E.UNSUPPORTED_VERSION, 6), 'RFC 9110 §15.6.6: 505; spec §3: at the H'),
  t('HTTP/0.9 is unsupported', line('HTTP/0.9'), err(E.UNSUPPORTED_VERSION, 6), 'RFC 9112 §2.3; spec §3'),
  t('HTTP/1.2 is unsupported', line('HTTP/1.2'), err(E.UNSUPPORTED_VERSION, 6), 'spec §3: only 1.0 and 1.1'),
  t('HTTP/9.9 is unsupported', line('HTTP/9.9'), err(E.UNSUPPORTED_VERSION, 6), 'spec §3'),
  t('unsupported version is found at the minor digit', 'GET / HTTP/2.0x\r\n', err(E.UNSUPPORTED_VERSION, 6), 'spec §3: checked once the minor digit is read, before the line end'),
  t('unsupported version without the line end yet', 'GET / HTTP/2.0', err(E.UNSUPPORTED_VERSION, 6), 'spec §3: the minor digit decides, nothing more is needed'),
  t('version cut before the minor digit', 'GET / HTTP/2.', partial(), 'spec §1: PARTIAL'),
  t('lowercase http', line('http/1.1'), err(E.INVALID_VERSION, 6), 'RFC 9112 §2.3: HTTP-name is case-sensitive'),
  t('Http mixed case', line('Http/1.1'), err(E.INVALID_VERSION, 7), 'RFC 9112 §2.3: %s"HTTP"'),
  t('HTTPS instead of HTTP', line('HTTPS/1.1'), err(E.INVALID_VERSION, 10), 'RFC 9112 §2.3'),
  t('missing minor', line('HTTP/1'), err(E.INVALID_VERSION, 12), 'RFC 9112 §2.3: DIGIT "." DIGIT; CR where "." is due'),
  t('letter as minor', line('HTTP/1.x'), err(E.INVALID_VERSION, 13), 'RFC 9112 §2.3'),
  t('two major digits', line('HTTP/11.1'), err(E.INVALID_VERSION, 12), 'RFC 9112 §2.3: one DIGIT before the dot'),
  t('letter as major', line('HTTP/x.1'), err(E.INVALID_VERSION, 11), 'RFC 9112 §2.3'),
  t('comma instead of dot', line('HTTP/1,1'), err(E.INVALID_VERSION, 12), 'RFC 9112 §2.3'),
  t('obs-text in the version', line('HTTP/1\xb71'), err(E.INVALID_VERSION, 12), 'RFC 9112 §2.3'),
  t('no slash', line('HTTP1.1'), err(E.INVALID_VERSION, 10), 'RFC 9112 §2.3'),
  t('version cut at the slash', 'GET / HTTP/', partial(), 'spec §1: PARTIAL'),
];
