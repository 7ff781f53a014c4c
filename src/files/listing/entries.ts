/**
 * What a folder listing shows of one directory entry, and the order entries are shown in.
 *
 * The caller builds entries from readdir + stat and filters them first: dotfiles (and anything
 * else not to be served) never reach the listing, which shows whatever it is given.
 */

export interface ListingEntry {
  /** The entry's own name in the folder (decoded text, never a path): no '/', not '.' or '..'. */
  readonly name: string;
  /** A symlink is listed as what it leads to; the caller decides whether to list it at all. */
  readonly kind: 'file' | 'folder';
  /** Bytes; ignored for folders (a directory's size says nothing useful). */
  readonly size: number;
  /** Last modification, ms since the epoch (fs.Stats#mtimeMs). */
  readonly mtimeMs: number;
}

export interface ListingInput {
  /** The listed folder's URL path, decoded, beginning and ending with '/', e.g. '/files/docs/'. */
  readonly folderUrlPath: string;
  /** The URL path the served directory is mounted at, decoded, e.g. '/files/'; folderUrlPath lies under it. */
  readonly mountUrlPath: string;
  readonly entries: readonly ListingEntry[];
}

// A fixed locale, so the order does not change with the server's environment. numeric: '9'
// before '10'; sensitivity 'accent': case is ignored, accents are not.
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'accent' });

function compareEntries(a: ListingEntry, b: ListingEntry): number {
  if (a.kind !== b.kind) return a.kind === 'folder' ? -1 : 1;
  const byCollation = collator.compare(a.name, b.name);
  if (byCollation !== 0) return byCollation;
  // Names the collator sees as equal ('a' and 'A', '01' and '1') still get one fixed order.
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Folders first, then names in natural order ('9.txt' before '10.txt'), case-insensitively. A new array. */
export function sortEntries(entries: readonly ListingEntry[]): ListingEntry[] {
  return [...entries].sort(compareEntries);
}

/**
 * Throws unless the listing's paths and names keep the contract above. A broken one is a bug
 * in the caller, and rendering it anyway would produce links to other places than the entries.
 */
export function checkListingInput({ folderUrlPath, mountUrlPath, entries }: ListingInput): void {
  for (const urlPath of [folderUrlPath, mountUrlPath]) {
    if (!urlPath.startsWith('/') || !urlPath.endsWith('/')) {
      throw new Error(`listing: URL path must begin and end with '/': ${JSON.stringify(urlPath)}`);
    }
  }
  if (!folderUrlPath.startsWith(mountUrlPath)) {
    throw new Error(`listing: ${JSON.stringify(folderUrlPath)} is not under the mount ${JSON.stringify(mountUrlPath)}`);
  }
  for (const { name } of entries) {
    if (name === '' || name === '.' || name === '..' || name.includes('/')) {
      throw new Error(`listing: not an entry name: ${JSON.stringify(name)}`);
    }
  }
}
