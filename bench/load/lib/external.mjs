// Servers that print no banner we can read (nginx, the Node peers): started on a port picked by
// binding port 0, pinned like ferroserve, and ready once that port accepts a connection. The
// object they resolve to has the shape servers.mjs's startServer gives, so the runner treats
// every server alike.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { accepts, freePort } from '../../ports.mjs';
import { pinned } from './tools.mjs';

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 8_000;
const POLL_MS = 100;

/**
 * Starts `command args` (args made by `argsFor(port)`), pinned to the servers' CPU.
 * @returns {Promise<{ kind, label, url, pid, banner, alive, stderrTail, stop }>}
 */
export async function startExternal({ kind, label, command, argsFor, plan, cwd, env }) {
  const port = await freePort();
  const args = argsFor(port);
  const { command: fullCommand, args: fullArgs } = pinned(plan, plan?.server, command, args);
  const child = spawn(fullCommand, fullArgs, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (text) => (output = (output + text).slice(-4000));
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  child.once('error', (error) => keep(`\n[spawn error] ${error.message}`));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    if (!alive()) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await accepts(port))) {
    if (!alive() || Date.now() > deadline) {
      await stop();
      throw new Error(`${label} did not start on port ${port}: ${alive() ? 'timed out' : 'exited'}\n  command: ${fullCommand} ${fullArgs.join(' ')}\n  output: ${output.trim() || '(empty)'}`);
    }
    await sleep(POLL_MS);
  }
  return {
    kind,
    label,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    banner: `${label} on http://127.0.0.1:${port}: ${command} ${args.join(' ')}`,
    alive,
    stderrTail: () => output.trim(),
    stop,
  };
}
