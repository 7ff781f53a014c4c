/**
 * The known desync and request-smuggling shapes, as a table: each row builds the bytes of one
 * input for a case id and says what a strict server must do with it. `refused`: one answer, not
 * 2xx, then the connection closes (nothing after a request of doubtful framing may be read as a
 * request); `accepted`: the input is served and the marker after it is answered; `either`: only
 * the checks every input gets. Every row that carries a body hides `GET /echo/SMUGGLED-<id>`
 * where one of two disagreeing parsers would read it as the next request.
 */
import { smuggledRequest } from './marker.js';

export type Expectation = 'refused' | 'accepted' | 'either';

export interface Shape {
  readonly name: string;
  readonly expect: Expectation;
  build(id: number): Buffer;
}

/** A Transfer-Encoding header line as an attacker writes it; `chunked` says whether it is plain chunked framing. */
interface TeVariant {
  readonly label: string;
  readonly lines: string;
  readonly chunked: boolean;
}

const TE_VARIANTS: readonly TeVariant[] = [
  { label: 'chunked', lines: 'Transfer-Encoding: chunked', chunked: true },
  { label: 'upper-case name and coding', lines: 'TRANSFER-ENCODING: CHUNKED', chunked: true },
  { label: 'two spaces before chunked', lines: 'Transfer-Encoding:  chunked', chunked: true },
  { label: 'tab before chunked', lines: 'Transfer-Encoding:\tchunked', chunked: true },
  { label: 'tab after chunked', lines: 'Transfer-Encoding: chunked\t', chunked: true },
  { label: 'no space after the colon', lines: 'Transfer-Encoding:chunked', chunked: true },
  { label: 'xchunked', lines: 'Transfer-Encoding: xchunked', chunked: false },
  { label: 'chunk', lines: 'Transfer-Encoding: chunk', chunked: false },
  { label: 'quoted chunked', lines: 'Transfer-Encoding: "chunked"', chunked: false },
  { label: 'chunked, identity', lines: 'Transfer-Encoding: chunked, identity', chunked: false },
  { label: 'identity, chunked', lines: 'Transfer-Encoding: identity, chunked', chunked: false },
  { label: 'gzip, chunked', lines: 'Transfer-Encoding: gzip, chunked', chunked: false },
  { label: 'chunked, chunked', lines: 'Transfer-Encoding: chunked, chunked', chunked: false },
  { label: 'chunked with a parameter', lines: 'Transfer-Encoding: chunked;q=1', chunked: false },
  // RFC 9110 §5.6.1.2: empty list elements are ignored, so this is plain chunked.
  { label: 'empty element before chunked', lines: 'Transfer-Encoding: , chunked', chunked: true },
  { label: 'only a comma', lines: 'Transfer-Encoding: ,', chunked: false },
  { label: 'vertical tab before chunked', lines: 'Transfer-Encoding: \x0bchunked', chunked: false },
  { label: 'NUL after chunked', lines: 'Transfer-Encoding: chunked\x00', chunked: false },
  { label: 'space before the colon', lines: 'Transfer-Encoding : chunked', chunked: false },
  { label: 'tab before the colon', lines: 'Transfer-Encoding\t: chunked', chunked: false },
  { label: 'line starting with a space', lines: ' Transfer-Encoding: chunked', chunked: false },
  { label: 'folded value (obs-fold)', lines: 'Transfer-Encoding:\r\n chunked', chunked: false },
  { label: 'folded continuation', lines: 'Transfer-Encoding: chunked\r\n\tidentity', chunked: false },
  { label: 'duplicated TE, chunked then xchunked', lines: 'Transfer-Encoding: chunked\r\nTransfer-Encoding: xchunked', chunked: false },
  { label: 'duplicated TE, xchunked then chunked', lines: 'Transfer-Encoding: xchunked\r\nTransfer-Encoding: chunked', chunked: false },
  { label: 'duplicated TE, chunked twice', lines: 'Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked', chunked: false },
  { label: 'duplicated TE, chunked then identity', lines: 'Transfer-Encoding: chunked\r\nTransfer-Encoding: identity', chunked: false },
  { label: 'bare CR after chunked', lines: 'Transfer-Encoding: chunked\rX: y', chunked: false },
  { label: 'bare LF before TE', lines: 'X: y\nTransfer-Encoding: chunked', chunked: false },
];

