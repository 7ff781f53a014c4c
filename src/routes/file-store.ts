/**
 * Opening a file to serve: the one place where a path inside the served directory becomes
 * bytes. It refuses what is not a regular file and anything whose real location (after
 * symlinks) is outside the directory, checked on the opened descriptor itself where the system
 * allows (Linux `/proc/self/fd`), so that a symlink swapped between check and open cannot fool it.
 *
 * This is the seam for a cache of small files (issue 4): another `FileStore` can answer
 * `contents` from memory after checking the file's identity, size and mtime.
 */
import { existsSync } from 'node:fs';
import { constants } from 'node:fs';
import { open, readlink, realpath, type FileHandle } from 'node:fs/promises';
import { statusForFsError } from '../http/fs-errors.js';
import { isStrictlyInside } from './names.js';

export type OpenedFile =
  /** Not servable: `status` is 404 (missing, not a regular file, outside), 403 or 500. */
  | { readonly kind: 'refused'; readonly status: number }
  /** HEAD: the size only; nothing is held open. */
  | { readonly kind: 'size'; readonly size: number }
  /** A small file, read whole; nothing is held open. */
  | { readonly kind: 'contents'; readonly bytes: Buffer }
  /** A larger file, to stream; the caller closes the handle. */
  | { readonly kind: 'handle'; readonly handle: FileHandle; readonly size: number };

export interface FileStore {
  open(path: string, wantBody: boolean): Promise<OpenedFile>;
}

const NOT_FOUND: OpenedFile = { kind: 'refused', status: 404 };
/** O_NONBLOCK: opening a FIFO must not block a thread-pool thread until a writer appears. */
const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;
const HAS_PROC_FD = existsSync('/proc/self/fd');

/** Files up to this size are read whole and answered in one write with their head. */
export const SMALL_FILE_BYTES = 64 * 1024;

export class DiskFileStore implements FileStore {
  /** `rootReal`: the served directory with symlinks resolved. */
  constructor(private readonly rootReal: string) {}

  async open(path: string, wantBody: boolean): Promise<OpenedFile> {
    let handle: FileHandle;
    try {
      handle = await open(path, READ_FLAGS);
    } catch (error) {
      return { kind: 'refused', status: statusForFsError(error) };
    }
    let keepOpen = false;
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) return NOT_FOUND;
      const real = HAS_PROC_FD ? await readlink(`/proc/self/fd/${handle.fd}`) : await realpath(path);
      if (!isStrictlyInside(this.rootReal, real)) return NOT_FOUND;
      if (!wantBody) return { kind: 'size', size: stats.size };
      if (stats.size <= SMALL_FILE_BYTES) return { kind: 'contents', bytes: await readWhole(handle, stats.size) };
      keepOpen = true;
      return { kind: 'handle', handle, size: stats.size };
    } catch (error) {
      return { kind: 'refused', status: statusForFsError(error) };
    } finally {
      if (!keepOpen) await handle.close().catch(() => undefined);
    }
  }
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
