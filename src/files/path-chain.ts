/**
 * The entries a path goes through below the served directory, as lstat saw them: each folder
 * (or symlink) from the root's child down to the file's own name, by device and inode.
 *
 * Captured before a file is opened and found inside the directory (file-store.ts), a chain
 * lets a later request trust that the path still leads to that place with one direct lstat per
 * entry (the file's own, for a file in the root): a folder replaced by a symlink, a symlink
 * switched (symlinks are replaced, never changed in place), any entry renamed away and another
 * put in its place, each has another inode. Captured before the opening, so that a swap made
 * after the capture shows, and one made before it is seen by the opening itself.
 */
import type { Stats } from 'node:fs';
import type { TreeFs } from './tree-fs.js';

export interface ChainLink {
  readonly path: string;
  readonly dev: number;
  readonly ino: number;
}

export type PathChain = readonly ChainLink[];

/** The chain of `path` below `root` as it is now; undefined when an entry cannot be lstat-ed. */
export function captureChain(fs: TreeFs, root: string, path: string): PathChain | undefined {
  const links: ChainLink[] = [];
  // `path` is `root` + '/' + a name (tree.ts); `at` is on the '/' before each entry.
  let at = root.endsWith('/') ? root.length - 1 : root.length;
  while (at < path.length) {
    const slash = path.indexOf('/', at + 1);
    const end = slash < 0 ? path.length : slash;
    const prefix = path.slice(0, end);
    const stats = fs.lstatNow(prefix);
    if (stats === undefined) return undefined;
    links.push({ path: prefix, dev: stats.dev, ino: stats.ino });
    at = end;
  }
  return links.length === 0 ? undefined : links;
}

/**
 * The lstat of the path's own entry when every entry of `chain` is still the one captured,
 * else undefined.
 */
export function chainHolds(fs: TreeFs, chain: PathChain): Stats | undefined {
  let stats: Stats | undefined;
  for (let i = 0; i < chain.length; i++) {
    const link = chain[i];
    stats = fs.lstatNow(link.path);
    if (stats === undefined || stats.ino !== link.ino || stats.dev !== link.dev) return undefined;
  }
  return stats;
}
