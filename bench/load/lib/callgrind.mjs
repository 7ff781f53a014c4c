// Counting a server's instructions with valgrind's callgrind: the server runs under
// `valgrind --tool=callgrind`, and `callgrind_control` zeroes its counters before a measured
// load and dumps them after it. An instruction count does not move with what else a shared
// machine runs, where seconds do (bench/RESULTS.md).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const VALGRIND_INSTALL_HINT =
  'valgrind is not installed. On Debian/Ubuntu: apt-get update && apt-get install -y valgrind (as root, or with sudo).';

const DUMP_TIMEOUT_MS = 60_000;

/** valgrind flags for a server whose dumps go to `folder`. JIT code needs the SMC check. */
export function callgrindWrapper(valgrindPath, folder) {
  return [
    valgrindPath,
    '--tool=callgrind',
    '--smc-check=all-non-file',
    '--dump-instr=no',
    '--compress-strings=no',
    `--callgrind-out-file=${join(folder, 'callgrind.%p')}`,
  ];
}

function control(controlPath, pid, flag) {
  const result = spawnSync(controlPath, [flag, String(pid)], { encoding: 'utf8', timeout: DUMP_TIMEOUT_MS });
  if (result.status !== 0) throw new Error(`callgrind_control ${flag} ${pid} failed: ${result.stderr || result.stdout}`);
}

/** Zeroes the server's counters: what follows is measured from here. */
export function zeroCounters(controlPath, pid) {
  control(controlPath, pid, '-z');
}

const dumpsOf = (folder, pid) => readdirSync(folder).filter((name) => name.startsWith(`callgrind.${pid}.`));

/** The `totals:` line of a callgrind dump: instructions executed since the last zero. */
export function totalsOf(text) {
  const match = /^totals:\s+(\d+)/m.exec(text) ?? /^summary:\s+(\d+)/m.exec(text);
  if (match === null) throw new Error('a callgrind dump without a totals line');
  return Number(match[1]);
}

/** Dumps the counters and returns the instructions counted since the last zero. */
export async function dumpInstructions(controlPath, pid, folder) {
  const before = new Set(dumpsOf(folder, pid));
  control(controlPath, pid, '-d');
  const deadline = Date.now() + DUMP_TIMEOUT_MS;
  for (;;) {
    const fresh = dumpsOf(folder, pid).find((name) => !before.has(name));
    if (fresh !== undefined) {
      // The file is written whole before callgrind_control returns; a short wait covers a
      // filesystem that shows the name before the content.
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const text = readFileSync(join(folder, fresh), 'utf8');
        if (/^totals:/m.test(text)) return totalsOf(text);
        await sleep(100);
      }
      throw new Error(`callgrind dump ${fresh} has no totals line`);
    }
    if (Date.now() > deadline) throw new Error(`no callgrind dump from ${pid} within ${DUMP_TIMEOUT_MS / 1000} s`);
    await sleep(50);
  }
}
