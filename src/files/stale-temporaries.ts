/**
 * At start-up, the temporary upload files a crashed ferroserve (`kill -9`, a power cut) left in
 * the served tree are found and removed; only those (temp-names.ts says which are stale: never
 * a user's file, never one of another ferroserve still running on the same folder).
 *
 * The walk is bounded and stays where uploads write: it does not follow symlinks (a symlinked
 * folder inside the tree is reached by its real path anyway, and one leading outside must never
 * be entered), skips dot-folders other than `.well-known/` unless `--dotfiles` lets uploads write
 * there, stops after MAX_ENTRIES entries or below MAX_DEPTH, and skips a folder it cannot read.
 * It runs in the background (one readdir at a time): start-up does not wait for it.
 */
import { lstat, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { HERE, judgeTemp, type ProcessIdentity, type ProcessState, processState, TEMP_PREFIX } from './temp-names.js';

/** Entries looked at, at most (a huge tree is swept in part rather than for minutes). */
export const MAX_ENTRIES = 200_000;
/** Folder depth below the root, at most. */
export const MAX_DEPTH = 32;

const WELL_KNOWN = '.well-known';

export interface SweepOptions {
  /** `--dotfiles`: uploads may write into dot-folders, so those are swept too. */
  readonly dotfiles: boolean;
  /** For tests: who "this process" is, and how processes stand. */
  readonly here?: ProcessIdentity;
  readonly stateOf?: (pid: number) => Promise<ProcessState>;
  readonly now?: () => number;
}

export interface SweepResult {
  /** Paths removed, relative to the root. */
  readonly removed: readonly string[];
  /** Whether the walk stopped at MAX_ENTRIES. */
  readonly truncated: boolean;
}

/** Removes the stale temporaries under `root`; never throws. */
export async function sweepStaleTemporaries(root: string, options: SweepOptions): Promise<SweepResult> {
  const here = options.here ?? HERE;
  const stateOf = options.stateOf ?? processState;
  const now = options.now ?? Date.now;
  const removed: string[] = [];
  let seen = 0;
  const folders: Array<{ readonly path: string; readonly depth: number }> = [{ path: root, depth: 0 }];
  while (folders.length > 0) {
    const folder = folders.pop()!;
    let entries;
    try {
      entries = await readdir(folder.path, { withFileTypes: true });
    } catch {
      continue; // unreadable, or removed meanwhile: nothing of ours can be swept there
    }
    for (const entry of entries) {
      if (++seen > MAX_ENTRIES) return { removed, truncated: true };
      const full = path.join(folder.path, entry.name);
      if (entry.isDirectory()) {
        const hidden = entry.name.charCodeAt(0) === 0x2e && !(folder.depth === 0 && entry.name === WELL_KNOWN);
        if (folder.depth + 1 <= MAX_DEPTH && (options.dotfiles || !hidden)) folders.push({ path: full, depth: folder.depth + 1 });
      } else if (entry.isFile() && entry.name.startsWith(TEMP_PREFIX)) {
        if (await removeIfStale(full, entry.name, here, stateOf, now)) removed.push(path.relative(root, full));
      }
    }
  }
  return { removed, truncated: false };
}

async function removeIfStale(
  full: string,
  name: string,
  here: ProcessIdentity,
  stateOf: (pid: number) => Promise<ProcessState>,
  now: () => number,
): Promise<boolean> {
  try {
    // lstat: the entry itself; readdir's type could be stale by now.
    const stats = await lstat(full);
    if (!stats.isFile()) return false;
    if ((await judgeTemp(name, stats.mtimeMs, now(), here, stateOf)) !== 'stale') return false;
    await unlink(full);
    return true;
  } catch {
    return false; // gone meanwhile, or not ours to remove
  }
}
