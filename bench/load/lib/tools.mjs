// The machine the benchmark runs on: which tools exist, how many cores, which core runs what.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { availableParallelism, cpus, release } from 'node:os';
import { delimiter, join } from 'node:path';

export function findExecutable(name) {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (folder === '') continue;
    try {
      accessSync(join(folder, name), constants.X_OK);
      return join(folder, name);
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

export const WRK_INSTALL_HINT =
  'wrk is not installed. On Debian/Ubuntu: apt-get update && apt-get install -y wrk (as root, or with sudo); ' +
  'on macOS: brew install wrk.';

export function wrkVersion(wrkPath) {
  // `wrk -v` prints its version, then its usage, and exits 1.
  const result = spawnSync(wrkPath, ['-v'], { encoding: 'utf8' });
  return (result.stdout ?? '').split('\n')[0].replace(/\s*Copyright.*$/, '').trim();
}

/** Soft limit on open files of this process (each idle connection holds one). */
export function openFilesLimit() {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((row) => row.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft === 'unlimited' ? Infinity : Number(soft);
  } catch {
    return undefined;
  }
}

/**
 * Which CPUs run what. With taskset and at least two cores: a one-process server on core 0,
 * wrk and this runner on core 1. A multi-process server (--workers > 1) may use every core,
 * so there the load generator competes with it — said in the report's notes.
 * @returns {{ taskset: string, server: string, load: string } | undefined}
 */
export function pinningPlan(workers) {
  const taskset = findExecutable('taskset');
  const cores = availableParallelism();
  if (taskset === undefined || cores < 2) return undefined;
  return { taskset, server: workers > 1 ? `0-${cores - 1}` : '0', load: '1' };
}

/** Pins this process (all its threads) to `cpuList`; children inherit it unless re-pinned. */
export function pinSelf(plan) {
  const result = spawnSync(plan.taskset, ['-a', '-p', '-c', plan.load, String(process.pid)], { encoding: 'utf8' });
  return result.status === 0;
}

/** Prefixes a command with `taskset -c LIST` when a plan exists. */
export function pinned(plan, cpuList, command, args) {
  if (plan === undefined) return { command, args };
  return { command: plan.taskset, args: ['-c', cpuList, command, ...args] };
}

export function machine(wrkPath) {
  const cpu = cpus()[0];
  return {
    cpuModel: cpu?.model ?? 'unknown',
    cores: availableParallelism(),
    kernel: release(),
    node: process.version,
    wrk: wrkPath === undefined ? undefined : wrkVersion(wrkPath),
  };
}
