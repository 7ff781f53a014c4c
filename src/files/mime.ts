/**
 * Content-Type by file name, and whether a type is worth gzipping.
 *
 * Types come from mime-db (through mime-types), the table most Node servers share, so a file is
 * labelled as browsers expect without ferroserve keeping its own list. What is decided here:
 *
 * - Only a real extension counts: `path.extname`, so `.bashrc` and a file named `html` have
 *   none. (mime-types' `lookup('html')` would answer text/html: it takes a bare word as an
 *   extension, and the challenge's files have no extensions.)
 * - No extension, or one mime-db does not know: application/octet-stream. Never empty.
 * - JavaScript is text/javascript (RFC 9239), whatever an older mime-db says.
 * - `; charset=utf-8` on every text/* type and on types mime-db marks UTF-8 (JSON, JavaScript,
 *   web manifests). Not on XML types (svg, application/xml): an XML document declares its own
 *   encoding, and a charset parameter would override that declaration (RFC 7303 §3.2).
 * - `.gz` and `.tar.gz` are application/gzip: the bytes are the gzip stream itself, so the
 *   caller must not add Content-Encoding for them (nor gzip them again: isCompressible says no).
 */
import path from 'node:path';
import db from 'mime-db';
import { charset, lookup } from 'mime-types';

const FALLBACK = 'application/octet-stream';

/** Older mime-db releases name JavaScript by these; RFC 9239 made text/javascript the one. */
const JAVASCRIPT_ALIASES: ReadonlySet<string> = new Set([
  'application/javascript',
  'application/x-javascript',
  'application/ecmascript',
  'text/ecmascript',
]);

/** The Content-Type field value for a file called `name` (a base name, not a path). */
export function contentTypeFor(name: string): string {
  const extension = path.extname(name);
  if (extension.length <= 1) return FALLBACK;
  const known = BY_EXTENSION.get(extension);
  if (known !== undefined) return known;
  const type = typeForExtension(extension);
  // Bounded: names come from clients, and each distinct extension would stay otherwise.
  if (BY_EXTENSION.size >= MAX_EXTENSIONS) BY_EXTENSION.clear();
  BY_EXTENSION.set(extension, type);
  return type;
}

/** Content types already looked up, by extension (with its dot, as given: lookup ignores case). */
const BY_EXTENSION = new Map<string, string>();
const MAX_EXTENSIONS = 1024;

function typeForExtension(extension: string): string {
  let type = lookup(extension);
  if (type === false) return FALLBACK;
  if (JAVASCRIPT_ALIASES.has(type)) type = 'text/javascript';
  const textCharset = charset(type);
  return textCharset === false ? type : `${type}; charset=${textCharset.toLowerCase()}`;
}

/** Types whose bytes are unknown or already compressed, whatever mime-db's flag says. */
const NEVER_COMPRESSIBLE: ReadonlySet<string> = new Set([
  // mime-db flags it compressible, but it is the label for bytes nobody identified: the
  // extensionless files served here may as well be random or already compressed.
  'application/octet-stream',
]);

/**
 * Whether a response of this Content-Type (parameters allowed) is worth gzipping. mime-db's
 * `compressible` flag where it has one; otherwise text/* and the +json/+xml structured suffixes
 * yes, anything else no. mime-db marks the already-compressed formats (png, jpeg, mp4, zip,
 * gzip, pdf, ...) false and leaves most other media types unflagged, so they come out false;
 * the uncompressed bitmaps it flags true (bmp, ico) stay true.
 */
export function isCompressible(contentType: string): boolean {
  const semicolon = contentType.indexOf(';');
  const type = (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  if (NEVER_COMPRESSIBLE.has(type)) return false;
  const flag = Object.hasOwn(db, type) ? db[type].compressible : undefined;
  if (flag !== undefined) return flag;
  return type.startsWith('text/') || type.endsWith('+json') || type.endsWith('+xml');
}
