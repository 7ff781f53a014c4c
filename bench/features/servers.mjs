// The servers in the table, each started on 127.0.0.1 with a fresh port and the fixture mounted
// at `/`, so that one URL means the same file everywhere.
//
// Options: each server gets what a user who wants "a file server for this folder" would pass:
// address, port, quiet logs, plus the switches that turn on a feature it has but keeps off by
// default (sirv's ETag, http-server's precompressed siblings, nginx's gzip). Nothing that changes
// what is served or hidden (dotfiles, clean URLs, listings) is touched: those cells show defaults.
// `options` is printed under the table so every cell can be reproduced.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startProcess, waitForLine, waitForPort } from './processes.mjs';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PEERS_DIR = path.join(REPO_ROOT, 'bench', 'peers');
const PEER_BIN = path.join(PEERS_DIR, 'node_modules', '.bin');
const FASTIFY_HOST = fileURLToPath(new URL('./fastify-host.mjs', import.meta.url));

/** ferroserve's start-up line (test/e2e/server-process.ts reads the same one). */
const FERROSERVE_BANNER = /^ferroserve listening on http:\/\/(.+):(\d+) \(directory: (.+), parser: ([a-z-]+)\)\r?$/m;

/** Starts a peer whose port we choose, then waits until it accepts connections. */
async function startOnPort(command, argsFor) {
  const port = await freePort();
  const proc = startProcess(command, argsFor(port));
  try {
    await waitForPort(port, proc);
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return { port, stop: () => proc.stop() };
}

function peerBin(name) {
  return path.join(PEER_BIN, name);
}

const ferroserve = {
  id: 'ferroserve',
  label: 'ferroserve',
  options: '`node bin/server.js --directory DIR --port 0 --files-mount /` (this checkout\'s build)',
  unavailable() {
    const built = existsSync(path.join(REPO_ROOT, 'dist', 'cli.js'));
    return built ? null : 'not built: run `npm ci && npm run build` first';
  },
  async start(root) {
    const proc = startProcess(process.execPath, [path.join(REPO_ROOT, 'bin', 'server.js'), '--directory', root, '--port', '0', '--files-mount', '/'], {
      cwd: REPO_ROOT,
      // The flags say all; an exported PORT, HOST or parser choice must not change the run.
      env: { PORT: '', HOST: '', FERROSERVE_PARSER: '' },
    });
    try {
      const match = await waitForLine(proc, FERROSERVE_BANNER);
      return { port: Number(match[2]), stop: () => proc.stop() };
    } catch (error) {
      await proc.stop();
      throw error;
    }
  },
};

const httpServer = {
  id: 'http-server',
  label: 'http-server 14.1.1',
  // -g -b: serve .gz/.br siblings (it never compresses on the fly); -s: no request log.
  options: '`http-server DIR -a 127.0.0.1 -p PORT -s -g -b`',
  unavailable: () => null,
  start: (root) => startOnPort(peerBin('http-server'), (port) => [root, '-a', '127.0.0.1', '-p', String(port), '-s', '-g', '-b']),
};

const serve = {
  id: 'serve',
  label: 'serve 14.2.7',
  // Defaults kept: on-the-fly compression and clean URLs (page.html redirects to /page) are on.
  // --no-port-switching: fail instead of listening somewhere we do not look.
  options: '`serve -l tcp://127.0.0.1:PORT -n -L --no-port-switching DIR` (defaults: clean URLs, compression)',
  unavailable: () => null,
  start: (root) => startOnPort(peerBin('serve'), (port) => ['-l', `tcp://127.0.0.1:${port}`, '-n', '-L', '--no-port-switching', root]),
};

const sirv = {
  id: 'sirv',
  label: 'sirv-cli 3.0.1',
  // Production mode (no --dev): what a deployment runs; --dev only rereads the disk per request
  // and sends no-cache. --etag: ETags are off unless asked for. gzip/brotli siblings are on by default.
  options: '`sirv DIR --host 127.0.0.1 --port PORT --quiet --etag` (production mode, no `--dev`)',
  unavailable: () => null,
  start: (root) => startOnPort(peerBin('sirv'), (port) => [root, '--host', '127.0.0.1', '--port', String(port), '--quiet', '--etag']),
};

const fastifyStatic = {
  id: 'fastify-static',
  label: '@fastify/static 10.1.11',
  options: '`fastify 5.12.8` + `@fastify/static` with `{ root: DIR, prefix: "/" }` only (bench/features/fastify-host.mjs)',
  unavailable() {
    try {
      const require = createRequire(path.join(PEERS_DIR, 'package.json'));
      require.resolve('fastify');
      require.resolve('@fastify/static');
      return null;
    } catch {
      return 'fastify or @fastify/static not installed in bench/peers';
    }
  },
  start: (root) => startOnPort(process.execPath, (port) => [FASTIFY_HOST, root, String(port)]),
};

/** `nginx -V` output (nginx prints it on stderr), or null when there is no nginx on PATH. */
function nginxBuild() {
  const run = spawnSync('nginx', ['-V'], { encoding: 'utf8', timeout: 5000 });
  if (run.error) return null;
  return `${run.stdout}${run.stderr}` || null;
}

/** Text types nginx compresses besides text/html (which it always does once gzip is on). */
const NGINX_GZIP_TYPES = 'text/plain text/css text/javascript application/javascript application/json image/svg+xml';

function nginxConfig({ dir, root, port, build }) {
  const has = (flag) => build.includes(flag);
  const mimeTypes = path.join(path.dirname(/--conf-path=(\S+)/.exec(build)?.[1] ?? '/etc/nginx/nginx.conf'), 'mime.types');
  // Temp folders of the modules this build has, kept in our folder: nothing written outside it.
  const temps = ['client_body', ...['proxy', 'fastcgi', 'uwsgi', 'scgi'].filter((m) => !has(`--without-http_${m}_module`))];
  return [
    'daemon off;',
    'master_process off;',
    'worker_processes 1;',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log;`,
    'events { worker_connections 64; }',
    'http {',
    existsSync(mimeTypes) ? `  include ${mimeTypes};` : '',
    '  default_type application/octet-stream;',
    `  access_log ${dir}/access.log;`,
    ...temps.map((m) => `  ${m}_temp_path ${dir}/${m};`),
    '  server {',
    `    listen 127.0.0.1:${port};`,
    `    root ${root};`,
    '    autoindex on;',
    '    etag on;',
    '    gzip on;',
    `    gzip_types ${NGINX_GZIP_TYPES};`,
    '    gzip_vary on;',
    has('--with-http_gzip_static_module') ? '    gzip_static on;' : '',
    '  }',
    '}',
    '',
  ].join('\n');
}

const nginx = {
  id: 'nginx',
  label: 'nginx',
  options: `generated config: \`autoindex on; etag on; gzip on; gzip_types ${NGINX_GZIP_TYPES}; gzip_vary on; gzip_static on\` (when built with it), the distribution's mime.types`,
  unavailable() {
    const build = nginxBuild();
    if (build === null) return 'nginx not on PATH';
    const version = /nginx\/([\d.]+)/.exec(build)?.[1];
    if (version) this.label = `nginx ${version}`;
    return null;
  },
  start(root) {
    // Beside the served tree (fixture.mjs leaves that folder to the server), never inside it.
    const dir = path.join(path.dirname(root), 'nginx');
    mkdirSync(dir, { recursive: true });
    return startOnPort('nginx', (port) => {
      writeFileSync(path.join(dir, 'nginx.conf'), nginxConfig({ dir, root, port, build: nginxBuild() }));
      // -p: prefix for relative paths; -e: the start-up error log before the config is read.
      return ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')];
    });
  },
};

/** The columns, in table order. */
export const SERVERS = [ferroserve, httpServer, serve, sirv, nginx, fastifyStatic];
