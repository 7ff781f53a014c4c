// Child processes of the probe: started in their own process group, remembered, and killed
// (the whole group, by id) when the probe ends, whether it ends well, by an error or by its
// deadline. Also waiting for a server to accept connections.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { accepts } from '../ports.mjs';

export { freePort } from '../ports.mjs';

const live = new Set();

/** Kills every child still running. Safe to call more than once. */
export function killAll() {
  for (const child of live) killGroup(child, 'SIGKILL');
  live.clear();
}
process.once('exit', killAll);

const onAbort = new Set();

/** Also runs `fn` (synchronous: removing a temp folder) if the run is cut short; returns a function that forgets it. */
export function alsoOnAbort(fn) {
  onAbort.add(fn);
  return () => onAbort.delete(fn);
}

/** Ends the run at once: children killed, abort work done, exit with `code`. */
export function abort(code) {
  killAll();
  for (const fn of onAbort) {
    try {
      fn();
    } catch {
      // Best effort: the exit must still happen.
    }
  }
  process.exit(code);
}

// The children sit in groups of their own, so a Ctrl-C at the terminal does not reach them, and
// Node's default for these signals exits without the 'exit' event: clean up here, then exit as
// the signal would have.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.once(signal, () => abort(code));
}

function killGroup(child, signal) {
  try {
    // Negative pid: the child's group, so a wrapper (npx-style bin script, a shell) takes its server with it.
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Starts `command args` detached into its own group; stdout and stderr are kept (last 64 KiB)
 * for error reports. `stop()` sends SIGTERM, then SIGKILL after 2 s.
 */
export function startProcess(command, args, { cwd, env } = {}) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  live.add(child);
  let output = '';
  const keep = (chunk) => (output = (output + chunk).slice(-65536));
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.once('error', (error) => keep(`\n[spawn error] ${error.message}\n`));
  exited.then(() => live.delete(child));
  return {
    child,
    exited,
    output: () => output,
    async stop() {
      if (!live.has(child)) return;
      killGroup(child, 'SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(2000).then(() => false)]);
      if (!done) killGroup(child, 'SIGKILL');
      await exited;
    },
  };
}

/** Waits until 127.0.0.1:port accepts a connection; throws after `timeoutMs` or if the process exits. */
export async function waitForPort(port, proc, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  proc.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`exited before listening on ${port}:\n${proc.output()}`);
    if (await accepts(port)) return;
    await sleep(100);
  }
  throw new Error(`not listening on ${port} after ${timeoutMs} ms:\n${proc.output()}`);
}

/** Waits for the first stdout line matching `pattern`; resolves with the match. */
export function waitForLine(proc, pattern, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => done(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${proc.output()}`)), timeoutMs);
    const onData = (chunk) => {
      seen += chunk;
      const match = pattern.exec(seen);
      if (match) done(null, match);
    };
    const done = (error, match) => {
      clearTimeout(timer);
      proc.child.stdout.off('data', onData);
      if (error) reject(error);
      else resolve(match);
    };
    proc.child.stdout.on('data', onData);
    proc.exited.then(() => done(new Error(`exited before printing ${pattern}:\n${proc.output()}`)));
  });
}
