// nginx as the anchor to beat: the configuration a careful operator writes for a static file
// tree, one worker, serving the same folder at the same URLs as ferroserve (fixtures.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** `nginx -V` (printed on stderr), or undefined when nginx cannot run here. */
export function nginxBuild(nginxPath) {
  const run = spawnSync(nginxPath, ['-V'], { encoding: 'utf8', timeout: 5000 });
  if (run.error !== undefined || run.status !== 0) return undefined;
  return `${run.stdout}${run.stderr}`;
}

// zlib's default level, the one ferroserve's gzip uses (node:zlib createGzip()/gzip() without options).
export const GZIP_LEVEL = 6;
// ferroserve compresses text of 1 KiB or more; nginx's own default is 20 bytes.
export const GZIP_MIN_LENGTH = 1024;
// Larger than the largest upload case (1 MiB), with room for a multipart's framing if one comes.
export const MAX_BODY = '2m';

/**
 * The configuration text. `work` holds everything nginx writes (pid, logs, temp files); `siteRoot`
 * is the folder whose files/ subfolder ferroserve serves, so `root siteRoot` gives nginx
 * /files/NAME at the same URL. Pure: tested in nginx.test.mjs.
 */
export function nginxConfig({ work, siteRoot, port, workers = 1, build = '', runAsRoot = false }) {
  const has = (flag) => build.includes(flag);
  const mimeTypes = join(dirname(/--conf-path=(\S+)/.exec(build)?.[1] ?? '/etc/nginx/nginx.conf'), 'mime.types');
  // Temp paths of every module this build has, all in `work`: nothing written to /var/lib/nginx.
  const temps = ['proxy', 'fastcgi', 'uwsgi', 'scgi'].filter((module) => !has(`--without-http_${module}_module`));
  return [
    'daemon off;',
    // As root, workers would drop to `nobody`, which cannot read a 0700 temporary folder.
    runAsRoot ? 'user root;' : '',
    `worker_processes ${workers};`,
    `pid ${work}/nginx.pid;`,
    `error_log ${work}/error.log warn;`,
    'events { worker_connections 4096; }',
    'http {',
    existsSync(mimeTypes) ? `  include ${mimeTypes};` : '  types { text/plain txt; text/html html; }',
    '  default_type application/octet-stream;',
    '  access_log off;',
    '  sendfile on;',
    '  open_file_cache off;',
    `  client_body_temp_path ${work}/client_body;`,
    ...temps.map((module) => `  ${module}_temp_path ${work}/${module};`),
    `  client_max_body_size ${MAX_BODY};`,
    '  server {',
    `    listen 127.0.0.1:${port};`,
    `    root ${siteRoot};`,
    '    location /files/ {',
    '      autoindex on;',
    has('--with-http_gzip_static_module') ? '      gzip_static on;' : '',
    '      gzip on;',
    '      gzip_types text/plain text/css text/javascript application/javascript application/json image/svg+xml;',
    `      gzip_comp_level ${GZIP_LEVEL};`,
    `      gzip_min_length ${GZIP_MIN_LENGTH};`,
    '      gzip_vary on;',
    '    }',
    '    location /files/uploads/ {',
    has('--with-http_dav_module') ? '      dav_methods PUT;\n      create_full_put_path on;' : '',
    '    }',
    '  }',
    '}',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/** Which cases this nginx build cannot answer, with why (reported n/a). */
export function nginxLacks(build) {
  const lacks = {
    // nginx stores a body with DAV PUT only; POST to a static location is 405.
    post: 'nginx stores uploads with DAV PUT only (the put cases)',
  };
  if (!build.includes('--with-http_dav_module')) {
    lacks.put1k = 'nginx built without http_dav_module';
    lacks.put1m = lacks.put1k;
  }
  if (!build.includes('--with-http_gzip_static_module')) lacks.gzstatic = 'nginx built without http_gzip_static_module';
  return lacks;
}
