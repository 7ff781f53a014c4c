/**
 * What the fault suites share: real file systems made for a test (a small tmpfs, mounted and
 * remounted as root; where mounting is not permitted the suites skip and say why), a server
 * started with its privileges dropped (root ignores permission bits, users' servers do not),
 * the server's open descriptors, and the upload temporaries left in a folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rmdir, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TEMP_PREFIX } from '../../../src/files/upload.js';
import { RawConnection, type RawResponse } from '../raw-client.js';
import type { Transport } from '../server-process.js';

/** Whether a check that needs a system facility can run here; `reason` is printed when it cannot. */
export type Facility = { readonly kind: 'available' } | { readonly kind: 'missing'; readonly reason: string };

function run(command: string, args: readonly string[]): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`.trim();
  return { ok: result.status === 0, output };
}

/** Mounts a tmpfs on `dir` with `options` (`size=1m`); throws with mount's message. */
export function mountTmpfs(dir: string, options: string): void {
  const { ok, output } = run('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  if (!ok) throw new Error(`mount -t tmpfs -o ${options} tmpfs ${dir}: ${output}`);
}

/** Remounts `dir` with `options` (`remount,ro`). */
export function remount(dir: string, options: string): void {
  const { ok, output } = run('mount', ['-o', options, dir]);
  if (!ok) throw new Error(`mount -o ${options} ${dir}: ${output}`);
}

/** Unmounts `dir`; lazily when a descriptor still holds it, so that a failed test never leaves a mount behind. */
export function unmount(dir: string): void {
  if (!run('umount', [dir]).ok) run('umount', ['-l', dir]);
}

/** Tries to mount (and unmount) a tiny tmpfs: the tests run as root, but a container may still forbid it. */
export async function probeMounting(): Promise<Facility> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ferroserve-mount-probe-'));
  try {
    mountTmpfs(dir, 'size=64k');
    unmount(dir);
    return { kind: 'available' };
  } catch (error) {
    return { kind: 'missing', reason: `mounting a tmpfs is not permitted here (${(error as Error).message})` };
  } finally {
    await rmdir(dir).catch(() => undefined);
  }
}

/**
 * Starts a server through `setpriv` with every capability dropped: still uid 0, but permission
 * bits and quotas apply to it as to any user (root ignores both through CAP_DAC_OVERRIDE and
 * CAP_SYS_RESOURCE).
 */
export const WITHOUT_CAPABILITIES: readonly string[] = ['setpriv', '--inh-caps=-all', '--bounding-set=-all', '--'];

export function probeWithoutCapabilities(): Facility {
  const { ok, output } = run(WITHOUT_CAPABILITIES[0], [...WITHOUT_CAPABILITIES.slice(1), 'true']);
  return ok ? { kind: 'available' } : { kind: 'missing', reason: `setpriv cannot drop capabilities here (${output})` };
}

/** Prints why a suite is skipped, once, where the run's output shows it. */
export function announceSkip(suite: string, facility: Facility): boolean {
  if (facility.kind === 'available') return false;
  console.warn(`${suite}: skipped: ${facility.reason}`);
  return true;
}

/** The CLI arguments that pick `transport`'s parser (node-http takes none). */
export function parserArgs(transport: Transport): string[] {
  return transport === 'node-http' ? [] : ['--parser', transport];
}

/** How many descriptors the process `pid` has open. */
export async function openDescriptors(pid: number): Promise<number> {
  return (await readdir(`/proc/${pid}/fd`)).length;
}

/** Upload temporaries anywhere under `dir` (relative paths). */
export async function uploadTemporaries(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((entry) => path.basename(entry).startsWith(TEMP_PREFIX));
}

/** Bytes an unprivileged writer may still use on the file system of `dir`. */
export async function freeBytes(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
}

/** How a request on a connection of its own ended. */
export type Outcome =
  | { readonly kind: 'answered'; readonly response: RawResponse; readonly connection: RawConnection }
  /** Closed or reset before any response byte: the server refused the connection. */
  | { readonly kind: 'refused' };

/**
 * Opens a connection, sends `request` and waits for the whole response head only (the body is
 * left in the kernel's buffers: the client reads no further until told to).
 */
export async function headOnly(port: number, request: Buffer, timeoutMs = 4000): Promise<Outcome> {
  let connection: RawConnection;
  try {
    connection = await RawConnection.open(port);
  } catch {
    return { kind: 'refused' };
  }
  // Reads no further than the first bytes: the rest stays in the kernel's buffers.
  connection.socket.once('data', () => connection.socket.pause());
  try {
    await connection.write(request);
  } catch {
    connection.destroy();
    return { kind: 'refused' };
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const received = connection.all();
    const end = received.indexOf('\r\n\r\n', 0, 'latin1');
    if (end >= 0) {
      return { kind: 'answered', response: headOf(received.subarray(0, end)), connection };
    }
    if (connection.closedByPeer) {
      if (received.length > 0) throw new Error(`closed inside a response head: ${received.toString('latin1')}`);
      connection.destroy();
      return { kind: 'refused' };
    }
    if (Date.now() > deadline) throw new Error(`no response head within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function headOf(head: Buffer): RawResponse {
  const [statusLine, ...lines] = head.toString('latin1').split('\r\n');
  const headers = lines.map((line): [string, string] => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]);
  const valuesOf = (name: string) => headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
  return {
    statusLine,
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: Buffer.alloc(0),
    header: (name) => valuesOf(name)[0],
    headerCount: (name) => valuesOf(name).length,
  };
}
