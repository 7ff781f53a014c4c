/**
 * The last listing rendered per folder, URL and format: the entries it was made of, its bytes
 * and its entity-tags. A listing is read fresh for every request (readdir and a stat per entry,
 * so it is never stale); when the entries read are exactly those of the last rendering, in the
 * same order, its bytes are reused: for 1,000 entries, sorting, formatting dates, escaping and
 * digesting cost more than reading them.
 */
import type { Coding } from '../http/etag.js';
import type { ListingEntry } from './listing/index.js';

/** Folders remembered at most; past that, all are forgotten (a bound, not a policy). */
const MAX_FOLDERS = 64;

export interface RenderedListing {
  readonly body: Buffer;
  /** Entity-tags per coding, made on first demand. */
  readonly tags: Partial<Record<Coding, string>>;
}

interface Remembered extends RenderedListing {
  readonly entries: readonly ListingEntry[];
}

export class ListingMemo {
  private readonly last = new Map<string, Remembered>();

  /** The listing `key` of `entries`: the last one when its entries are the same, else `render()`'s bytes, remembered. */
  listing(key: string, entries: readonly ListingEntry[], render: () => Buffer): RenderedListing {
    const known = this.last.get(key);
    if (known !== undefined && sameEntries(known.entries, entries)) return known;
    const made: Remembered = { entries, body: render(), tags: {} };
    if (known === undefined && this.last.size >= MAX_FOLDERS) this.last.clear();
    this.last.set(key, made);
    return made;
  }
}

function sameEntries(a: readonly ListingEntry[], b: readonly ListingEntry[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.name !== y.name || x.kind !== y.kind || x.size !== y.size || x.mtimeMs !== y.mtimeMs) return false;
  }
  return true;
}
