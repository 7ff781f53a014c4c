// What the soak watches in the server: resident memory (VmRSS in /proc/PID/status) and open
// file descriptors (entries of /proc/PID/fd). Linux only, like the rest of the soak.
import { readdirSync, readFileSync } from 'node:fs';

/** @returns {{rssKiB: number, fds: number}} */
export function sampleProcess(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!rss) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return { rssKiB: Number(rss[1]), fds: readdirSync(`/proc/${pid}/fd`).length };
}
