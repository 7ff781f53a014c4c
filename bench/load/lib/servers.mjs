// The servers under test, started as child processes on a free port: ferroserve with the
// native parser, ferroserve with the JS twin, the node:http anchor (these three print a banner
// naming their URL), and for the file cases nginx and the Node peers (external.mjs).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startExternal } from './external.mjs';
import { nginxConfig } from './nginx.mjs';
import { PEERS } from './peers.mjs';
import { pinned } from './tools.mjs';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const ferroserveBin = fileURLToPath(new URL('../../../bin/server.js', import.meta.url));
const anchorScript = fileURLToPath(new URL('../anchor-node-http.mjs', import.meta.url));
// Node flags for every server: a full GC on SIGUSR2, used by the idle case (see gc-on-signal.mjs).
const nodeFlags = ['--expose-gc', '--import', new URL('../gc-on-signal.mjs', import.meta.url).href];

// family: 'node' servers run every case; 'nginx' and 'peer' serve files only, so they start for
// the file cases alone. `lacks`: cases a server has no feature for, reported n/a, never measured.
const ANCHOR_LACKS = 'the node:http anchor implements issue 4\'s routes only';
export const SERVERS = Object.freeze({
  native: { family: 'node', label: 'ferroserve-native', script: ferroserveBin, extra: ['--parser', 'native'], lacks: {} },
  js: { family: 'node', label: 'ferroserve-js', script: ferroserveBin, extra: ['--parser', 'js'], lacks: {} },
  node: {
    family: 'node',
    label: 'node:http',
    script: anchorScript,
    extra: [],
    lacks: Object.fromEntries(['mid', 'range', 'gzstatic', 'gzfly', 'put1k', 'put1m', 'listing'].map((name) => [name, ANCHOR_LACKS])),
  },
  nginx: { family: 'nginx', label: 'nginx', lacks: {} },
  ...Object.fromEntries(Object.entries(PEERS).map(([kind, peer]) => [kind, { family: 'peer', ...peer }])),
});

export const SERVER_KINDS = Object.keys(SERVERS);
/** The servers with ferroserve's routes (/, /echo, /user-agent, pipelining): bench:instructions' set. */
export const NODE_KINDS = SERVER_KINDS.filter((kind) => SERVERS[kind].family === 'node');
/** Peers "users pick" (issue 12): the node:http anchor is a baseline of this repo, not one of them. */
export const PEER_SERVER_KINDS = SERVER_KINDS.filter((kind) => SERVERS[kind].family === 'peer');

const BANNER = /listening on (http:\/\/\S+)/;
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 8_000;

/**
 * Starts one server and resolves once its banner names the URL it listens on. `wrapper` runs
 * node under another program (valgrind: `[path, ...flags]`), which also needs `startTimeoutMs`.
 * @returns {Promise<{ kind: string, label: string, url: string, pid: number, banner: string, alive: () => boolean, stderrTail: () => string, stop: () => Promise<void> }>}
 */
export function startServer(kind, { folder, workers, plan, wrapper = [], startTimeoutMs = START_TIMEOUT_MS, site }) {
  const server = SERVERS[kind];
  if (server.family === 'nginx') return startNginx({ site, workers, plan });
  if (server.family === 'peer') {
    return startExternal({ kind, label: server.label, plan, command: process.execPath, argsFor: (port) => peerArgs(server, site.siteRoot, port) });
  }
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

// Peers run as `node BIN ...` (not the bin's shebang), so the pid measured is node's itself.
function peerArgs(peer, root, port) {
  const [command, args] = peer.command(root, port);
  return command === process.execPath ? args : [command, ...args];
}

/** nginx with a config written into the run's work folder (site = { siteRoot, work, nginx }). */
function startNginx({ site, workers, plan }) {
  const work = join(site.work, 'nginx');
  mkdirSync(work, { recursive: true });
  const configPath = join(work, 'nginx.conf');
  const runAsRoot = process.getuid?.() === 0;
  return startExternal({
    kind: 'nginx',
    label: SERVERS.nginx.label,
    plan,
    command: site.nginx.path,
    argsFor: (port) => {
      // Written here, once the port is known; nginx reads it at start.
      writeFileSync(configPath, nginxConfig({ work, siteRoot: site.siteRoot, port, workers, build: site.nginx.build, runAsRoot }));
      return ['-p', `${work}/`, '-c', configPath, '-e', join(work, 'error.log')];
    },
  });
}
