/**
 * The file-system calls the served tree makes, behind one seam: the default is node:fs, and
 * tests inject faults (a failing rename, a slow lstat, a full disk) by passing their own,
 * instead of patching node:fs. Callback style where the hot paths use it (the promise API's
 * machinery costs more than the calls it wraps; bench/RESULTS.md), promises where a file handle
 * is held across reads.
 *
 * `lstat`, `writeNew` (of a small body) and `rename` are made on the calling thread, as nginx
 * makes them: a thread-pool round trip costs more than the call. Their `done` may therefore run
 * before they return; callers set their state first.
 */
import {
  close,
  constants,
  createWriteStream,
  link,
  mkdir,
  open,
  readdir,
  fstatSync,
  lstatSync,
  openSync,
  realpath,
  realpathSync,
  renameSync,
  stat,
  statSync,
  unlink,
  writeFile,
  writeFileSync,
  type Dirent,
  type Stats,
  type WriteStream,
} from 'node:fs';
import { open as openHandle, readlink as readlinkAsync, realpath as realpathAsync, type FileHandle } from 'node:fs/promises';

type Done = (error: NodeJS.ErrnoException | null) => void;
type DoneWith<T> = (error: NodeJS.ErrnoException | null, result: T) => void;

export interface TreeFs {
  /** stat(2), following symlinks. */
  stat(path: string, done: DoneWith<Stats>): void;
  /** lstat(2): the entry itself. */
  lstat(path: string, done: DoneWith<Stats>): void;
  /**
   * stat(2) on the calling thread, undefined on any error. For the checks of cached files: one
   * direct call of a microsecond or two costs less than a thread-pool round trip and its callback.
   */
  statNow(path: string): Stats | undefined;
  /** lstat(2) on the calling thread, undefined on any error. */
  lstatNow(path: string): Stats | undefined;
  /** open(2) for reading on the calling thread (as `openForRead`), undefined on any error. */
  openNow(path: string): number | undefined;
  /** The same, refusing a symlink at `path` itself (as `openForReadNoFollow`). */
  openNoFollowNow(path: string): number | undefined;
  /** fstat(2) on the calling thread, undefined on any error. */
  fstatNow(fd: number): Stats | undefined;
  /** realpath(3). */
  realpath(path: string, done: DoneWith<string>): void;
  /** Opens for reading without blocking on a FIFO; the handle serves the reads of a response. */
  openForRead(path: string): Promise<FileHandle>;
  /** The same, refusing a symlink at `path` itself (ELOOP): for names the server derives, not the client. */
  openForReadNoFollow(path: string): Promise<FileHandle>;
  /** Where an open descriptor really leads (`/proc/self/fd/N` on Linux). */
  readlink(path: string): Promise<string>;
  /** realpath(3), as a promise (where /proc is missing). */
  realpathOf(path: string): Promise<string>;
  /** realpath(3) on the calling thread: of the tree's root when a path was found outside it, and of a folder to be read or written in. */
  realpathNow(path: string): string;
  /** Creates `path` (O_EXCL: never an existing file, never through a symlink) holding `data`. */
  writeNew(path: string, data: Buffer, done: Done): void;
  /** Creates `path` (O_EXCL) and opens it for writing. */
  openNew(path: string, done: DoneWith<number>): void;
  close(fd: number, done: Done): void;
  rename(from: string, to: string, done: Done): void;
  /** link(2): a second name for `from`; fails with EEXIST when `to` exists (an atomic create-only commit). */
  link(from: string, to: string, done: Done): void;
  /** The entries of a folder, with their types (a symlink is reported as one). */
  readdir(path: string, done: DoneWith<Dirent[]>): void;
  unlink(path: string, done: Done): void;
  /** mkdir(2) of one folder (not recursive: EEXIST when the name is taken). */
  mkdir(path: string, done: Done): void;
  /** A write stream over the descriptor `fd` of `path` (closes it when done). */
  writeStream(path: string, fd: number): WriteStream;
}

/** Bodies up to this size are written on the calling thread (into the page cache: microseconds). */
const WRITE_NOW_BYTES = 64 * 1024;

/**
 * What `lstat` reports for a missing path: one shared error with ENOENT's code (what callers
 * read), since a new file's upload and a file without a precompressed sibling are common, and
 * making an Error with its stack for each costs more than the call.
 */
const MISSING: NodeJS.ErrnoException = Object.freeze(Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT', errno: -2, syscall: 'lstat' }));

/** A missing file is the common miss: no exception is made for it. */
const NO_THROW_IF_MISSING = { throwIfNoEntry: false } as const;

/** `call` made on the calling thread, as a function that answers undefined where `call` throws. */
function orUndefined<A, R>(call: (arg: A) => R | undefined): (arg: A) => R | undefined {
  return (arg) => {
    try {
      return call(arg);
    } catch {
      return undefined;
    }
  };
}

/** Makes `call` on the calling thread and tells `done` its error (null when it succeeded), after it returned. */
function reportNow(call: () => void, done: Done): void {
  let failure: NodeJS.ErrnoException | null = null;
  try {
    call();
  } catch (error) {
    failure = error as NodeJS.ErrnoException;
  }
  done(failure);
}

/** O_NONBLOCK: opening a FIFO must not block a thread-pool thread until a writer appears. */
const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

export const nodeTreeFs: TreeFs = {
  stat: (path, done) => stat(path, done),
  lstat: (path, done) => {
    let stats: Stats | undefined;
    try {
      stats = lstatSync(path, NO_THROW_IF_MISSING);
    } catch (error) {
      done(error as NodeJS.ErrnoException, undefined as unknown as Stats);
      return;
    }
    if (stats === undefined) done(MISSING, undefined as unknown as Stats);
    else done(null, stats);
  },
  // On any error (EACCES, ENOTDIR, ELOOP...) undefined: the caller looks again the slow way, which decides the status.
  statNow: orUndefined((path: string) => statSync(path, NO_THROW_IF_MISSING)),
  lstatNow: orUndefined((path: string) => lstatSync(path, NO_THROW_IF_MISSING)),
  openNow: orUndefined((path: string) => openSync(path, READ_FLAGS)),
  openNoFollowNow: orUndefined((path: string) => openSync(path, READ_FLAGS | constants.O_NOFOLLOW)),
  fstatNow: orUndefined((fd: number) => fstatSync(fd)),
  // realpath.native is realpath(3); the plain callback realpath walks the path in JS instead.
  realpath: (path, done) => realpath.native(path, done),
  openForRead: (path) => openHandle(path, READ_FLAGS),
  openForReadNoFollow: (path) => openHandle(path, READ_FLAGS | constants.O_NOFOLLOW),
  readlink: (path) => readlinkAsync(path),
  realpathOf: (path) => realpathAsync(path),
  realpathNow: (path) => realpathSync.native(path),
  writeNew: (path, data, done) => {
    if (data.length > WRITE_NOW_BYTES) writeFile(path, data, { flag: 'wx' }, done);
    else reportNow(() => writeFileSync(path, data, { flag: 'wx' }), done);
  },
  openNew: (path, done) => open(path, 'wx', done),
  close: (fd, done) => close(fd, done),
  rename: (from, to, done) => reportNow(() => renameSync(from, to), done),
  link: (from, to, done) => link(from, to, done),
  readdir: (path, done) => readdir(path, { withFileTypes: true }, done),
  unlink: (path, done) => unlink(path, done),
  mkdir: (path, done) => mkdir(path, (error) => done(error)),
  writeStream: (path, fd) => createWriteStream(path, { fd }),
};