const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');
const HOST = 'Host: localhost:4221\r\n';
const upload = (id: number, version = '1.1'): string => `POST /files/fuzz-${id} HTTP/${version}\r\n${version === '1.1' ? HOST : ''}`;

/** One chunk holding the smuggled request, then the last chunk. */
const chunkedSmuggle = (id: number): string => {
  const hidden = smuggledRequest(id);
  return `${hidden.length.toString(16)}\r\n${hidden}\r\n0\r\n\r\n`;
};

function teShapes(v: TeVariant): Shape[] {
  return [
    {
      // The front end reads Content-Length (the whole tail), the back end stops at `0`: the smuggled request would follow.
      name: `CL.TE, ${v.label}`,
      expect: 'refused',
      build: (id) => {
        const body = `0\r\n\r\n${smuggledRequest(id)}`;
        return latin1(`${upload(id)}Content-Length: ${body.length}\r\n${v.lines}\r\n\r\n${body}`);
      },
    },
    {
      // The front end reads chunks (the smuggled request is chunk data), the back end 4 bytes of Content-Length.
      name: `TE.CL, ${v.label}`,
      expect: 'refused',
      build: (id) => latin1(`${upload(id)}${v.lines}\r\nContent-Length: 4\r\n\r\n${chunkedSmuggle(id)}`),
    },
    {
      // TE.TE: no Content-Length; only a plain `chunked` may frame the body, anything else is refused.
      name: `TE only, ${v.label}`,
      expect: v.chunked ? 'accepted' : 'refused',
      build: (id) => latin1(`${upload(id)}${v.lines}\r\n\r\n${chunkedSmuggle(id)}`),
    },
    {
      // HTTP/1.0 has no chunked coding: Transfer-Encoding there is faulty framing (RFC 9112 §6.1).
      name: `HTTP/1.0 with TE, ${v.label}`,
      expect: 'refused',
      build: (id) => latin1(`${upload(id, '1.0')}${v.lines}\r\n\r\n${chunkedSmuggle(id)}`),
    },
  ];
}

/** A POST with these header lines and a body that ends with the smuggled request. */
function clShape(name: string, expect: Expectation, lines: (bodyLength: number) => string, prefix = 'abcde'): Shape {
  return {
    name,
    expect,
    build: (id) => {
      const body = prefix + smuggledRequest(id);
      return latin1(`${upload(id)}${lines(body.length)}\r\n\r\n${body}`);
    },
  };
}

const CL_SHAPES: readonly Shape[] = [
  clShape('CL.CL, short then whole', 'refused', (n) => `Content-Length: 5\r\nContent-Length: ${n}`),
  clShape('CL.CL, whole then short', 'refused', (n) => `Content-Length: ${n}\r\nContent-Length: 5`),
  clShape('CL as a list of two values', 'refused', (n) => `Content-Length: 5, ${n}`),
  clShape('CL with a plus sign', 'refused', () => 'Content-Length: +5'),
  clShape('CL in hex', 'refused', () => 'Content-Length: 0x5'),
  clShape('CL negative', 'refused', () => 'Content-Length: -5'),
  clShape('CL with a space inside', 'refused', (n) => `Content-Length: 5 ${n}`),
  clShape('CL folded (obs-fold)', 'refused', () => 'Content-Length:\r\n 5'),
  clShape('CL folded continuation', 'refused', (n) => `Content-Length: 5\r\n ${n}`),
  clShape('CL with space before the colon', 'refused', () => 'Content-Length : 5'),
  clShape('CL behind a bare LF', 'refused', () => 'X: y\nContent-Length: 5'),
  clShape('CL with a bare CR', 'refused', () => 'Content-Length: 5\rX: y'),
  clShape('CL with NUL', 'refused', () => 'Content-Length: 5\x00'),
  clShape('CL beyond 2^53', 'refused', () => 'Content-Length: 99999999999999999999'),
  // The whole tail is body: the smuggled request is data, and the marker after it is answered.
  clShape('CL covering the hidden request', 'accepted', (n) => `Content-Length: ${n}`),
  clShape('CL with leading zeros covering it', 'accepted', (n) => `Content-Length: 000${n}`),
];

