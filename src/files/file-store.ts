/**
 * Opening a file to serve: the one place where a path inside the served directory becomes
 * bytes. It refuses what is not a regular file and anything whose real location (after
 * symlinks) is outside the directory, checked on the opened descriptor itself where the system
 * allows (Linux `/proc/self/fd`), so that a symlink swapped between check and open cannot fool it.
 *
 * Small files are kept in a SmallFileCache and answered from memory, but only after a fresh
 * stat of the path (following symlinks) matched the copy's inode, size, mtime and ctime, and a
 * fresh realpath of the path is still inside the directory: two thread-pool calls run side by
 * side, instead of open, fstat, readlink, read and close one after another. Anything else (no
 * copy, a mismatch, an error) takes the full path above, which also decides the status.
 */
import { existsSync, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { statusForFsError } from './fs-errors.js';
import { CachedFile, type FileVersion, SmallFileCache } from './small-file-cache.js';
import type { ServedTree } from './tree.js';

export type OpenedFile =
  /** Not servable: `status` is 404 (missing, not a regular file, outside), 403 or 500. */
  | { readonly kind: 'refused'; readonly status: number }
  /** A folder inside the directory (its URL wants a trailing `/`); nothing is held open. */
  | { readonly kind: 'folder' }
  /** HEAD: the file's version only; nothing is held open. */
  | { readonly kind: 'size'; readonly version: FileVersion }
  /**
   * A small file, read whole; nothing is held open. `cached`: the cache's copy, which also
   * remembers whole responses (null when the copy is not cached).
   */
  | { readonly kind: 'contents'; readonly version: FileVersion; readonly bytes: Buffer; readonly cached: CachedFile | null }
  /** A larger file, to stream; the caller closes the handle. */
  | { readonly kind: 'handle'; readonly version: FileVersion; readonly handle: FileHandle };

export interface FileStore {
  open(path: string, wantBody: boolean): Promise<OpenedFile>;
}

const NOT_FOUND: OpenedFile = { kind: 'refused', status: 404 };
const FOLDER: OpenedFile = { kind: 'folder' };
const HAS_PROC_FD = existsSync('/proc/self/fd');

/** Files up to this size are read whole and answered in one write with their head. */
export const SMALL_FILE_BYTES = 64 * 1024;
/** Default bound of the small-file cache (its entries' bytes and remembered responses). */
export const SMALL_FILE_CACHE_BYTES = 16 * 1024 * 1024;
/**
 * A file modified less than this long before it was read is served but not cached: file times
 * have a coarse granularity (a clock tick on Linux, 2 s on FAT), so a write in the same tick as
 * the read could leave size and mtime unchanged. Older than this, any later write moves mtime
 * (and ctime). Only mtime is judged: `touch -d` / utimes sets an old mtime with a fresh ctime,
 * and a later write still moves that mtime. (What this cannot see: a same-size write followed by
 * utimes back to the old mtime, both within the clock tick of the read.)
 */
const RACY_WINDOW_MS = 2000;

export class DiskFileStore implements FileStore {
  readonly cache: SmallFileCache;

  constructor(
    private readonly tree: ServedTree,
    cacheBytes: number = SMALL_FILE_CACHE_BYTES,
  ) {
    this.cache = new SmallFileCache(cacheBytes);
  }

  open(path: string, wantBody: boolean): Promise<OpenedFile> {
    const cached = this.cache.peek(path);
    if (cached === undefined) return this.openFromDisk(path, wantBody);
    return new Promise((resolve) =>
      this.checkCopy(cached, (valid) => {
        if (!valid) {
          resolve(this.openFromDisk(path, wantBody));
          return;
        }
        this.cache.touch(cached);
        const version = cached.version;
        resolve(wantBody ? { kind: 'contents', version, bytes: cached.bytes, cached } : { kind: 'size', version });
      }),
    );
  }

  /**
   * Tells `done` whether the path still leads, inside the directory, to the very file `cached`
   * was read from, and forgets the copy when not. The stat and the realpath run side by side on
   * callback `node:fs`: this is every cached file's hot path, and the promise API's requests
   * and reactions cost more than the calls themselves (as measured on uploads, bench/RESULTS.md).
   */
  private checkCopy(cached: CachedFile, done: (valid: boolean) => void): void {
    // Each stays null when its call fails.
    let stats: Stats | null = null;
    let real: string | null = null;
    let waiting = 2;
    const settle = (): void => {
      if (--waiting > 0) return;
      const valid = stats !== null && real !== null && cached.matches(stats) && this.tree.contains(real);
      if (!valid) this.cache.remove(cached.path, cached);
      done(valid);
    };
    const fs = this.tree.fs;
    fs.stat(cached.path, (error, result) => {
      if (error === null) stats = result;
      settle();
    });
    fs.realpath(cached.path, (error, result) => {
      if (error === null) real = result;
      settle();
    });
  }

  private async openFromDisk(path: string, wantBody: boolean): Promise<OpenedFile> {
    const readStartMs = Date.now();
    let handle: FileHandle;
    try {
      handle = await this.tree.fs.openForRead(path);
    } catch (error) {
      return { kind: 'refused', status: statusForFsError(error) };
    }
    let keepOpen = false;
    try {
      const stats = await handle.stat();
      const folder = stats.isDirectory();
      if (!stats.isFile() && !folder) return NOT_FOUND;
      const fs = this.tree.fs;
      const real = HAS_PROC_FD ? await fs.readlink(`/proc/self/fd/${handle.fd}`) : await fs.realpathOf(path);
      if (folder) return this.tree.containsFolder(real) ? FOLDER : NOT_FOUND;
      if (!this.tree.contains(real)) return NOT_FOUND;
      if (!wantBody) return { kind: 'size', version: versionOf(stats) };
      if (stats.size <= SMALL_FILE_BYTES) return this.smallFile(path, stats, await readWhole(handle, stats.size), readStartMs);
      keepOpen = true;
      return { kind: 'handle', version: versionOf(stats), handle };
    } catch (error) {
      return { kind: 'refused', status: statusForFsError(error) };
    } finally {
      if (!keepOpen) await handle.close().catch(() => undefined);
    }
  }

  /** A small file just read: cached when it was whole and not changed too recently to tell. */
  private smallFile(path: string, stats: Stats, bytes: Buffer, readStartMs: number): OpenedFile {
    const settled = stats.mtimeMs < readStartMs - RACY_WINDOW_MS;
    const version = versionOf(stats);
    // A file that shrank while being read: its version is what was read.
    if (bytes.length !== stats.size) return { kind: 'contents', version: { ...version, size: bytes.length }, bytes, cached: null };
    if (!settled) return { kind: 'contents', version, bytes, cached: null };
    const cached = new CachedFile(path, version, bytes);
    this.cache.put(cached);
    return { kind: 'contents', version, bytes, cached };
  }
}

function versionOf(stats: Stats): FileVersion {
  const { dev, ino, size, mtimeMs, ctimeMs } = stats;
  return { dev, ino, size, mtimeMs, ctimeMs };
}

/** Reads up to `size` bytes from the start (fewer if the file shrank meanwhile). */
async function readWhole(handle: FileHandle, size: number): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await handle.read(bytes, filled, size - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === size ? bytes : bytes.subarray(0, filled);
}
