/**
 * The names of ferroserve's temporary upload files, and how a temporary found on disk is judged
 * stale (left by a process that is gone: remove it) or live (keep it).
 *
 *   .ferroserve-upload-<machine>-<pid>-<start>-<n>
 *
 * - `machine`: 8 hex digits naming the kernel boot and the PID namespace the writing process ran
 *   in (a hash of /proc/sys/kernel/random/boot_id and /proc/self/ns/pid on Linux; of the host
 *   name elsewhere). Two processes with the same `machine` see the same process ids.
 * - `pid`: the writing process's id, decimal; `start`: when it started, in clock ticks since
 *   boot (/proc/PID/stat, base 36; `0` where that is unknown), so that a process id reused by
 *   another program is not mistaken for the writer.
 * - `n`: a counter (base 36), so no random bytes are drawn per upload.
 *
 * The judgement (`judgeTemp`), the one rule of README's "Shutdown and crashes":
 * - a name not of this exact shape is never touched (a user's `.ferroserve-upload-notes.txt`);
 * - same `machine`: stale when no process has that pid, or the process that has it started at
 *   another time; live otherwise (another ferroserve serving the same folder keeps its files);
 * - another `machine` (another host on a shared file system, a container, or a boot before the
 *   last reboot), or the shape of earlier ferroserve versions (`<16 hex>-<n>`): process ids
 *   mean nothing here, so only the age tells: stale once untouched for FOREIGN_STALE_MS (a live
 *   upload writes to its temporary at least every --head-timeout, 10 s by default).
 */
import { createHash } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';

/** What every temporary upload file's name begins with (listings never show them). */
export const TEMP_PREFIX = '.ferroserve-upload-';

/** A temporary of another machine (or of an earlier version) untouched this long is stale. */
export const FOREIGN_STALE_MS = 24 * 60 * 60 * 1000;

/** Who writes temporaries: the process, as its names say it. */
export interface ProcessIdentity {
  readonly machine: string;
  readonly pid: number;
  /** The process's start time (base 36 clock ticks), or '0' where unknown. */
  readonly start: string;
}

const CURRENT = /^\.ferroserve-upload-([0-9a-f]{8})-([1-9][0-9]{0,9})-([0-9a-z]{1,13})-([0-9a-z]{1,13})$/;
/** The shape of ferroserve before process ids went into the names: a random prefix and a counter. */
const LEGACY = /^\.ferroserve-upload-[0-9a-f]{16}-[0-9a-z]{1,13}$/;

export type ParsedTempName =
  | { readonly kind: 'current'; readonly writer: ProcessIdentity }
  | { readonly kind: 'legacy' }
  /** Not a name ferroserve makes: never touched. */
  | { readonly kind: 'foreign-name' };

export function parseTempName(name: string): ParsedTempName {
  const match = CURRENT.exec(name);
  if (match !== null) return { kind: 'current', writer: { machine: match[1], pid: Number(match[2]), start: match[3] } };
  return LEGACY.test(name) ? { kind: 'legacy' } : { kind: 'foreign-name' };
}

/** How the process with a given id stands, as this machine sees it. */
export type ProcessState =
  | { readonly kind: 'gone' }
  /** `start`: its start time as the names write it, or '0' where unknown. */
  | { readonly kind: 'running'; readonly start: string }
  /** It could not be told (a permission error, say): treated as running. */
  | { readonly kind: 'unknown' };

export type TempVerdict = 'stale' | 'live' | 'not-ours';

/**
 * Whether the temporary `name` (last modified at `mtimeMs`) is stale, for the process `here`;
 * `stateOf(pid)` tells how a process of this machine stands. Pure given `stateOf`.
 */
export async function judgeTemp(
  name: string,
  mtimeMs: number,
  now: number,
  here: ProcessIdentity,
  stateOf: (pid: number) => Promise<ProcessState>,
): Promise<TempVerdict> {
  const parsed = parseTempName(name);
  if (parsed.kind === 'foreign-name') return 'not-ours';
  if (parsed.kind === 'legacy' || parsed.writer.machine !== here.machine) return now - mtimeMs > FOREIGN_STALE_MS ? 'stale' : 'live';
  const writer = parsed.writer;
  if (writer.pid === here.pid && writer.start === here.start) return 'live';
  const state = await stateOf(writer.pid);
  switch (state.kind) {
    case 'gone':
      return 'stale';
    case 'unknown':
      return 'live';
    case 'running':
      // A start time known on both sides that differs: the id was reused by another process.
      return state.start !== '0' && writer.start !== '0' && state.start !== writer.start ? 'stale' : 'live';
  }
}

/** Names of this process's temporaries: the identity once, then a counter. */
export class TempNames {
  private counter = 0;
  readonly prefix: string;

  constructor(identity: ProcessIdentity) {
    this.prefix = `${TEMP_PREFIX}${identity.machine}-${identity.pid}-${identity.start}-`;
  }

  next(): string {
    return this.prefix + (this.counter++).toString(36);
  }

  /** The name `next()` will return after `ahead` other calls (for tests that make it taken). */
  peek(ahead = 0): string {
    return this.prefix + (this.counter + ahead).toString(36);
  }
}

// ---- this machine's view of processes (Linux: /proc; elsewhere: signals and the host name) ----

const hash8 = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 8);

/** The fields of /proc/PID/stat from field 3 (the state) on. */
function statFields(stat: string): string[] {
  // The command name (field 2) is in parentheses and may hold spaces and ')': split after the last one.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Field 22 of /proc/PID/stat, the start time in clock ticks since boot, base 36 (null: unreadable). */
function startFromStat(stat: string): string | null {
  const ticks = statFields(stat)[19];
  return ticks !== undefined && /^\d+$/.test(ticks) ? BigInt(ticks).toString(36) : null;
}

/** How /proc/PID/stat says the process stands: a zombie (Z) or dead (X) one writes nothing any more. */
export function stateFromStat(stat: string): ProcessState {
  const state = statFields(stat)[0];
  if (state === 'Z' || state === 'X') return { kind: 'gone' };
  const start = startFromStat(stat);
  return start === null ? { kind: 'unknown' } : { kind: 'running', start };
}

function readIdentity(): ProcessIdentity {
  const pid = process.pid;
  try {
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'latin1').trim();
    const pidNamespace = readlinkSync('/proc/self/ns/pid');
    const start = startFromStat(readFileSync(`/proc/${pid}/stat`, 'latin1'));
    if (start !== null) return { machine: hash8(`${bootId} ${pidNamespace}`), pid, start };
  } catch {
    // Not Linux, or /proc not mounted: the host name stands for the machine.
  }
  return { machine: hash8(`host ${os.hostname()}`), pid, start: '0' };
}

/** This process, as its temporaries' names say it. */
export const HERE: ProcessIdentity = readIdentity();

/** How the process `pid` of this machine stands. */
export async function processState(pid: number): Promise<ProcessState> {
  if (HERE.start !== '0') {
    try {
      return stateFromStat(await readFile(`/proc/${pid}/stat`, 'latin1'));
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? { kind: 'gone' } : { kind: 'unknown' };
    }
  }
  try {
    process.kill(pid, 0);
    return { kind: 'running', start: '0' };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH' ? { kind: 'gone' } : { kind: 'unknown' };
  }
}

/** The names this process gives its temporaries. */
export const tempNames = new TempNames(HERE);
