/**
 * Decoded URL paths -> href values. Each segment is percent-encoded on its own (UTF-8, every
 * byte outside RFC 3986's unreserved set and a few harmless sub-delims), so a name with '%',
 * '#', '?', ':' or a space links to itself and nothing else; the '/' between segments stay.
 */
import type { ListingEntry } from './entries.js';

// A lone surrogate cannot be UTF-8 encoded (encodeURIComponent throws). Node decodes file
// names to well-formed strings, so this only guards against a caller's odd input.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function encodeSegment(segment: string): string {
  return encodeURIComponent(segment.replace(LONE_SURROGATE, '\uFFFD'));
}

/** '/files/a b/' -> '/files/a%20b/' */
export function encodeUrlPath(decodedPath: string): string {
  return decodedPath.split('/').map(encodeSegment).join('/');
}

/** The entry's absolute URL path, encoded; a folder's ends with '/'. */
export function entryHref(folderUrlPath: string, entry: ListingEntry): string {
  const href = encodeUrlPath(folderUrlPath) + encodeSegment(entry.name);
  return entry.kind === 'folder' ? `${href}/` : href;
}
