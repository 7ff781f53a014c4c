/**
 * Chunked bodies (RFC 9112 §7.1, docs/wire-spec.md §6) and what the decoder must make of them.
 * Positions are stream positions: offsets from the first byte of the body.
 */
import { WireError as E, wireErrorName } from '../../src/wire/errors.js';
import type { ChunkedDecoderOptions } from '../../src/wire/types.js';
import { DEFAULT_DECODER_OPTIONS, type DecodeOutcome } from './decode.js';

export interface ChunkedRow {
  name: string;
  body: string;
  options: ChunkedDecoderOptions;
  expect: DecodeOutcome;
  reason: string;
}

const name = (code: number): string => wireErrorName(code) ?? String(code);

/** The body ends at `end` (default: the whole input) with `data`. */
const ok = (data: string, end?: number) => (body: string): DecodeOutcome => ({ status: 'DONE', data, end: end ?? body.length });
const more = (data: string) => (): DecodeOutcome => ({ status: 'NEED_MORE', data });
const bad = (code: number, position: number, data = '') => (): DecodeOutcome => ({ status: 'ERROR', data, code: name(code), position });

function c(
  rowName: string,
  body: string,
  expect: (body: string) => DecodeOutcome,
  reason: string,
  options: Partial<ChunkedDecoderOptions> = {},
): ChunkedRow {
  return { name: rowName, body, options: { ...DEFAULT_DECODER_OPTIONS, ...options }, expect: expect(body), reason };
}

/** `text` then `filler` repeated until the whole is `length` bytes long. */
const fill = (text: string, filler: string, length: number): string => text + filler.repeat(length - text.length);
/** A chunk of "x" whose size line (extension included) is `length` bytes, then the last chunk. */
const sizeLine = (length: number): string => fill('1;', 'e', length) + '\r\nx\r\n0\r\n\r\n';
/** A last chunk with one trailer line of `length` bytes. */
const trailerLine = (length: number): string => '0\r\n' + fill('A:', 'v', length) + '\r\n\r\n';

const LENIENT = { lenientBareLf: true };
const HELLO = '5\r\nhello\r\n';
const END = '0\r\n\r\n';

