// One wrk run, read from the JSON line that lua/report.lua prints in wrk's done() hook.
import { spawn } from 'node:child_process';
import { pinned } from './tools.mjs';

const MARKER = '@@ferroserve-bench ';
// A response slower than this counts as a wrk timeout error (wrk's default is 2 s as well).
const TIMEOUT = '2s';

/**
 * @returns {Promise<{ requests: number, seconds: number, rps: number, p50Us: number, p99Us: number,
 *   latencyUs: object, errors: { connect: number, read: number, write: number, timeout: number, status: number, noResponse?: number },
 *   errorCount: number }>}
 */
export function runWrk({ wrkPath, plan, url, testCase, seconds, connections, headers = testCase.headers }) {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, `--timeout`, TIMEOUT, '-s', testCase.script];
  for (const header of headers) args.push('-H', header);
  args.push(url + testCase.path);
  // wrk hands what follows `--` to the script's init(args) (put.lua: body size, name prefix).
  if (testCase.scriptArgs !== undefined) args.push('--', ...testCase.scriptArgs);
  const { command, args: fullArgs } = pinned(plan, plan?.load, wrkPath, args);
  return new Promise((resolve, reject) => {
    const child = spawn(command, fullArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text));
    child.once('error', reject);
    child.once('close', (code) => {
      const line = stdout.split('\n').find((row) => row.startsWith(MARKER));
      if (code !== 0 || line === undefined) {
        reject(new Error(`wrk failed (exit ${code}): ${command} ${fullArgs.join(' ')}\n${stderr}${stdout}`));
        return;
      }
      const raw = JSON.parse(line.slice(MARKER.length));
      const seconds = raw.durationUs / 1e6;
      // A server too slow to answer once in the whole run (a 1,000-entry listing on a slow peer)
      // reads as 0 req/s with no wrk error: count it as one, so that it is never mistaken for a result.
      if (raw.requests === 0) raw.errors.noResponse = 1;
      const errorCount = Object.values(raw.errors).reduce((sum, count) => sum + count, 0);
      resolve({
        requests: raw.requests,
        seconds,
        rps: raw.requests / seconds,
        p50Us: raw.latencyUs.p50,
        p99Us: raw.latencyUs.p99,
        latencyUs: raw.latencyUs,
        errors: raw.errors,
        errorCount,
      });
    });
  });
}
