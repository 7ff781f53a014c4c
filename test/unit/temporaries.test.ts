import { mkdir, mkdtemp, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { SendWatch } from '../../src/connection/timers.js';
import { LiveTemporaries } from '../../src/files/live-temporaries.js';
import { sweepStaleTemporaries } from '../../src/files/stale-temporaries.js';
import {
  FOREIGN_STALE_MS,
  HERE,
  judgeTemp,
  parseTempName,
  type ProcessIdentity,
  type ProcessState,
  processState,
  stateFromStat,
  TempNames,
} from '../../src/files/temp-names.js';

/** "This process" in the tables: machine a1b2c3d4, pid 100, started at tick `k9`. */
const here: ProcessIdentity = { machine: 'a1b2c3d4', pid: 100, start: 'k9' };
const NOW = 1_800_000_000_000;
/** Processes of this machine in the tables: 200 runs since `s1`, 300 since an unknown time; every other pid is gone. */
const stateOf = async (pid: number): Promise<ProcessState> => {
  if (pid === 100) return { kind: 'running', start: 'k9' };
  if (pid === 200) return { kind: 'running', start: 's1' };
  if (pid === 300) return { kind: 'running', start: '0' };
  if (pid === 400) return { kind: 'unknown' };
  return { kind: 'gone' };
};

describe('the temporary-name matcher: only names ferroserve makes', () => {
  test.each<[string, string]>([
    ['.ferroserve-upload-a1b2c3d4-4242-1a2b3c-0', 'current'],
    ['.ferroserve-upload-a1b2c3d4-1-0-zz', 'current'],
    ['.ferroserve-upload-0123456789abcdef-0', 'legacy'],
    ['.ferroserve-upload-0123456789abcdef-1k', 'legacy'],
    // A user's files named like them: never ours.
    ['.ferroserve-upload-', 'foreign-name'],
    ['.ferroserve-upload-notes.txt', 'foreign-name'],
    ['.ferroserve-upload-a1b2c3d4-4242-1a2b3c-0.txt', 'foreign-name'],
    ['.ferroserve-upload-a1b2c3d4-4242-1a2b3c-0 ', 'foreign-name'],
    ['.ferroserve-upload-a1b2c3d4-4242-1a2b3c', 'foreign-name'],
    ['.ferroserve-upload-A1B2C3D4-4242-1a2b3c-0', 'foreign-name'],
    ['.ferroserve-upload-a1b2c3d-4242-1a2b3c-0', 'foreign-name'],
    ['.ferroserve-upload-a1b2c3d4-0042-1a2b3c-0', 'foreign-name'],
    ['.ferroserve-upload-a1b2c3d4-4242-1a2b3c-0-1', 'foreign-name'],
    ['.ferroserve-upload-a1b2c3d4--1-1a2b3c-0', 'foreign-name'],
    ['.ferroserve-upload-0123456789abcdef', 'foreign-name'],
    ['.ferroserve-upload-0123456789abcdeg-0', 'foreign-name'],
    ['.ferroserve-upload-0123456789abcdef-0.bak', 'foreign-name'],
    ['ferroserve-upload-a1b2c3d4-4242-1a2b3c-0', 'foreign-name'],
    ['x.ferroserve-upload-a1b2c3d4-4242-1a2b3c-0', 'foreign-name'],
    ['.Ferroserve-upload-a1b2c3d4-4242-1a2b3c-0', 'foreign-name'],
    ['.ferroserve-upload-a1b2c3d4-4242-1a2b3c-0\n', 'foreign-name'],
    ['report.pdf', 'foreign-name'],
  ])('%j is %s', (name, kind) => {
    expect(parseTempName(name).kind).toBe(kind);
  });

  test('the names this process makes are current ones naming it', () => {
    const names = new TempNames(here);
    const first = names.next();
    expect(first).toBe('.ferroserve-upload-a1b2c3d4-100-k9-0');
    expect(parseTempName(names.next())).toEqual({ kind: 'current', writer: here });
    const real = new TempNames(HERE).next();
    expect(parseTempName(real)).toEqual({ kind: 'current', writer: HERE });
  });
});

describe('stale or live', () => {
  const old = NOW - FOREIGN_STALE_MS - 1;
  const recent = NOW - 1000;
  test.each<[string, string, number, string]>([
    ['a user file', '.ferroserve-upload-notes.txt', old, 'not-ours'],
    ['this process', '.ferroserve-upload-a1b2c3d4-100-k9-3', old, 'live'],
    ['a process of this machine that is gone', '.ferroserve-upload-a1b2c3d4-999-k1-0', recent, 'stale'],
    ['another ferroserve running on the same folder', '.ferroserve-upload-a1b2c3d4-200-s1-0', old, 'live'],
    ['a pid reused by a process that started later', '.ferroserve-upload-a1b2c3d4-200-r7-0', recent, 'stale'],
    ['our pid, an earlier process (reused pid)', '.ferroserve-upload-a1b2c3d4-100-a0-0', recent, 'stale'],
    ['a running pid whose start is unknown', '.ferroserve-upload-a1b2c3d4-300-r7-0', recent, 'live'],
    ['a writer whose start was unknown', '.ferroserve-upload-a1b2c3d4-200-0-0', recent, 'live'],
    ['a pid that cannot be looked at', '.ferroserve-upload-a1b2c3d4-400-r7-0', old, 'live'],
    ['another machine, recent', '.ferroserve-upload-ffffffff-999-k1-0', recent, 'live'],
    ['another machine, untouched for over a day', '.ferroserve-upload-ffffffff-999-k1-0', old, 'stale'],
    ['an earlier version, recent', '.ferroserve-upload-0123456789abcdef-0', recent, 'live'],
    ['an earlier version, untouched for over a day', '.ferroserve-upload-0123456789abcdef-0', old, 'stale'],
  ])('%s: %s', async (_case, name, mtime, verdict) => {
    expect(await judgeTemp(name, mtime, NOW, here, stateOf)).toBe(verdict);
  });

  test('this machine: the test process runs, a finished child is gone', async () => {
    expect(await processState(process.pid)).toEqual({ kind: 'running', start: HERE.start });
    // Pids are not reused at once: one far above pid_max's default is certainly free.
    expect(await processState(4_000_000_000)).toEqual({ kind: 'gone' });
  });
});

describe('/proc/PID/stat', () => {
  // Fields after the command: state, then 18 more, then the start time (field 22) in clock ticks.
  const stat = (command: string, state: string, ticks: string): string =>
    `4242 (${command}) ${state} ${'1 '.repeat(18)}${ticks} 0 0 0\n`;
  test.each<[string, string, ProcessState]>([
    ['running', stat('node', 'S', '123456'), { kind: 'running', start: (123456).toString(36) }],
    ['a command with spaces and parentheses', stat('a) (b c', 'R', '99'), { kind: 'running', start: (99).toString(36) }],
    ['a zombie (killed, not yet reaped)', stat('node', 'Z', '123456'), { kind: 'gone' }],
    ['dead', stat('node', 'X', '123456'), { kind: 'gone' }],
    ['unreadable start', stat('node', 'S', 'x'), { kind: 'unknown' }],
  ])('%s', (_case, text, expected) => {
    expect(stateFromStat(text)).toEqual(expected);
  });
});

describe('the start-up sweep', () => {
  let root = '';
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'ferroserve-sweep-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const stale = '.ferroserve-upload-a1b2c3d4-999-k1-0';
  const live = '.ferroserve-upload-a1b2c3d4-200-s1-0';
  const lookAlikes = ['.ferroserve-upload-notes.txt', '.ferroserve-upload-a1b2c3d4-999-k1-0.txt', 'ferroserve-upload-a1b2c3d4-999-k1-0'];

  async function plant(): Promise<void> {
    for (const folder of ['sub/deeper', '.git', '.well-known', '.cache']) await mkdir(path.join(root, folder), { recursive: true });
    for (const folder of ['', 'sub', 'sub/deeper', '.git', '.well-known', '.cache']) {
      await writeFile(path.join(root, folder, stale), 'stale');
      await writeFile(path.join(root, folder, live), 'live');
      for (const name of lookAlikes) await writeFile(path.join(root, folder, name), 'user');
    }
    // A folder of stale-looking name (never a file of ours), and a symlink to a folder outside.
    await mkdir(path.join(root, 'sub', '.ferroserve-upload-a1b2c3d4-998-k1-0'));
    const outside = path.join(root, '..', `${path.basename(root)}-outside`);
    await mkdir(outside, { recursive: true });
    await writeFile(path.join(outside, stale), 'outside');
    await symlink(outside, path.join(root, 'link-out'));
    await symlink(path.join(outside, stale), path.join(root, 'sub', '.ferroserve-upload-a1b2c3d4-997-k1-0'));
  }

  test.each<[string, boolean, string[]]>([
    ['without --dotfiles: the tree and .well-known/, not other dot-folders', false, ['', 'sub', 'sub/deeper', '.well-known']],
    ['with --dotfiles: every folder', true, ['', 'sub', 'sub/deeper', '.git', '.well-known', '.cache']],
  ])('%s', async (_case, dotfiles, swept) => {
    await plant();
    const outside = path.join(root, '..', `${path.basename(root)}-outside`);
    try {
      const result = await sweepStaleTemporaries(root, { dotfiles, here, stateOf, now: () => NOW });
      expect([...result.removed].sort()).toEqual(swept.map((folder) => path.join(folder, stale)).sort());
      expect(result.truncated).toBe(false);
      for (const folder of ['', 'sub', 'sub/deeper', '.git', '.well-known', '.cache']) {
        const entries = await readdir(path.join(root, folder));
        expect(entries.includes(stale), `${folder}/${stale}`).toBe(!swept.includes(folder));
        expect(entries, `${folder}: the live one and the user's files stay`).toEqual(expect.arrayContaining([live, ...lookAlikes]));
      }
      expect(await readdir(path.join(root, 'sub'))).toEqual(
        expect.arrayContaining(['.ferroserve-upload-a1b2c3d4-998-k1-0', '.ferroserve-upload-a1b2c3d4-997-k1-0']),
      );
      expect(await readdir(outside), 'nothing outside is touched').toEqual([stale]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  test('a stale one of another machine goes only once untouched for over a day', async () => {
    const foreign = '.ferroserve-upload-ffffffff-999-k1-0';
    await writeFile(path.join(root, foreign), 'x');
    await writeFile(path.join(root, `${foreign}1`), 'x');
    const old = new Date(Date.now() - FOREIGN_STALE_MS - 60_000);
    await utimes(path.join(root, `${foreign}1`), old, old);
    const result = await sweepStaleTemporaries(root, { dotfiles: false, here, stateOf });
    expect(result.removed).toEqual([`${foreign}1`]);
    expect(await readdir(root)).toEqual([foreign]);
  });
});

describe('the live temporaries of a process', () => {
  let root = '';
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'ferroserve-live-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('close removes what is listed, waits for a creation in flight, and refuses new ones', async () => {
    const live = new LiveTemporaries();
    const created = path.join(root, 'a');
    const renamed = path.join(root, 'b');
    const inFlight = path.join(root, 'c');
    for (const file of [created, renamed]) {
      expect(live.creating(file)).toBe(true);
      await writeFile(file, 'x');
      live.created(file, true);
    }
    live.gone(renamed); // as if renamed into place: no longer ours to remove
    expect(live.creating(inFlight)).toBe(true);
    const closed = live.close();
    expect(live.creating(path.join(root, 'd')), 'closed: nothing new').toBe(false);
    await writeFile(inFlight, 'x');
    live.created(inFlight, true);
    await closed;
    expect(await readdir(root)).toEqual(['b']);
    expect(live.size).toBe(0);
  });

  test('removeAllSync (the exit hook) removes what is listed', async () => {
    const live = new LiveTemporaries();
    const file = path.join(root, 'a');
    live.creating(file);
    await writeFile(file, 'x');
    live.created(file, true);
    live.removeAllSync();
    expect(await readdir(root)).toEqual([]);
  });
});

describe('the send timeout: progress of the bytes a connection sends', () => {
  // Each row: the backlogs seen by successive sweeps (at t = 0, 100, 200, ...; 'drain' marks a
  // 'drain' event just before that sweep), with a timeout of 250 ms: the sweep that finds a stall.
  test.each<[string, ReadonlyArray<number | 'drain'>, number | null]>([
    ['nothing to send', [0, 0, 0, 0, 0, 0], null],
    ['a backlog that never shrinks', [5, 5, 5, 5, 5], 3],
    ['a backlog that grows without progress', [5, 9, 9, 12, 12], 3],
    ['a backlog that shrinks at every look', [9, 8, 7, 6, 5, 4, 3], null],
    ['stuck, then drained, then stuck again', [5, 5, 5, 'drain', 5, 5, 5, 5], 6],
    ['sent, then a new response stuck', [5, 0, 5, 5, 5, 5], 5],
  ])('%s', (_case, looks, stalledAt) => {
    const watch = new SendWatch();
    let found: number | null = null;
    let sweep = 0;
    for (const look of looks) {
      if (look === 'drain') {
        watch.drained();
        continue;
      }
      if (watch.stalled(look, sweep * 100, 250) && found === null) found = sweep;
      sweep++;
    }
    expect(found).toBe(stalledAt);
  });
});
