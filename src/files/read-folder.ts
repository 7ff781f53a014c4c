/**
 * A folder's entries as the listing shows them, read through the served tree's seam: exactly
 * what a GET could serve. An entry is listed when it is a regular file or a folder (following
 * symlinks), and a symlink only when its real path is inside the directory, so the listing
 * never points at something the server would then refuse. Hidden names (dotfiles, unless
 * `--dotfiles`) and the server's own temporary upload files are never listed. An entry that
 * vanishes or fails to stat between readdir and stat is left out, not an error.
 */
import type { Dirent, Stats } from 'node:fs';
import type { ServedTree } from './tree.js';
import { TEMP_PREFIX } from './upload.js';
import type { ListingEntry } from './listing/index.js';

export type FolderEntries =
  | { readonly kind: 'entries'; readonly entries: readonly ListingEntry[] }
  /** readdir failed: the errno error, for fs-errors.ts to map. */
  | { readonly kind: 'failed'; readonly error: NodeJS.ErrnoException };

export function readFolder(tree: ServedTree, folder: string, showHidden: boolean, done: (result: FolderEntries) => void): void {
  tree.fs.readdir(folder, (error, dirents) => {
    if (error !== null) {
      done({ kind: 'failed', error });
      return;
    }
    const wanted = dirents.filter((dirent) => dirent.name.startsWith(TEMP_PREFIX) === false && (showHidden || dirent.name.charCodeAt(0) !== 0x2e));
    const found: (ListingEntry | null)[] = new Array<ListingEntry | null>(wanted.length).fill(null);
    let waiting = wanted.length;
    if (waiting === 0) {
      done({ kind: 'entries', entries: [] });
      return;
    }
    const settle = (): void => {
      if (--waiting > 0) return;
      done({ kind: 'entries', entries: found.filter((entry): entry is ListingEntry => entry !== null) });
    };
    wanted.forEach((dirent, i) =>
      describe(tree, folder, dirent, (entry) => {
        found[i] = entry;
        settle();
      }),
    );
  });
}

/**
 * The entry as listed, or null when it is not to be listed. Its stat is a direct call: a
 * thousand entries made a thousand thread-pool round trips (about 70 µs each under load, where
 * the call itself takes one or two); only a symlink's realpath goes to the thread pool.
 */
function describe(tree: ServedTree, folder: string, dirent: Dirent, done: (entry: ListingEntry | null) => void): void {
  // A name from readdir has no '/' and is never '.' or '..': joining is concatenating.
  const full = folder.endsWith('/') ? folder + dirent.name : `${folder}/${dirent.name}`;
  const stats = tree.fs.statNow(full);
  const entry = stats === undefined ? null : entryOf(dirent.name, stats);
  if (entry === null || !dirent.isSymbolicLink()) {
    done(entry);
    return;
  }
  tree.fs.realpath(full, (linkError, real) => {
    const inside = linkError === null && (entry.kind === 'folder' ? tree.containsFolder(real) : tree.contains(real));
    done(inside ? entry : null);
  });
}

function entryOf(name: string, stats: Stats): ListingEntry | null {
  if (stats.isDirectory()) return { name, kind: 'folder', size: 0, mtimeMs: stats.mtimeMs };
  if (stats.isFile()) return { name, kind: 'file', size: stats.size, mtimeMs: stats.mtimeMs };
  return null;
}