/** Chunked bodies whose chunk lines lie about where the data ends. */
function chunkShape(name: string, expect: Expectation, body: (hidden: string) => string): Shape {
  return {
    name,
    expect,
    build: (id) => latin1(`${upload(id)}Transfer-Encoding: chunked\r\n\r\n${body(smuggledRequest(id))}`),
  };
}

const hex = (s: string) => s.length.toString(16);

const CHUNK_SHAPES: readonly Shape[] = [
  chunkShape('chunk size with 0x', 'refused', (h) => `0x${hex(h)}\r\n${h}\r\n0\r\n\r\n`),
  chunkShape('negative chunk size', 'refused', (h) => `-${hex(h)}\r\n${h}\r\n0\r\n\r\n`),
  chunkShape('chunk size overflowing 64 bits', 'refused', (h) => `10000000000000000${hex(h)}\r\n${h}\r\n0\r\n\r\n`),
  chunkShape('chunk size with a space inside', 'refused', (h) => `0 ${hex(h)}\r\n${h}\r\n0\r\n\r\n`),
  chunkShape('chunk data longer than its size', 'refused', (h) => `3\r\nabc${h}\r\n0\r\n\r\n`),
  chunkShape('chunk size line ended by a bare LF', 'refused', (h) => `${hex(h)}\n${h}\r\n0\r\n\r\n`),
  chunkShape('chunk data ended by a bare LF', 'refused', (h) => `${hex(h)}\r\n${h}\n0\r\n\r\n`),
  chunkShape('chunk extension with a bare CR', 'refused', (h) => `${hex(h)};a=b\rc\r\n${h}\r\n0\r\n\r\n`),
  chunkShape('4 KiB of chunk extension', 'refused', (h) => `${hex(h)};${'e'.repeat(5000)}\r\n${h}\r\n0\r\n\r\n`),
  chunkShape('trailer line with a bare LF', 'refused', (h) => `0\r\nX: y\n${h}\r\n`),
  chunkShape('last chunk, then the hidden request as trailer', 'refused', (h) => `0\r\n${h}`),
  // Valid chunked bodies whose data look like a request: data stays data.
  chunkShape('hidden request as chunk data', 'accepted', (h) => `${hex(h)}\r\n${h}\r\n0\r\n\r\n`),
  chunkShape('hidden request as data, upper-case size and extension', 'accepted', (h) => `${hex(h).toUpperCase()};ext="v"\r\n${h}\r\n0\r\n\r\n`),
  chunkShape('hidden request as data, leading zeros in the size', 'accepted', (h) => `000${hex(h)}\r\n${h}\r\n0000\r\n\r\n`),
  chunkShape('hidden request as data, then a trailer', 'accepted', (h) => `${hex(h)}\r\n${h}\r\n0\r\nX-Trailer: y\r\n\r\n`),
];

const fixed = (name: string, expect: Expectation, text: (id: number) => string): Shape => ({ name, expect, build: (id) => latin1(text(id)) });

