/**
 * Opening a file to serve: the one place where a path inside the served directory becomes
 * bytes. It refuses what is not a regular file and anything whose real location (after
 * symlinks) is outside the directory, checked on the opened descriptor itself where the system
 * allows (Linux `/proc/self/fd`), so that a symlink swapped between check and open cannot fool it.
 *
 * Small files are kept in a SmallFileCache and answered from memory, and larger ones opened
 * before are opened again at once, but only after direct lstats of the path's entries (its
 * chain, path-chain.ts) and of the file matched what they were when it was found inside:
 * direct system calls, as nginx makes, instead of open, fstat, readlink, read and close on the
 * thread pool. Anything else (no copy, a mismatch, an error) takes the full path above, which
 * also decides the status.
 */
import { existsSync, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { statusForFsError } from './fs-errors.js';
import { DescriptorFile, HandleFile, type OpenFile } from './open-file.js';
import { captureChain, chainHolds, type PathChain } from './path-chain.js';
import { CachedFile, type FileVersion, isFileAt, SmallFileCache } from './small-file-cache.js';
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
  /** A larger file, to stream; the caller closes it. */
  | { readonly kind: 'handle'; readonly version: FileVersion; readonly file: OpenFile };

export interface FileStore {
  open(path: string, wantBody: boolean): Promise<OpenedFile>;
  /**
   * With direct calls only: a small file's cached copy, or a larger file opened inside the
   * directory before, when the path still leads to that very file, unchanged; else undefined
   * (then `open` it).
   */
  openNow(path: string, wantBody: boolean): OpenedFile | undefined;
}

const NOT_FOUND: OpenedFile = { kind: 'refused', status: 404 };
const FOLDER: OpenedFile = { kind: 'folder' };
const HAS_PROC_FD = existsSync('/proc/self/fd');

/**
 * Files up to this size are read whole, in one read, kept in the cache once settled, and
 * answered in one write with their head; larger ones are streamed. A file of this size is a
 * web page's script bundle or image: from memory, its answer costs one stat and one writev.
 */
export const SMALL_FILE_BYTES = 1024 * 1024;
/**
 * Default bound of the small-file cache (its entries' bytes, encoded copies and remembered
 * responses): what the server may hold besides its connections, about 20 files of 1 MiB or
 * 60 of 64 KiB and their compressed forms.
 */
export const SMALL_FILE_CACHE_BYTES = 64 * 1024 * 1024;
/**
 * A file modified less than this long before it was read is served but not cached: file times
 * have a coarse granularity (a clock tick on Linux, 2 s on FAT), so a write in the same tick as
 * the read could leave size and mtime unchanged. Older than this, any later write moves mtime
 * (and ctime). Only mtime is judged: `touch -d` / utimes sets an old mtime with a fresh ctime,
 * and a later write still moves that mtime. (What this cannot see: a same-size write followed by
 * utimes back to the old mtime, both within the clock tick of the read.)
 */
const RACY_WINDOW_MS = 2000;

/** Larger files whose place inside the directory is remembered (a path and a version each). */
const KNOWN_FILES = 1024;

export class DiskFileStore implements FileStore {
  readonly cache: SmallFileCache;
  /**
   * Larger files opened before, by path: the version each had when its descriptor's real
   * location was found inside the directory, and the path's chain captured before that
   * opening. Map order is recency order.
   */
  private readonly known = new Map<string, { readonly version: FileVersion; readonly chain: PathChain }>();

  constructor(
    private readonly tree: ServedTree,
    cacheBytes: number = SMALL_FILE_CACHE_BYTES,
  ) {
    this.cache = new SmallFileCache(cacheBytes);
  }

  open(path: string, wantBody: boolean): Promise<OpenedFile> {
    const now = this.openNow(path, wantBody);
    return now === undefined ? this.openFromDisk(path, wantBody) : Promise.resolve(now);
  }

  openNow(path: string, wantBody: boolean): OpenedFile | undefined {
    const cached = this.cachedNow(path);
    if (cached === undefined) return this.openKnownNow(path, wantBody);
    const version = cached.version;
    return wantBody ? { kind: 'contents', version, bytes: cached.bytes, cached } : { kind: 'size', version };
  }

  /**
   * The cached copy of `path`, when the path still leads, inside the directory, to the very
   * file the copy was read from, unchanged; else undefined (and a copy that no longer matches
   * is forgotten). Synchronous: this is every cached file's hot path.
   *
   * Direct calls, no realpath: the chain of entries captured before the copy was read (an
   * lstat each, one for a file in the root) says the path goes where it went then, and the
   * same device, inode, size, mtime and ctime (the entry's own lstat, or a stat when it is a
   * symlink) say the file is the same, in the same state.
   */
  private cachedNow(path: string): CachedFile | undefined {
    const cached = this.cache.peek(path);
    if (cached === undefined) return undefined;
    const stats = this.currentStats(path, cached.chain);
    if (stats === undefined || !cached.matches(stats)) {
      this.cache.remove(path, cached);
      return undefined;
    }
    this.cache.touch(cached);
    return cached;
  }

  /**
   * A larger file opened before: when its chain holds, opened and fstat-ed on the calling
   * thread (direct calls, where the full opening takes five thread-pool round trips), and
   * answered when the descriptor is the very file found inside the directory then, unchanged.
   * Any error or difference: undefined, and the full opening decides.
   */
  private openKnownNow(path: string, wantBody: boolean): OpenedFile | undefined {
    const known = this.known.get(path);
    if (known === undefined) return undefined;
    const { version, chain } = known;
    const fs = this.tree.fs;
    const stats = this.currentStats(path, chain);
    if (stats === undefined || !isFileAt(stats, version)) {
      this.known.delete(path);
      return undefined;
    }
    if (!wantBody) return { kind: 'size', version };
    const fd = fs.openNow(path);
    if (fd === undefined) {
      this.known.delete(path);
      return undefined;
    }
    const file = new DescriptorFile(fd);
    // The entry may have changed since the lstat: the descriptor itself must be that file.
    const opened = fs.fstatNow(fd);
    if (opened === undefined || !isFileAt(opened, version)) {
      file.close();
      this.known.delete(path);
      return undefined;
    }
    return { kind: 'handle', version, file };
  }

  /** What `path` leads to now, when its chain holds: its own lstat, or the stat of its symlink. */
  private currentStats(path: string, chain: PathChain): Stats | undefined {
    const own = chainHolds(this.tree.fs, chain);
    if (own === undefined || !own.isSymbolicLink()) return own;
    return this.tree.fs.statNow(path);
  }

  /** Remembers that `path` led to `version` inside the directory (bounded: the oldest is forgotten). */
  private remember(path: string, version: FileVersion, chain: PathChain): void {
    this.known.delete(path);
    this.known.set(path, { version, chain });
    if (this.known.size > KNOWN_FILES) this.known.delete(this.known.keys().next().value!);
  }

  private async openFromDisk(path: string, wantBody: boolean): Promise<OpenedFile> {
    const readStartMs = Date.now();
    // Before the opening (path-chain.ts): undefined when an entry is missing; then nothing is remembered.
    const chain = captureChain(this.tree.fs, this.tree.root, path);
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
      if (stats.size <= SMALL_FILE_BYTES) return this.smallFile(path, chain, stats, await readWhole(handle, stats.size), readStartMs);
      keepOpen = true;
      const version = versionOf(stats);
      if (chain !== undefined) this.remember(path, version, chain);
      return { kind: 'handle', version, file: new HandleFile(handle) };
    } catch (error) {
      return { kind: 'refused', status: statusForFsError(error) };
    } finally {
      if (!keepOpen) await handle.close().catch(() => undefined);
    }
  }

  /** A small file just read: cached when it was whole and not changed too recently to tell. */
  private smallFile(path: string, chain: PathChain | undefined, stats: Stats, bytes: Buffer, readStartMs: number): OpenedFile {
    const settled = stats.mtimeMs < readStartMs - RACY_WINDOW_MS;
    const version = versionOf(stats);
    // A file that shrank while being read: its version is what was read.
    if (bytes.length !== stats.size) return { kind: 'contents', version: { ...version, size: bytes.length }, bytes, cached: null };
    if (!settled || chain === undefined) return { kind: 'contents', version, bytes, cached: null };
    const cached = new CachedFile(path, chain, version, bytes);
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
