/**
 * Entity tags (RFC 9110 §8.8.3) and the lists of them in If-Match / If-None-Match (§13.1.1-2).
 *
 *   entity-tag = [ weak ] opaque-tag
 *   weak       = %s"W/"
 *   opaque-tag = DQUOTE *etagc DQUOTE
 *   etagc      = %x21 / %x23-7E / obs-text
 *   If-Match   = "*" / #entity-tag
 *
 * etagc has no DQUOTE and no escape, so a tag ends at its second quote: a comma inside quotes
 * is an ordinary etagc, and a field that does not follow the grammar throughout is `malformed`,
 * which the preconditions treat as matching nothing (If-Match then fails, If-None-Match passes).
 */

export type EntityTag = { readonly weak: boolean; readonly opaque: string };

export type EntityTagList =
  | { readonly kind: 'any' }
  | { readonly kind: 'tags'; readonly tags: readonly EntityTag[] }
  | { readonly kind: 'malformed' };

export type Coding = 'identity' | 'gzip' | 'br';

export type FileIdentity = { readonly ino: number; readonly size: number; readonly mtimeMs: number; readonly ctimeMs: number };

/**
 * A strong ETag for a file's bytes as sent with `coding`: `"<ino>-<size>-<ctime µs>"` in hex,
 * with `-gzip` or `-br` appended inside the quotes for an encoded representation. Each coding
 * gets its own tag because the encoded bytes differ (RFC 9110 §8.8.3.3): sharing one would let a
 * cache answer a Range or If-Match of one representation with the other's bytes.
 * ctime, not mtime: a file rewritten in place at the same size with its mtime set back (`cp -p`,
 * `rsync --inplace -t`) keeps its mtime but never its ctime, which no call can set. The tag
 * also changes on a chmod or a new hard link (a needless revalidation, never a stale one).
 * Strong is honest only while a file is not rewritten twice within one microsecond.
 */
export function entityTag(file: FileIdentity, coding: Coding): string {
  // The same identity object comes back for every request of a cached file: its tags are kept.
  let known = TAGS.get(file);
  if (known === undefined) {
    known = {};
    TAGS.set(file, known);
  }
  let tag = known[coding];
  if (tag === undefined) {
    const base = `${hex(file.ino)}-${hex(file.size)}-${hex(file.ctimeMs * 1000)}`;
    tag = coding === 'identity' ? `"${base}"` : `"${base}-${coding}"`;
    known[coding] = tag;
  }
  return tag;
}

/** Tags already made, per identity object (forgotten with it). */
const TAGS = new WeakMap<FileIdentity, Partial<Record<Coding, string>>>();

function hex(n: number): string {
  // Rounded: ctimeMs * 1000 carries float noise (…455.99997 for …456 µs), and a tag must not
  // show it. Deterministic either way: the same stat gives the same tag.
  return Math.round(n).toString(16);
}

const DQUOTE = 0x22;
const SP = 0x20;
const HTAB = 0x09;
const COMMA = 0x2c;

function isEtagc(c: number): boolean {
  return c === 0x21 || (c >= 0x23 && c <= 0x7e) || c >= 0x80;
}

/**
 * Reads one entity-tag at `value[at]`. Returns it and the index after it, or null.
 */
function readTag(value: string, at: number): { tag: EntityTag; end: number } | null {
  let i = at;
  let weak = false;
  if (value.startsWith('W/', i)) {
    weak = true;
    i += 2;
  }
  if (value.charCodeAt(i) !== DQUOTE) return null;
  const open = i + 1;
  let close = open;
  while (close < value.length && isEtagc(value.charCodeAt(close))) close++;
  if (value.charCodeAt(close) !== DQUOTE) return null;
  return { tag: { weak, opaque: value.slice(open, close) }, end: close + 1 };
}

/** One entity-tag, e.g. the ETag a representation carries, or null when it is not one. */
export function parseEntityTag(value: string): EntityTag | null {
  const read = readTag(value, 0);
  return read !== null && read.end === value.length ? read.tag : null;
}

function skipOws(value: string, at: number): number {
  let i = at;
  while (i < value.length && (value.charCodeAt(i) === SP || value.charCodeAt(i) === HTAB)) i++;
  return i;
}

/**
 * The value of If-Match or If-None-Match (repeated field lines joined with ", "). Empty list
 * elements are skipped as RFC 9110 §5.6.1.2 asks; `*` must stand alone.
 */
export function parseEntityTagList(field: string): EntityTagList {
  const start = skipOws(field, 0);
  let end = field.length;
  while (end > start && (field.charCodeAt(end - 1) === SP || field.charCodeAt(end - 1) === HTAB)) end--;
  if (end - start === 1 && field.charCodeAt(start) === 0x2a) return { kind: 'any' };
  const value = field.slice(start, end);
  const tags: EntityTag[] = [];
  let i = 0;
  // Between elements: OWS, then a comma or the end.
  while (i < value.length) {
    if (value.charCodeAt(i) === COMMA) {
      i = skipOws(value, i + 1);
      continue;
    }
    const read = readTag(value, i);
    if (read === null) return { kind: 'malformed' };
    tags.push(read.tag);
    i = skipOws(value, read.end);
    if (i < value.length && value.charCodeAt(i) !== COMMA) return { kind: 'malformed' };
  }
  return { kind: 'tags', tags };
}

/** Strong comparison (§8.8.3.2): both strong and the same opaque-tag. */
export function strongMatch(a: EntityTag, b: EntityTag): boolean {
  return !a.weak && !b.weak && a.opaque === b.opaque;
}

/** Weak comparison (§8.8.3.2): the same opaque-tag, either or both may be weak. */
export function weakMatch(a: EntityTag, b: EntityTag): boolean {
  return a.opaque === b.opaque;
}
