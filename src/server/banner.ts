/**
 * The URLs the start banner shows: the ones that really reach the server. Bound to a single
 * address, that address. Bound to every address (`0.0.0.0`, `::`), the loopback URL first (what
 * works on this machine), then one per non-internal IPv4 address of the machine's interfaces
 * (what works from the LAN); never `0.0.0.0`, which is not an address a browser can reach.
 */
import type { NetworkInterfaceInfo } from 'node:os';
import type { ServerOptions } from '../options.js';

const ANY_ADDRESSES = new Set(['0.0.0.0', '::', '::0', '0:0:0:0:0:0:0:0']);

export function urlHost(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

/** Whether `host` only takes connections from this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::ffff:127.0.0.1';
}

/** The URLs to show for a server bound to `address`:`port`, the one that works locally first. */
export function bannerLines(
  scheme: 'http' | 'https',
  address: string,
  port: number,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
): string[] {
  if (!ANY_ADDRESSES.has(address)) return [`${scheme}://${urlHost(address)}:${port}`];
  const loopback = address === '0.0.0.0' ? '127.0.0.1' : '[::1]';
  const network = Object.values(interfaces)
    .flatMap((infos) => infos ?? [])
    .filter((info) => info.family === 'IPv4' && !info.internal)
    .map((info) => `${scheme}://${info.address}:${port}`);
  return [`${scheme}://${loopback}:${port}`, ...new Set(network)];
}

/**
 * The warning for a server that takes uploads from the network without credentials (a host
 * other than loopback, a directory, no --read-only, no --auth), or null.
 */
export function openWritesWarning(options: Pick<ServerOptions, 'host' | 'directory' | 'readOnly' | 'auth' | 'authFile'>): string | null {
  if (options.directory === null || options.readOnly || isLoopback(options.host)) return null;
  if (options.auth !== null || options.authFile !== null) return null;
  return `listening on ${options.host} with uploads allowed and no --auth: anyone who can reach it can write files (add --auth user:password, or --read-only)`;
}
