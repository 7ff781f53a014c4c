// Reading what came back: media types, content codings, multipart/byteranges bodies and the links
// of a folder listing. No judging here: rows.mjs decides what is ✓ or ✗.
import zlib from 'node:zlib';

/** `type/subtype` of Content-Type, lower case; 'no Content-Type' or 'empty Content-Type' when there is none. */
export function mediaType(res) {
  const value = res.header('content-type');
  if (value === undefined) return 'no Content-Type';
  return value.split(';')[0].trim().toLowerCase() || 'empty Content-Type';
}

/** The charset parameter of Content-Type, lower case, or undefined. */
export function charset(res) {
  return /;\s*charset="?([^";\s]+)/i.exec(res.header('content-type') ?? '')?.[1].toLowerCase();
}

/** Content-Encoding, lower case, or 'identity' when absent. */
export function coding(res) {
  return (res.header('content-encoding') ?? 'identity').trim().toLowerCase();
}

/** The content with its Content-Encoding undone; throws if it does not decode. */
export function decoded(res) {
  switch (coding(res)) {
    case 'identity':
      return res.body;
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(res.body);
    case 'br':
      return zlib.brotliDecompressSync(res.body);
    case 'deflate':
      return zlib.inflateSync(res.body);
    default:
      throw new Error(`unknown coding ${coding(res)}`);
  }
}

/** Whether a list-valued field (Vary, Accept-Ranges) names `token`, case-insensitively. */
export function listHas(res, name, token) {
  return (res.header(name) ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .includes(token.toLowerCase());
}

/**
 * The parts of a multipart/byteranges body (RFC 9110 §14.6): each with its Content-Range and
 * bytes. Returns null when the response is not multipart/byteranges or has no boundary.
 */
export function byteRangeParts(res) {
  const type = res.header('content-type') ?? '';
  if (mediaType(res) !== 'multipart/byteranges') return null;
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!boundary) return null;
  const body = res.body;
  const delimiter = Buffer.from(`--${boundary}`);
  const parts = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const afterDelimiter = at + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break; // close delimiter
    const headEnd = body.indexOf('\r\n\r\n', afterDelimiter);
    if (headEnd < 0) break;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headEnd);
    if (next < 0) break;
    const head = body.subarray(afterDelimiter, headEnd).toString('latin1');
    parts.push({ contentRange: /content-range:\s*([^\r\n]+)/i.exec(head)?.[1].trim(), bytes: body.subarray(headEnd + 4, next) });
    at = next + 2;
  }
  return parts;
}

const NAMED_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** An attribute value as a browser reads it: character references undone (serve writes `/` as `&#47;`). */
function unescapeHtml(text) {
  return text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));/gi, (whole, decimal, hex, name) => {
    if (decimal) return String.fromCodePoint(Number(decimal));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Every href="..." or href='...' of an HTML page, in order, as the browser would follow it (before URL parsing). */
export function hrefs(html) {
  return [...html.matchAll(/href\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)].map((match) => unescapeHtml(match[1] ?? match[2]));
}

/** An href's last path segment, raw: `/docs/a%20b.txt` -> `a%20b.txt`, `sub/` -> `sub`. */
export function lastSegment(href) {
  return href.replace(/\/+$/, '').split('/').pop() ?? '';
}

/** `%7e` and `%7E` are the same escape: compare segments with their hex digits upper-cased. */
export function sameEscapes(a, b) {
  const upper = (text) => text.replace(/%[0-9a-f]{2}/gi, (escape) => escape.toUpperCase());
  return upper(a) === upper(b);
}

/** decodeURIComponent that returns undefined instead of throwing on a bad escape (`100%.txt`). */
export function tryDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
