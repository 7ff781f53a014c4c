/**
 * The served tree: the one place that says what is inside `--directory`.
 *
 * - `resolve` (pure, no file system): from the raw `{name}` of a URL under the files mount to
 *   a path inside the directory, or a refusal — the lexical containment.
 * - `contains` / `containsFolder`: whether a real path (symlinks resolved, as the opened
 *   descriptor or realpath(3) gives it) is inside — the containment after symlinks, which
 *   reads, writes and listings all ask here. The root's own real path is resolved again when a
 *   path is found outside it: the served directory may be a symlink switched to a new folder.
 * - `fs`: the file-system seam every file operation of the tree goes through (tree-fs.ts).
 * - `temporaries`: the temporary upload files in the tree right now (live-temporaries.ts), which
 *   the server removes before it exits.
 *
 * A name is decoded once. It is refused (400) when it is empty, has a malformed or an encoded
 * `/` or `\` escape, decodes to NUL, a backslash or invalid UTF-8, or has an empty, `.` or `..`
 * segment; and in any case when the resolved path is not strictly inside the directory.
 * Literal `/` separates folders (`/files/docs/a.txt` is `DIR/docs/a.txt`).
 */
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import { percentDecode } from '../http/percent.js';
import { statusForFsError } from './fs-errors.js';
import { LiveTemporaries } from './live-temporaries.js';
import { nodeTreeFs, type TreeFs } from './tree-fs.js';

/** Raw names whose resolution is remembered; past this many, all are forgotten (a bound, not a policy). */
const RESOLVED_NAMES = 4096;

export class ServedTree {
  /** The root with symlinks resolved, as last resolved. */
  private real: string;
  /** Resolutions by raw name (they depend on the name and the root only). */
  private readonly resolved = new Map<string, ResolvedName>();

  /**
   * `root`: the directory as given, absolute and normalised; `rootReal`: the same with symlinks
   * resolved (at start-up).
   */
  constructor(
    readonly root: string,
    rootReal: string,
    readonly fs: TreeFs = nodeTreeFs,
    readonly temporaries: LiveTemporaries = new LiveTemporaries(),
  ) {
    this.real = rootReal;
  }

  /** The root with symlinks resolved: where the tree really is now. */
  get rootReal(): string {
    return this.real;
  }

  /**
   * The raw (still percent-encoded) name `raw[start, end)` as a path inside the tree, or a
   * refusal. Names are asked again and again (the same pages, the same assets): each answer is
   * remembered by its raw text, the decoding, checks and path joins made once.
   */
  resolve(raw: Buffer, start: number, end: number): ResolvedName {
    const key = raw.toString('latin1', start, end);
    let name = this.resolved.get(key);
    if (name === undefined) {
      name = resolveName(this.root, raw, start, end);
      if (this.resolved.size >= RESOLVED_NAMES) this.resolved.clear();
      this.resolved.set(key, name);
    }
    return name;
  }

  /** Whether `real` (symlinks resolved) is strictly inside the tree: a file that may be served or replaced. */
  contains(real: string): boolean {
    return isStrictlyInside(this.real, real) || (this.rootMoved() && isStrictlyInside(this.real, real));
  }

  /**
   * Whether the folder at `folder` may be read or written in: null when its real path (symlinks
   * resolved now, with a direct realpath: an lstat per entry of the path, microseconds) is the
   * root or inside it, else the refusal's status: 404 outside, or the file-system error's (a
   * missing folder: 404).
   */
  clearFolder(folder: string): number | null {
    let real: string;
    try {
      real = this.fs.realpathNow(folder);
    } catch (error) {
      return statusForFsError(error);
    }
    return this.containsFolder(real) ? null : 404;
  }

  /** Whether the folder `real` (symlinks resolved) is the tree's root or inside it. */
  containsFolder(real: string): boolean {
    const inside = (): boolean => real === this.real || isStrictlyInside(this.real, real);
    return inside() || (this.rootMoved() && inside());
  }

  /**
   * Resolves the root again; true when it now leads elsewhere (`--directory current`, where
   * `current` is a symlink switched to the next release: the usual atomic deploy). Without
   * this, every file of the new release would be "outside" and answer 404 until a restart.
   * Asked only when a path was found outside, so a request inside never pays for it; one
   * synchronous realpath(3) of a folder the kernel has cached keeps every containment check a
   * plain answer. A root that is missing meanwhile keeps its last real path.
   */
  private rootMoved(): boolean {
    let now: string;
    try {
      now = this.fs.realpathNow(this.root);
    } catch {
      return false;
    }
    if (now === this.real) return false;
    this.real = now;
    return true;
  }
}

export type ResolvedName =
  | {
      readonly kind: 'inside';
      /** Absolute path of the file. */
      readonly path: string;
      /** Folder the file lives in: the served directory itself, or a folder below it. */
      readonly folder: string;
      /** True when `folder` is below the served directory (and may be a symlink to check). */
      readonly nested: boolean;
      /** The decoded name: the path relative to the tree, `/`-separated. */
      readonly relative: string;
    }
  | { readonly kind: 'refused' };

const REFUSED: ResolvedName = { kind: 'refused' };
const ENCODED_SEPARATOR = /%(?:2f|5c)/i;
const NUL = 0x00;
const BACKSLASH = 0x5c;

/**
 * Resolves the raw (still percent-encoded) name `raw[start, end)` against `root`, an absolute,
 * normalised directory path.
 */
export function resolveName(root: string, raw: Buffer, start: number, end: number): ResolvedName {
  if (end <= start) return REFUSED;
  if (ENCODED_SEPARATOR.test(raw.toString('latin1', start, end))) return REFUSED;
  const decoded = percentDecode(raw, start, end);
  if (decoded === null || decoded.length === 0) return REFUSED;
  if (decoded.includes(NUL) || decoded.includes(BACKSLASH) || !isUtf8(decoded)) return REFUSED;
  const name = decoded.toString('utf8');
  const segments = name.split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') return REFUSED;
  }
  const resolved = path.resolve(root, name);
  if (!isStrictlyInside(root, resolved)) return REFUSED;
  const folder = path.dirname(resolved);
  return { kind: 'inside', path: resolved, folder, nested: folder !== root, relative: name };
}

/** Whether `candidate` is a path strictly below `root` (both absolute and normalised). */
export function isStrictlyInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  if (relative === '' || path.isAbsolute(relative)) return false;
  // `..foo` is a fine name; only a `..` segment leaves the root.
  return relative !== '..' && !relative.startsWith(`..${path.sep}`);
}
