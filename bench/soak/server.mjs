// The one ferroserve process under soak: the real CLI on a temporary folder holding a 1 KiB and
// a 1 MiB file, with deletes allowed so that uploads can be removed and the disk stays bounded.
// Whatever is started here is killed and removed on exit, however the run ends.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BANNER = /^ferroserve listening on http:\/\/127\.0\.0\.1:(\d+) /;

export const SMALL = Buffer.from('ferroserve soak, a small file.\n'.repeat(34).slice(0, 1024));
export const BIG = randomBytes(1024 * 1024);

/** @returns {Promise<{pid: number, port: number, directory: string, stop(): void}>} */
export function startServer(parser) {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'ferroserve-soak-'));
  writeFileSync(path.join(directory, 'small.txt'), SMALL);
  writeFileSync(path.join(directory, 'big.bin'), BIG);
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'server.js'), '--port', '0', '--parser', parser, '--directory', directory, '--allow-delete'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    child.kill('SIGKILL');
    rmSync(directory, { recursive: true, force: true });
  };
  process.once('exit', stop);
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => fail(new Error('no banner within 10 s')), 10_000);
    const fail = (error) => {
      clearTimeout(timer);
      stop();
      reject(error);
    };
    child.once('exit', (code, signal) => {
      if (!stopped) fail(new Error(`the server exited (code ${code}, signal ${signal})`));
    });
    child.stdout.setEncoding('utf8').on('data', (text) => {
      stdout += text;
      const line = stdout.split('\n')[0];
      if (!stdout.includes('\n')) return;
      clearTimeout(timer);
      const match = BANNER.exec(line);
      if (!match) return fail(new Error(`unexpected first line: ${JSON.stringify(line)}`));
      resolve({ pid: child.pid, port: Number(match[1]), directory, stop, child });
    });
  });
}
