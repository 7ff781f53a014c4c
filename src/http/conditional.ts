/**
 * Conditional requests (RFC 9110 §13): which precondition decides, in §13.2.2's order, and
 * whether If-Range lets a Range through.
 *
 *   1. If-Match present: false -> 412. Strong comparison; `*` is true when a current
 *      representation exists.
 *   2. Else If-Unmodified-Since present: false (modified after the date) -> 412. Ignored when the
 *      date is not an HTTP-date or there is no current representation (no modification date).
 *   3. If-None-Match present: false (a tag matches weakly, or `*` and a representation exists)
 *      -> 304 for a read (GET/HEAD), 412 for anything else.
 *   4. Else, for a read only, If-Modified-Since present: false (not modified since the date)
 *      -> 304. Ignored like If-Unmodified-Since.
 *
 * Times compare at second precision: HTTP-dates have no fractions, so Last-Modified is taken as
 * floor(mtime / 1000) s, the value the server would have sent. A field that does not follow the
 * entity-tag grammar matches nothing (If-Match fails, If-None-Match passes): a broken client
 * then gets a 412 or a full 200, never a 304 for bytes it does not have.
 */
import { parseEntityTag, parseEntityTagList, strongMatch, weakMatch, type EntityTag } from './etag.js';
import { parseHttpDate } from './http-date.js';

export type Preconditions = {
  readonly ifMatch?: string;
  readonly ifUnmodifiedSince?: string;
  readonly ifNoneMatch?: string;
  readonly ifModifiedSince?: string;
};

/** The selected representation's validators; null when the target has none (a missing file). */
export type CurrentRepresentation = { readonly etag: string; readonly lastModifiedMs: number } | null;

export type ConditionOutcome =
  | { readonly kind: 'proceed' }
  | { readonly kind: 'not-modified' }
  | { readonly kind: 'precondition-failed' };

/** 'read' is GET and HEAD; 'write' is every other method (§13.2.2 treats them apart). */
export type RequestKind = 'read' | 'write';

const PROCEED: ConditionOutcome = { kind: 'proceed' };
const NOT_MODIFIED: ConditionOutcome = { kind: 'not-modified' };
const PRECONDITION_FAILED: ConditionOutcome = { kind: 'precondition-failed' };

function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** Whether the list field matches `current` by `compare`; `*` matches any representation. */
function listMatches(
  field: string,
  current: CurrentRepresentation,
  compare: (a: EntityTag, b: EntityTag) => boolean,
): boolean {
  if (current === null) return false;
  const list = parseEntityTagList(field);
  if (list.kind === 'any') return true;
  if (list.kind === 'malformed') return false;
  const tag = parseEntityTag(current.etag);
  return tag !== null && list.tags.some((t) => compare(t, tag));
}

export function evaluateConditions(kind: RequestKind, h: Preconditions, current: CurrentRepresentation): ConditionOutcome {
  if (h.ifMatch !== undefined) {
    if (!listMatches(h.ifMatch, current, strongMatch)) return PRECONDITION_FAILED;
  } else if (h.ifUnmodifiedSince !== undefined && current !== null) {
    const date = parseHttpDate(h.ifUnmodifiedSince);
    if (date !== null && seconds(current.lastModifiedMs) > seconds(date)) return PRECONDITION_FAILED;
  }

  if (h.ifNoneMatch !== undefined) {
    if (listMatches(h.ifNoneMatch, current, weakMatch)) return kind === 'read' ? NOT_MODIFIED : PRECONDITION_FAILED;
  } else if (kind === 'read' && h.ifModifiedSince !== undefined && current !== null) {
    const date = parseHttpDate(h.ifModifiedSince);
    if (date !== null && seconds(current.lastModifiedMs) <= seconds(date)) return NOT_MODIFIED;
  }
  return PROCEED;
}

/**
 * Whether a Range may be honoured under If-Range (§13.1.5); false means send the whole
 * representation with 200. No If-Range: true.
 * - An entity-tag: true only for a strong tag that strongly matches. A weak tag never does.
 * - An HTTP-date: true only when it equals Last-Modified to the second, and, when `nowMs` is
 *   given, Last-Modified is strong (§8.8.2.2): its second is over, so the file cannot change
 *   again within the second the date names. A caller that passes the response's Date gets that
 *   check; a Last-Modified in the current second then answers the whole file.
 * - Anything else, or no current representation: false.
 */
export function ifRangeAllows(ifRange: string | undefined, current: CurrentRepresentation, nowMs?: number): boolean {
  if (ifRange === undefined) return true;
  if (current === null) return false;
  const value = ifRange.replace(/^[ \t]+|[ \t]+$/g, '');
  // §13.1.5: an entity-tag starts with a DQUOTE (or W/), an HTTP-date never does.
  if (value.startsWith('"') || value.startsWith('W/')) {
    const tag = parseEntityTag(value);
    const currentTag = parseEntityTag(current.etag);
    return tag !== null && currentTag !== null && strongMatch(tag, currentTag);
  }
  const date = parseHttpDate(value);
  if (date === null || seconds(date) !== seconds(current.lastModifiedMs)) return false;
  return nowMs === undefined || seconds(current.lastModifiedMs) < seconds(nowMs);
}
