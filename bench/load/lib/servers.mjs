// The three servers under test, started as child processes on a free port: ferroserve with the
// native parser, ferroserve with the JS twin, and the node:http anchor.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pinned } from './tools.mjs';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const ferroserveBin = fileURLToPath(new URL('../../../bin/server.js', import.meta.url));
const anchorScript = fileURLToPath(new URL('../anchor-node-http.mjs', import.meta.url));
// Node flags for every server: a full GC on SIGUSR2, used by the idle case (see gc-on-signal.mjs).
const nodeFlags = ['--expose-gc', '--import', new URL('../gc-on-signal.mjs', import.meta.url).href];

export const SERVERS = Object.freeze({
  native: { label: 'ferroserve-native', script: ferroserveBin, extra: ['--parser', 'native'] },
  js: { label: 'ferroserve-js', script: ferroserveBin, extra: ['--parser', 'js'] },
  node: { label: 'node:http', script: anchorScript, extra: [] },
});

export const SERVER_KINDS = Object.keys(SERVERS);

const BANNER = /listening on (http:\/\/\S+)/;
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 8_000;

/**
 * Starts one server and resolves once its banner names the URL it listens on. `wrapper` runs
 * node under another program (valgrind: `[path, ...flags]`), which also needs `startTimeoutMs`.
 * @returns {Promise<{ kind: string, label: string, url: string, pid: number, banner: string, alive: () => boolean, stderrTail: () => string, stop: () => Promise<void> }>}
 */
export function startServer(kind, { folder, workers, plan, wrapper = [], startTimeoutMs = START_TIMEOUT_MS }) {
  const server = SERVERS[kind];
  // folder null: no --directory (cases that do not touch files; see cases.mjs).
  const args = [server.script, '--port', '0', ...(folder === null ? [] : ['--directory', folder]), ...server.extra];
  if (workers > 1) args.push('--workers', String(workers));
  const nodeCommand = [...wrapper, process.execPath, ...nodeFlags, ...args];
  const { command, args: fullArgs } = pinned(plan, plan?.server, nodeCommand[0], nodeCommand.slice(1));
  const child = spawn(command, fullArgs, { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text) => {
    stderr = (stderr + text).slice(-4000);
  });

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    /** @type {'starting' | 'listening' | 'failed'} */
    let phase = 'starting';
    let stdout = '';
    const fail = (why) => {
      if (phase !== 'starting') return;
      phase = 'failed';
      clearTimeout(timer);
      void stop();
      reject(new Error(`${server.label} did not start: ${why}\n  command: ${command} ${fullArgs.join(' ')}\n  stderr: ${stderr.trim() || '(empty)'}`));
    };
    const timer = setTimeout(() => fail(`no banner within ${startTimeoutMs / 1000} s`), startTimeoutMs);
    child.once('error', (error) => fail(error.message));
    exited.then(({ code, signal }) => fail(`exited (${signal ?? `code ${code}`}) before printing its banner`));
    child.stdout.setEncoding('utf8').on('data', (text) => {
      if (phase !== 'starting') return; // keep draining so that the child never blocks on stdout
      stdout += text;
      const line = stdout.split('\n').find((row) => BANNER.test(row));
      if (line === undefined) return;
      phase = 'listening';
      clearTimeout(timer);
      resolve({
        kind,
        label: server.label,
        url: BANNER.exec(line)[1].replace(/\/$/, ''),
        pid: child.pid,
        banner: line.trim(),
        alive: () => child.exitCode === null && child.signalCode === null,
        stderrTail: () => stderr.trim(),
        stop,
      });
    });
  });
}

function childrenOf(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/** A process and all its descendants (cluster workers). */
function processTree(pid) {
  const tree = [];
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop();
    tree.push(current);
    pending.push(...childrenOf(current));
  }
  return tree;
}

/** How many processes a server runs (1, or its cluster primary and workers). */
export function processCount(pid) {
  return processTree(pid).length;
}

/** Resident memory of a server and its workers, in KiB, from /proc. */
export function residentKiB(pid) {
  let total = 0;
  for (const member of processTree(pid)) {
    try {
      const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${member}/status`, 'utf8'));
      if (match) total += Number(match[1]);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Asks a server and its workers for a full garbage collection (gc-on-signal.mjs). */
export function collectGarbage(pid) {
  for (const member of processTree(pid)) {
    try {
      process.kill(member, 'SIGUSR2');
    } catch {
      // gone meanwhile
    }
  }
}

/** Clock ticks per second of /proc/PID/stat's CPU times. */
const TICKS_PER_SECOND = (() => {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return value > 0 ? value : 100;
  } catch {
    return 100; // Linux's USER_HZ everywhere it runs
  }
})();

/**
 * CPU time (user + system) used so far by a server and its workers, in µs, from /proc.
 * Per request, it tells a server that waits (on the disk, on its clients) from one that
 * computes; on a shared machine it varies as much as req/s does when the server's core is
 * saturated, since what varies then is how much work that core does per second
 * (bench/RESULTS.md). Fields 14 and 15 of /proc/PID/stat, counted after the command name,
 * which may hold spaces.
 */
export function cpuMicros(pid) {
  let ticks = 0;
  for (const member of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${member}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[0] is field 3 (state): utime is field 14, stime field 15.
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return (ticks * 1e6) / TICKS_PER_SECOND;
}
