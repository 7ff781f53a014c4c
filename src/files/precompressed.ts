/**
 * Precompressed siblings: `page.html.br` and `page.html.gz` beside `page.html`, made by a build
 * step at the best compression, served instead of encoding on the fly (nginx's gzip_static).
 * A sibling counts only when it is a regular file (never a symlink: its name is derived by the
 * server, not asked for by the client) and not older than the original: a stale `.gz` left by
 * an earlier build must not be served for a changed file.
 */
import type { Stats } from 'node:fs';
import type { FileIdentity } from '../http/etag.js';
import type { TreeFs } from './tree-fs.js';

export type Encoding = 'br' | 'gzip';

const SUFFIX: Readonly<Record<Encoding, string>> = { br: '.br', gzip: '.gz' };

export interface Sibling {
  readonly path: string;
  readonly identity: FileIdentity;
}

export type Siblings = Partial<Record<Encoding, Sibling>>;

const NONE: Siblings = {};

/** The siblings of `path` that exist as regular files (freshness is judged against the original later). */
export function findSiblings(fs: TreeFs, path: string): Promise<Siblings> {
  return new Promise((resolve) => {
    const found: { [K in Encoding]?: Sibling } = {};
    let waiting = 2;
    const look = (encoding: Encoding): void => {
      const sibling = path + SUFFIX[encoding];
      fs.lstat(sibling, (error, stats: Stats) => {
        if (error === null) found[encoding] = siblingOf(sibling, stats);
        if (--waiting === 0) resolve(siblingsOf(found.br, found.gzip));
      });
    };
    look('br');
    look('gzip');
  });
}

/** `findSiblings` with direct calls: for a cached file, answered without waiting for the thread pool. */
export function findSiblingsNow(fs: TreeFs, path: string): Siblings {
  return siblingsOf(siblingNow(fs, path + SUFFIX.br), siblingNow(fs, path + SUFFIX.gzip));
}

function siblingNow(fs: TreeFs, sibling: string): Sibling | undefined {
  const stats = fs.lstatNow(sibling);
  return stats === undefined ? undefined : siblingOf(sibling, stats);
}

/** The sibling at `path` as lstat saw it, when it is a regular file. */
function siblingOf(path: string, stats: Stats): Sibling | undefined {
  return stats.isFile() ? { path, identity: { ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs } } : undefined;
}

/** The siblings found, as one object (NONE, shared, when there is none). */
function siblingsOf(br: Sibling | undefined, gzip: Sibling | undefined): Siblings {
  if (br === undefined && gzip === undefined) return NONE;
  return gzip === undefined ? { br } : br === undefined ? { gzip } : { br, gzip };
}

/** The siblings not older than the original (modified at or after it). */
export function freshSiblings(siblings: Siblings, original: FileIdentity): Siblings {
  const fresh: { -readonly [K in Encoding]?: Sibling } = {};
  for (const encoding of ['br', 'gzip'] as const) {
    const sibling = siblings[encoding];
    if (sibling !== undefined && sibling.identity.mtimeMs >= original.mtimeMs) fresh[encoding] = sibling;
  }
  return fresh;
}
