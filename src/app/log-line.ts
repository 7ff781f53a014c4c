/**
 * The access log's line formats: one finished exchange in, one line out (no line break).
 *
 * - `dev`: `GET /files/a.txt 200 1.234 ms - 5`, the status coloured by class on a terminal;
 * - `combined`: Apache's combined format (`%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"`),
 *   which log analysers read; `%b` is `-` for no body bytes, as Apache writes it;
 * - `json`: one object per line with every field, for tools.
 *
 * Bytes are the body bytes that were written (none for HEAD, 204, 304; before chunked framing);
 * a response cut short says so (`complete: false`, and ` (incomplete)` in dev).
 */

export type LineFormat = 'dev' | 'combined' | 'json';

export interface Exchange {
  /** Client address, or undefined when the transport does not know it. */
  readonly remote: string | undefined;
  readonly method: string;
  readonly target: string;
  readonly versionMinor: number;
  readonly status: number;
  readonly bytes: number;
  /** Milliseconds from the head's arrival at the handler to the answer's last byte handed on. */
  readonly ms: number;
  /** False when the body could not be written to its end (the client went away). */
  readonly complete: boolean;
  readonly referer: string | undefined;
  readonly userAgent: string | undefined;
  /** When the request arrived (ms since the epoch). */
  readonly at: number;
}

const COLOURS: Readonly<Record<number, string>> = { 2: '\x1b[32m', 3: '\x1b[36m', 4: '\x1b[33m', 5: '\x1b[31m' };
const RESET = '\x1b[0m';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatLine(format: LineFormat, exchange: Exchange, colour: boolean): string {
  switch (format) {
    case 'dev':
      return devLine(exchange, colour);
    case 'combined':
      return combinedLine(exchange);
    case 'json':
      return jsonLine(exchange);
  }
}

function devLine(e: Exchange, colour: boolean): string {
  const status = colour ? `${COLOURS[Math.floor(e.status / 100)] ?? ''}${e.status}${RESET}` : String(e.status);
  return `${escapeText(e.method)} ${escapeText(e.target)} ${status} ${e.ms.toFixed(3)} ms - ${e.bytes}${e.complete ? '' : ' (incomplete)'}`;
}

function combinedLine(e: Exchange): string {
  const request = `${e.method} ${e.target} HTTP/1.${e.versionMinor}`;
  return (
    `${e.remote ?? '-'} - - [${clfDate(e.at)}] "${escapeText(request)}" ${e.status} ${e.bytes === 0 ? '-' : e.bytes} ` +
    `"${escapeText(e.referer ?? '-')}" "${escapeText(e.userAgent ?? '-')}"`
  );
}

function jsonLine(e: Exchange): string {
  return JSON.stringify({
    time: new Date(e.at).toISOString(),
    remote: e.remote ?? null,
    method: e.method,
    target: e.target,
    version: `1.${e.versionMinor}`,
    status: e.status,
    bytes: e.bytes,
    ms: Math.round(e.ms * 1000) / 1000,
    complete: e.complete,
    referer: e.referer ?? null,
    userAgent: e.userAgent ?? null,
  });
}

/** `10/Oct/2000:13:55:36 +0000` (always UTC). */
export function clfDate(at: number): string {
  const d = new Date(at);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/**
 * What a client sent, made safe for a log line: `"` and `\` escaped, and every byte outside
 * printable ASCII as `\xHH` (as Apache does), so that a request can never forge a line.
 */
export function escapeText(text: string): string {
  return text.replace(/["\\]|[^\x20-\x7e]/g, (c) => (c === '"' || c === '\\' ? `\\${c}` : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}
