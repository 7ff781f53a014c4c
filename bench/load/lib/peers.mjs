// The Node file servers users pick instead (issue 12), pinned in bench/peers/package.json and
// installed there on first use, never into the product's dependencies. Each starts with the
// flags closest to a fair file-server setup: quiet, precompressed siblings and compression where
// the server has them, ETags where they are optional. bench/RESULTS.md lists the flags.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const peersFolder = fileURLToPath(new URL('../../peers/', import.meta.url));
const bin = (name) => `${peersFolder}node_modules/.bin/${name}`;
const fastifyHost = fileURLToPath(new URL('../fastify-host.mjs', import.meta.url));

// No peer stores an upload (bench/features' table: PUT and POST get 404 or 405 from all four).
const READ_ONLY = {
  post: 'read-only server: no uploads',
  put1k: 'read-only server: no uploads',
  put1m: 'read-only server: no uploads',
};

export const PEERS = Object.freeze({
  'http-server': {
    label: 'http-server 14.1.1',
    // -g -b: send .gz/.br siblings; -s: no request log. It has no on-the-fly compression.
    flags: '-a 127.0.0.1 -p PORT -s -g -b',
    command: (root, port) => [bin('http-server'), [root, '-a', '127.0.0.1', '-p', String(port), '-s', '-g', '-b']],
    lacks: { ...READ_ONLY, gzfly: 'no on-the-fly compression (it only sends .gz siblings)' },
  },
  serve: {
    label: 'serve 14.2.7',
    // Its defaults compress on the fly and send ETags; -L: no request log; -n: no clipboard.
    flags: '-l tcp://127.0.0.1:PORT -n -L --no-port-switching',
    command: (root, port) => [bin('serve'), ['-l', `tcp://127.0.0.1:${port}`, '-n', '-L', '--no-port-switching', root]],
    lacks: { ...READ_ONLY },
  },
  sirv: {
    label: 'sirv-cli 3.0.1',
    // Production mode (no --dev); --etag (off by default); .gz/.br siblings are on by default.
    flags: '--host 127.0.0.1 --port PORT --quiet --etag',
    command: (root, port) => [bin('sirv'), [root, '--host', '127.0.0.1', '--port', String(port), '--quiet', '--etag']],
    lacks: { ...READ_ONLY, gzfly: 'no on-the-fly compression (it only sends .gz/.br siblings)', listing: 'no folder listings' },
  },
  fastify: {
    label: '@fastify/static 10.1.11',
    flags: 'fastify 5.12.8 + @fastify/static { root, prefix: "/", preCompressed: true } (bench/load/fastify-host.mjs)',
    command: (root, port) => [process.execPath, [fastifyHost, root, String(port)]],
    lacks: { ...READ_ONLY, gzfly: 'no on-the-fly compression without @fastify/compress', listing: 'listings off by default (`list` wants a renderer)' },
  },
});

export const PEER_KINDS = Object.keys(PEERS);

const installed = () =>
  ['http-server', 'serve', 'sirv'].every((name) => existsSync(bin(name))) &&
  existsSync(`${peersFolder}node_modules/fastify/package.json`) &&
  existsSync(`${peersFolder}node_modules/@fastify/static/package.json`);

/**
 * Installs the pinned peers into bench/peers/node_modules when they are missing (`npm ci`, from
 * the lock file). Returns undefined when they are there, else why they are not.
 */
export function ensurePeers(log) {
  if (installed()) return undefined;
  log('bench:load: installing the Node peers into bench/peers/node_modules (npm ci, once)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['ci', '--prefix', peersFolder, '--no-audit', '--no-fund', '--silent'], { encoding: 'utf8', timeout: 300_000 });
  if (run.status === 0 && installed()) return undefined;
  return `npm ci --prefix bench/peers failed (${run.error?.message ?? `exit ${run.status}`}): ${(run.stderr ?? '').trim().split('\n').slice(-3).join(' ')}`;
}
