// One HTTP/1.1 request over a bare TCP socket, read to the end.
//
// Not node:http or fetch: those hide what the table is about (they drop a body a 304 should not
// have had, merge or normalise headers, decode chunked framing silently). Every request carries
// `Connection: close`, so the response ends where the connection ends and any stray bytes after
// a bodiless status (304, a 416 that should be empty) are seen as they were sent.
import net from 'node:net';

export const REQUEST_TIMEOUT_MS = 3000;

/**
 * @typedef {object} RawResponse
 * @property {number} status
 * @property {string} statusLine
 * @property {Map<string, string[]>} fields   lower-case name -> every value, in order
 * @property {(name: string) => string | undefined} header   the values of one field joined by ", "
 * @property {Buffer} wire       the bytes after the head, as sent (still chunked if chunked)
 * @property {Buffer} body       the content after undoing Transfer-Encoding: chunked (not Content-Encoding)
 * @property {string} head       the status line and fields as text, for reports
 */

/**
 * Sends one request and resolves with the parsed response; rejects on a timeout, a connection
 * error or a response that is not HTTP/1.x. `headers` are sent as given, after Host.
 * @returns {Promise<RawResponse>}
 */
export function request({ port, method = 'GET', path, headers = {}, body, timeoutMs = REQUEST_TIMEOUT_MS }) {
  const lines = [`${method} ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  lines.push('Connection: close', '', '');
  const bytes = body === undefined ? Buffer.from(lines.join('\r\n'), 'latin1') : Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), Buffer.from(body)]);

  return new Promise((resolve, reject) => {
    const chunks = [];
    const socket = net.connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete response to ${method} ${path} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      try {
        resolve(parse(Buffer.concat(chunks)));
      } catch (error) {
        reject(new Error(`${method} ${path}: ${error.message}`));
      }
    });
  });
}

/** Splits what the server sent into status, fields and content. */
function parse(all) {
  const end = all.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`no complete response head in ${all.length} bytes`);
  const head = all.subarray(0, end).toString('latin1');
  const [statusLine, ...fieldLines] = head.split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!match) throw new Error(`not an HTTP/1.x status line: ${JSON.stringify(statusLine)}`);
  const fields = new Map();
  for (const line of fieldLines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    fields.set(name, [...(fields.get(name) ?? []), value]);
  }
  const header = (name) => fields.get(name.toLowerCase())?.join(', ');
  const wire = all.subarray(end + 4);
  const chunked = /\bchunked\b/i.test(header('transfer-encoding') ?? '');
  return { status: Number(match[1]), statusLine, fields, header, wire, body: chunked ? unchunk(wire) : wire, head };
}

/** Undoes chunked framing (RFC 9112 §7.1); trailers are dropped. */
function unchunk(wire) {
  const parts = [];
  let at = 0;
  for (;;) {
    const lineEnd = wire.indexOf('\r\n', at);
    if (lineEnd < 0) throw new Error('chunked body ends inside a chunk-size line');
    const size = parseInt(wire.subarray(at, lineEnd).toString('latin1').split(';')[0], 16);
    if (Number.isNaN(size)) throw new Error('bad chunk size');
    if (size === 0) return Buffer.concat(parts);
    parts.push(wire.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}