export const chunkedRows: ChunkedRow[] = [
  // Sizes and data.
  c('one chunk', HELLO + END, ok('hello'), 'RFC 9112 §7.1: chunked-body = *chunk last-chunk trailer-section CRLF'),
  c('only the last chunk', END, ok(''), 'RFC 9112 §7.1'),
  c('several chunks', '3\r\nabc\r\n2\r\nde\r\n1\r\nf\r\n' + END, ok('abcdef'), 'RFC 9112 §7.1'),
  c('lowercase hex size', 'a\r\n0123456789\r\n' + END, ok('0123456789'), 'RFC 9112 §7.1: chunk-size = 1*HEXDIG; RFC 5234 HEXDIG is case-insensitive'),
  c('uppercase hex size', 'A\r\n0123456789\r\n' + END, ok('0123456789'), 'RFC 9112 §7.1'),
  c('two-digit hex sizes in both cases', '1f\r\n' + 'x'.repeat(31) + '\r\n1F\r\n' + 'y'.repeat(31) + '\r\n' + END, ok('x'.repeat(31) + 'y'.repeat(31)), 'RFC 9112 §7.1'),
  c('leading zeros in a size', '0005\r\nhello\r\n' + END, ok('hello'), 'spec §6: leading zeros are fine'),
  c('last chunk of several zeros', HELLO + '000\r\n\r\n', ok('hello'), 'RFC 9112 §7.1: last-chunk = 1*("0")'),
  c('data holding CRLFs', '4\r\n\r\n\r\n\r\n' + END, ok('\r\n\r\n'), 'RFC 9112 §7.1: chunk-data is opaque'),
  c('binary data', '4\r\n\x00\xff\x80\n\r\n' + END, ok('\x00\xff\x80\n'), 'RFC 9112 §7.1: chunk-data = 1*OCTET'),
  c('the next request follows the body', HELLO + END + 'GET / HTTP/1.1\r\n', ok('hello', HELLO.length + END.length), 'spec §6: D_CONSUMED is where the next request starts'),
  c('largest size, body not here yet', '1FFFFFFFFFFFFF\r\n', more(''), 'spec §6: 2^53 - 1 is allowed'),
  c('largest size with leading zeros', '00000000000000000000001fffffffffffff\r\nab', more('ab'), 'spec §6: leading zeros do not count'),
  c('size 2^53', '20000000000000\r\n', bad(E.CHUNK_SIZE_TOO_LARGE, 13), 'spec §6: at the digit that makes it too large'),
  c('size of sixteen F', 'FFFFFFFFFFFFFFFF\r\n', bad(E.CHUNK_SIZE_TOO_LARGE, 13), 'spec §6'),
  c('size of seventeen digits', '10000000000000000\r\n', bad(E.CHUNK_SIZE_TOO_LARGE, 14), 'spec §6: 2^52 after 14 digits is fine, 2^56 is not'),
  c('leading zeros then too large', '0000000000000000000001FFFFFFFFFFFFF0\r\n', bad(E.CHUNK_SIZE_TOO_LARGE, 35), 'spec §6: zeros do not count, the 15th significant digit does'),
  c('size of 21 digits (past 2^64, wraps a u64)', '100000000000000000000\r\n', bad(E.CHUNK_SIZE_TOO_LARGE, 14), 'spec §6: found at the 15th digit, before any overflow'),

  // The size line.
  c('non-hex first byte', 'g\r\n', bad(E.INVALID_CHUNK_SIZE, 0), 'spec §6: a non-hex first byte'),
  c('empty size line', '\r\n' + END, bad(E.INVALID_CHUNK_SIZE, 0), 'RFC 9112 §7.1: 1*HEXDIG'),
  c('SP before the size', ' 5\r\nhello\r\n' + END, bad(E.INVALID_CHUNK_SIZE, 0), 'RFC 9112 §7.1'),
  c('sign before the size', '-5\r\n', bad(E.INVALID_CHUNK_SIZE, 0), 'RFC 9112 §7.1'),
  c('0x prefix', '0x5\r\nhello\r\n' + END, bad(E.INVALID_CHUNK_SIZE, 1), 'spec §6: junk after the size'),
  c('letter after the size', '5g\r\n', bad(E.INVALID_CHUNK_SIZE, 1), 'spec §6: junk after the size'),
  c('second number after BWS', '5 5\r\n', bad(E.INVALID_CHUNK_SIZE, 2), 'spec §6: after BWS only ";" may follow'),
  c('BWS then the line end', '5 \r\nhello\r\n' + END, bad(E.INVALID_CHUNK_SIZE, 2), 'RFC 9112 §7.1.1: BWS only precedes ";"; spec §6: any other byte is INVALID_CHUNK_SIZE'),
  c('bare CR after the size', '5\rX', bad(E.BARE_CR, 1), 'spec §6: CR must be followed by LF'),
  c('lone LF after the size, strict', '5\nhello\r\n' + END, bad(E.BARE_LF, 1), 'spec §6: BARE_LF unless the leniency'),
  c('lone LF after the size, lenient', '5\nhello\r\n0\n\n', ok('hello'), 'spec §6: lenientBareLf', LENIENT),
  c('lone LF after an extension, strict', '5;a\nhello\r\n' + END, bad(E.BARE_LF, 3), 'spec §6'),
  c('lone LF after an extension, lenient', '5;a\nhello\r\n' + END, ok('hello'), 'spec §6: lenientBareLf', LENIENT),
  c('bare CR after an extension', '5;a\rX', bad(E.BARE_CR, 3), 'spec §6'),
  c('error in the second chunk size', '3\r\nabc\r\nzz\r\n', bad(E.INVALID_CHUNK_SIZE, 8, 'abc'), 'spec §6: positions count from the start of the body'),

  // Extensions, RFC 9112 §7.1.1.
  c('extension name', '5;a\r\nhello\r\n' + END, ok('hello'), 'RFC 9112 §7.1.1: chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] )'),
  c('extension with a token value', '5;a=b\r\nhello\r\n' + END, ok('hello'), 'RFC 9112 §7.1.1: ext-val = token / quoted-string'),
  c('extension with a quoted value', '5;a="b c;d=e"\r\nhello\r\n' + END, ok('hello'), 'RFC 9110 §5.6.4: quoted-string'),
  c('quoted-pair in a quoted value', '5;a="\\"q\\\\"\r\nhello\r\n' + END, ok('hello'), 'RFC 9110 §5.6.4: quoted-pair = "\\" ( HTAB / SP / VCHAR / obs-text )'),
  c('obs-text in a quoted value', '5;a="\xe9\xff"\r\nhello\r\n' + END, ok('hello'), 'RFC 9110 §5.6.4: qdtext includes obs-text'),
  c('empty quoted value', '5;a=""\r\nhello\r\n' + END, ok('hello'), 'RFC 9110 §5.6.4'),
  c('BWS everywhere it may be', '5 \t; \ta \t= \tb ;c\r\nhello\r\n' + END, ok('hello'), 'RFC 9112 §7.1.1: BWS around ";" and "="'),
  c('several extensions', '5;a;b=c;d="e"\r\nhello\r\n' + END, ok('hello'), 'RFC 9112 §7.1.1'),
  c('every tchar in a name and a value', "5;!#$%&'*+-.^_`|~09azAZ=!#$%&'*+-.^_`|~09azAZ\r\nhello\r\n" + END, ok('hello'), 'RFC 9110 §5.6.2: token'),
  c('extension on the last chunk', HELLO + '0;x="y"\r\n\r\n', ok('hello'), 'RFC 9112 §7.1: last-chunk = 1*("0") [ chunk-ext ] CRLF'),
  c('semicolon without a name', '5;\r\nhello\r\n' + END, bad(E.INVALID_CHUNK_EXTENSION, 2), 'RFC 9112 §7.1.1: ext-name = token'),
  c('equals without a name', '5;=b\r\n', bad(E.INVALID_CHUNK_EXTENSION, 2), 'RFC 9112 §7.1.1'),
  c('equals without a value', '5;a=\r\nhello\r\n' + END, bad(E.INVALID_CHUNK_EXTENSION, 4), 'RFC 9112 §7.1.1: ext-val required after "="'),
  c('two words as a value', '5;a=b c\r\n', bad(E.INVALID_CHUNK_EXTENSION, 6), 'RFC 9112 §7.1.1'),
  c('two words as a name', '5;a b\r\n', bad(E.INVALID_CHUNK_EXTENSION, 4), 'RFC 9112 §7.1.1'),
  c('BWS then the line end after a name', '5;a \r\nhello\r\n' + END, bad(E.INVALID_CHUNK_EXTENSION, 4), 'RFC 9112 §7.1.1: BWS only before "=" or ";"'),
  c('BWS then the line end after a value', '5;a=b\t\r\nhello\r\n' + END, bad(E.INVALID_CHUNK_EXTENSION, 6), 'RFC 9112 §7.1.1'),
  c('non-tchar in a name', '5;a@\r\n', bad(E.INVALID_CHUNK_EXTENSION, 3), 'RFC 9110 §5.6.2: token'),
  c('DEL in a token value', '5;a=\x7f\r\n', bad(E.INVALID_CHUNK_EXTENSION, 4), 'RFC 9110 §5.6.2'),
  c('unterminated quoted value', '5;a="b\r\nhello\r\n', bad(E.INVALID_CHUNK_EXTENSION, 6), 'RFC 9110 §5.6.4: CR is not qdtext'),
  c('junk after a quoted value', '5;a="b"c\r\n', bad(E.INVALID_CHUNK_EXTENSION, 7), 'RFC 9112 §7.1.1'),
  c('NUL in a quoted value', '5;a="\x00"\r\n', bad(E.INVALID_CHUNK_EXTENSION, 5), 'RFC 9110 §5.6.4: qdtext excludes CTLs'),
  c('quoted-pair escaping NUL', '5;a="\\\x00"\r\n', bad(E.INVALID_CHUNK_EXTENSION, 6), 'RFC 9110 §5.6.4: quoted-pair excludes CTLs'),
  c('a long extension is not limited by the trailer limits', '1;' + 'e'.repeat(200) + '\r\nx\r\n' + END, ok('x'), 'spec §6: only the trailer section counts against maxHeadBytes', { maxHeadBytes: 8 }),

  // The end of chunk-data.
  c('junk instead of CRLF after data', '5\r\nhelloX', bad(E.INVALID_CHUNK_DATA_END, 8, 'hello'), 'RFC 9112 §7.1: chunk-data CRLF'),
  c('CR then junk after data', '5\r\nhello\rX', bad(E.INVALID_CHUNK_DATA_END, 9, 'hello'), 'spec §6: at the first wrong byte'),
  c('lone LF after data, strict', '5\r\nhello\n' + END, bad(E.INVALID_CHUNK_DATA_END, 8, 'hello'), 'spec §6: CR LF required'),
  c('lone LF after data, lenient', '5\r\nhello\n' + END, bad(E.INVALID_CHUNK_DATA_END, 8, 'hello'), 'spec §6: the data end is CR LF; the leniency is named for the size line and trailer lines only', LENIENT),
  c('data longer than the size', '5\r\nhelloo\r\n' + END, bad(E.INVALID_CHUNK_DATA_END, 8, 'hello'), 'RFC 9112 §7.1'),
  c('data shorter than the size', '3\r\nhello\r\n' + END, bad(E.INVALID_CHUNK_DATA_END, 6, 'hel'), 'RFC 9112 §7.1'),

  // Trailer section, RFC 9112 §7.1.2.
  c('one trailer field', HELLO + '0\r\nX: y\r\n\r\n', ok('hello'), 'RFC 9112 §7.1.2: trailer-section = *( field-line CRLF )'),
  c('two trailer fields, one empty', END.slice(0, 3) + 'A: 1\r\nB:\r\n\r\n', ok(''), 'RFC 9112 §7.1.2'),
  c('trailer after an extended last chunk', '0;e=1\r\nA: 1\r\n\r\n', ok(''), 'RFC 9112 §7.1'),
  c('obs-fold in a trailer', '0\r\nX: y\r\n z\r\n\r\n', bad(E.OBS_FOLD, 9), 'spec §6: trailer lines are checked as header lines'),
  c('bad trailer name', '0\r\n@: y\r\n\r\n', bad(E.INVALID_HEADER_NAME, 3), 'spec §6'),
  c('space before a trailer colon', '0\r\nX : y\r\n\r\n', bad(E.INVALID_HEADER_NAME, 4), 'RFC 9112 §5.1'),
  c('NUL in a trailer value', '0\r\nX: \x00\r\n\r\n', bad(E.INVALID_HEADER_VALUE, 6), 'RFC 9110 §5.5'),
  c('bare CR in a trailer value', '0\r\nX: y\rZ', bad(E.BARE_CR, 7), 'RFC 9112 §2.2'),
  c('lone LF ends a trailer line, strict', '0\r\nX: y\n\r\n', bad(E.BARE_LF, 7), 'spec §6'),
  c('lone LF ends a trailer line, lenient', '0\r\nX: y\n\r\n', ok(''), 'spec §6: lenientBareLf', LENIENT),
  c('lone LF as the final blank line, strict', '0\r\n\n', bad(E.BARE_LF, 3), 'spec §6'),
  c('lone LF as the final blank line, lenient', '0\r\n\nGET', ok('', 4), 'spec §6: lenientBareLf', LENIENT),
  c('bare CR as the final blank line', '0\r\n\rX', bad(E.BARE_CR, 3), 'RFC 9112 §2.2'),
  c('trailer count at the limit', '0\r\nA: 1\r\n\r\n', ok(''), 'spec §6: counted against maxHeaders', { maxHeaders: 1 }),
  c('trailer count over the limit', '0\r\nA: 1\r\nB: 2\r\n\r\n', bad(E.TOO_MANY_HEADERS, 9), 'spec §6', { maxHeaders: 1 }),
  c('no trailers allowed, none given', END, ok(''), 'spec §6', { maxHeaders: 0 }),
  c('no trailers allowed, one given', '0\r\nA: 1\r\n\r\n', bad(E.TOO_MANY_HEADERS, 3), 'spec §6', { maxHeaders: 0 }),
  c('trailer section exactly at the byte limit', '0\r\nA: 1\r\n\r\n', ok(''), 'spec §6: from after the last-chunk LF to the end of the blank line', { maxHeadBytes: 8 }),
  c('trailer section one byte over the limit', '0\r\nA: 1\r\n\r\n', bad(E.HEAD_TOO_LARGE, 10), 'spec §6', { maxHeadBytes: 7 }),
  c('blank line alone at the byte limit', END, ok(''), 'spec §6', { maxHeadBytes: 2 }),
  c('blank line alone over the byte limit', END, bad(E.HEAD_TOO_LARGE, 4), 'spec §6', { maxHeadBytes: 1 }),
  c('chunk data does not count towards the byte limit', HELLO + END, ok('hello'), 'spec §6: only the trailer section', { maxHeadBytes: 2 }),
  c('byte limit counts from the last chunk, after an extension', '0;e=1\r\nA: 1\r\n\r\n', bad(E.HEAD_TOO_LARGE, 14), 'spec §6', { maxHeadBytes: 7 }),

  // The line cap (spec §6): each chunk-size line and each trailer line, CR LF excluded, at most
  // maxLineBytes (default 4096) bytes. Like every row, these are also fed cut at every byte and
  // one byte at a time: the count survives any split.
  c('size line of 4095 bytes', sizeLine(4095), ok('x'), 'spec §6: under the default cap of 4096'),
  c('size line of 4096 bytes: the cap', sizeLine(4096), ok('x'), 'spec §6: at the cap'),
  c('size line of 4097 bytes', sizeLine(4097), bad(E.CHUNK_LINE_TOO_LONG, 4096), 'spec §6: at the first byte past the cap (the CVE-2024-22019 class)'),
  c('4097 zeros before the size', '0'.repeat(4096) + '1\r\nx\r\n' + END, bad(E.CHUNK_LINE_TOO_LONG, 4096), 'spec §6: leading zeros count towards the line'),
  c('quoted extension over the cap', '1;a="' + 'q'.repeat(4195) + '"\r\n', bad(E.CHUNK_LINE_TOO_LONG, 4096), 'spec §6: the cap holds inside a quoted-string'),
  c("last chunk's extension over the cap", fill('0;', 'e', 4097) + '\r\n\r\n', bad(E.CHUNK_LINE_TOO_LONG, 4096), 'spec §6: the last-chunk line is a chunk-size line'),
  c('cap is per line: two size lines of 4096', fill('1;', 'e', 4096) + '\r\nx\r\n' + fill('0;', 'e', 4096) + '\r\n\r\n', ok('x'), 'spec §6: each line is counted from its first byte'),
  c('size line over the cap in the second chunk', '1\r\nx\r\n' + fill('1;', 'e', 4097), bad(E.CHUNK_LINE_TOO_LONG, 6 + 4096, 'x'), 'spec §6'),
  c('trailer line of 4095 bytes', trailerLine(4095), ok(''), 'spec §6: the same cap per trailer line'),
  c('trailer line of 4096 bytes: the cap', trailerLine(4096), ok(''), 'spec §6'),
  c('trailer line of 4097 bytes', trailerLine(4097), bad(E.CHUNK_LINE_TOO_LONG, 3 + 4096), 'spec §6'),
  c('cap is per trailer line: the second is over', '0\r\nA: 1\r\n' + fill('B:', 'v', 4097) + '\r\n\r\n', bad(E.CHUNK_LINE_TOO_LONG, 9 + 4096), 'spec §6'),
  c('small cap, line at it', '1;abcdef\r\nx\r\n' + END, ok('x'), 'spec §6: maxLineBytes', { maxLineBytes: 8 }),
  c('small cap, line over it', '1;abcdefg\r\nx\r\n', bad(E.CHUNK_LINE_TOO_LONG, 8), 'spec §6', { maxLineBytes: 8 }),
  c('cap of 1: a one-digit size line fits', '1\r\nx\r\n' + END, ok('x'), 'spec §6: the blank line ending the trailers has no bytes', { maxLineBytes: 1 }),
  c('cap of 1: a two-digit size does not', '01\r\n', bad(E.CHUNK_LINE_TOO_LONG, 1), 'spec §6', { maxLineBytes: 1 }),
  c('cap is checked before the extension grammar', '1;abcdef@\r\n', bad(E.CHUNK_LINE_TOO_LONG, 8), 'spec §6: as TARGET_TOO_LONG before URI_CHAR', { maxLineBytes: 8 }),
  c('a lone LF at the cap is BARE_LF', '1;abcdef\n', bad(E.BARE_LF, 8), 'spec §6: the line end does not count', { maxLineBytes: 8 }),
  c('a lone LF at the cap ends the line, lenient', '1;abcdef\nx\r\n0\n\n', ok('x'), 'spec §6', { maxLineBytes: 8, lenientBareLf: true }),
  c('trailer over a small cap', '0\r\nA: 12345\r\n\r\n', bad(E.CHUNK_LINE_TOO_LONG, 3 + 6), 'spec §6', { maxLineBytes: 6 }),
  c('the trailer section limit is checked before the line cap', '0\r\nABCDE', bad(E.HEAD_TOO_LARGE, 7), 'spec §6: HEAD_TOO_LARGE before reading the byte', { maxHeadBytes: 4, maxLineBytes: 4 }),

  // Incomplete bodies.
  c('size only', '5', more(''), 'spec §6: NEED_MORE'),
  c('part of the data', '5\r\nhel', more('hel'), 'spec §6: data spans are written as they arrive'),
  c('data without its CRLF', '5\r\nhello', more('hello'), 'spec §6'),
  c('last chunk without the blank line', '0\r\n', more(''), 'spec §6'),
  c('trailer without the blank line', '0\r\nX: y\r\n', more(''), 'spec §6'),
];
