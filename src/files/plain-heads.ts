/**
 * Compiled heads of plain GETs of files streamed from disk (larger than the small-file cache
 * takes), remembered per path and version: a GET with no conditions, range or codings asked
 * gets the same header fields every time the file has not changed, so deciding them again
 * (type, ETag, Last-Modified) and formatting them afresh is work a busy download does not need.
 *
 * A head is remembered only for a version modified more than two seconds before it was decided
 * (the small-file cache's racy window): Last-Modified never lies in the future, and a later
 * write moves mtime. A version is its inode, size, mtime and ctime, as the file was opened.
 * Bounded: the oldest entry goes when the table is full.
 */
import type { HeadTemplate } from '../http/compiled.js';
import { sameVersion, type FileVersion } from './small-file-cache.js';

/** Paths remembered at most. */
const MAX_HEADS = 512;
/** A version younger than this when its head was decided is not remembered. */
const SETTLED_AFTER_MS = 2000;

interface Remembered {
  readonly version: FileVersion;
  readonly head: HeadTemplate;
}

export class PlainHeads {
  private readonly heads = new Map<string, Remembered>();

  /** The head remembered for `path` at `version`, if any. */
  get(path: string, version: FileVersion): HeadTemplate | undefined {
    const remembered = this.heads.get(path);
    return remembered !== undefined && sameVersion(remembered.version, version) ? remembered.head : undefined;
  }

  /**
   * The head `make` compiles, remembered for `path` at `version`; null (nothing made) when the
   * version is too young at `nowMs` to be remembered.
   */
  remember(path: string, version: FileVersion, make: () => HeadTemplate, nowMs: number): HeadTemplate | null {
    if (version.mtimeMs > nowMs - SETTLED_AFTER_MS || version.ctimeMs > nowMs - SETTLED_AFTER_MS) return null;
    const head = make();
    this.heads.delete(path);
    if (this.heads.size >= MAX_HEADS) this.heads.delete(this.heads.keys().next().value!);
    this.heads.set(path, { version, head });
    return head;
  }

  get size(): number {
    return this.heads.size;
  }
}