const LINE_SHAPES: readonly Shape[] = [
  fixed('request line without a version', 'refused', (id) => `GET /echo/nover-${id}\r\n${HOST}\r\n`),
  fixed('HTTP/0.9 request line', 'refused', (id) => `GET /echo/nine-${id}\r\n\r\n`),
  fixed('lower-case version', 'refused', () => `GET / http/1.1\r\n${HOST}\r\n`),
  fixed('HTTP/1.10', 'refused', () => `GET / HTTP/1.10\r\n${HOST}\r\n`),
  fixed('HTTP/2.0 on HTTP/1 framing', 'refused', () => `GET / HTTP/2.0\r\n${HOST}\r\n`),
  fixed('space after the version', 'refused', () => `GET / HTTP/1.1 \r\n${HOST}\r\n`),
  fixed('two spaces before the version', 'refused', () => `GET /  HTTP/1.1\r\n${HOST}\r\n`),
  fixed('bare LF line ends', 'refused', () => 'GET / HTTP/1.1\nHost: localhost:4221\n\n'),
  fixed('bare CR in the request line', 'refused', () => `GET /\r HTTP/1.1\r\n${HOST}\r\n`),
  fixed('bare CR line ends', 'refused', () => 'GET / HTTP/1.1\rHost: localhost:4221\r\r'),
  fixed('NUL in the target', 'refused', () => `GET /echo/a\x00b HTTP/1.1\r\n${HOST}\r\n`),
  fixed('NUL in a header value', 'refused', () => `GET / HTTP/1.1\r\n${HOST}X: a\x00b\r\n\r\n`),
  fixed('NUL in a header name', 'refused', () => `GET / HTTP/1.1\r\n${HOST}X\x00Y: a\r\n\r\n`),
  fixed('folded ordinary header', 'refused', () => `GET / HTTP/1.1\r\n${HOST}X: a\r\n b\r\n\r\n`),
  fixed('header line with no colon', 'refused', () => `GET / HTTP/1.1\r\n${HOST}no colon here\r\n\r\n`),
  fixed('duplicated Host', 'refused', () => `GET / HTTP/1.1\r\n${HOST}${HOST}\r\n`),
  fixed('missing Host', 'refused', () => 'GET / HTTP/1.1\r\n\r\n'),
  fixed('10 KiB target', 'refused', () => `GET /echo/${'a'.repeat(10 * 1024)} HTTP/1.1\r\n${HOST}\r\n`),
  fixed('20 KiB header line', 'refused', () => `GET / HTTP/1.1\r\n${HOST}X-Long: ${'b'.repeat(20 * 1024)}\r\n\r\n`),
  fixed('101 header lines', 'refused', () => `GET / HTTP/1.1\r\n${HOST}${'X-H: v\r\n'.repeat(101)}\r\n`),
  fixed('absolute-form target is served', 'accepted', (id) => `GET http://localhost:4221/echo/abs-${id} HTTP/1.1\r\n${HOST}\r\n`),
  fixed('empty lines before the request line', 'either', (id) => `\r\n\r\nGET /echo/lead-${id} HTTP/1.1\r\n${HOST}\r\n`),
];

/**
 * Requests answered before their body is read (an error status, a route without a body), whose
 * body holds the hidden request: a framed body is skipped and the connection goes on (the
 * marker is answered); with `Expect: 100-continue` the server may close instead of reading it.
 * What is in the body never runs.
 */
function earlyAnswerShapes(): Shape[] {
  const heads: ReadonlyArray<readonly [string, string]> = [
    ['POST to a GET-only route (405)', 'POST /echo/x HTTP/1.1'],
    ['GET with a body', 'GET /echo/with-body HTTP/1.1'],
    ['POST to no route (404)', 'POST /nothing/here HTTP/1.1'],
    ['PUT to a folder URL (404)', 'PUT /files/sub/ HTTP/1.1'],
    ['PUT with a dot-dot segment (400)', 'PUT /files/../escape HTTP/1.1'],
    ['DELETE without --allow-delete (405)', 'DELETE /files/hello.txt HTTP/1.1'],
    ['OPTIONS * with a body', 'OPTIONS * HTTP/1.1'],
    ['POST to a dotfile (404)', 'POST /files/.hidden HTTP/1.1'],
  ];
  return heads.flatMap(([label, line]): Shape[] => [
    {
      name: `${label}, Content-Length body`,
      expect: 'accepted',
      build: (id) => {
        const body = `abc${smuggledRequest(id)}`;
        return latin1(`${line}\r\n${HOST}Content-Length: ${body.length}\r\n\r\n${body}`);
      },
    },
    {
      name: `${label}, chunked body`,
      expect: 'accepted',
      build: (id) => latin1(`${line}\r\n${HOST}Transfer-Encoding: chunked\r\n\r\n${chunkedSmuggle(id)}`),
    },
    {
      name: `${label}, Expect: 100-continue and the body anyway`,
      expect: 'either',
      build: (id) => {
        const body = `abc${smuggledRequest(id)}`;
        return latin1(`${line}\r\n${HOST}Expect: 100-continue\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      },
    },
  ]);
}

const EARLY_ANSWER_SHAPES: readonly Shape[] = [
  ...earlyAnswerShapes(),
  // Too large to read: the answer comes first, and the connection cannot go on (the body is not skipped).
  clShape('upload larger than --max-body', 'refused', () => 'Content-Length: 2000000000'),
];

export const SHAPES: readonly Shape[] = [...TE_VARIANTS.flatMap(teShapes), ...CL_SHAPES, ...CHUNK_SHAPES, ...LINE_SHAPES, ...EARLY_ANSWER_SHAPES];
