// The nginx configuration text: what makes the anchor fair and self-contained.
import { describe, expect, test } from 'vitest';
import { GZIP_LEVEL, nginxConfig, nginxLacks } from './nginx.mjs';

const FULL_BUILD = 'configure arguments: --conf-path=/etc/nginx/nginx.conf --with-http_dav_module --with-http_gzip_static_module';
const config = (extra = {}) => nginxConfig({ work: '/tmp/w', siteRoot: '/tmp/site', port: 4321, build: FULL_BUILD, ...extra });

describe('nginxConfig', () => {
  test('one worker in the foreground, everything it writes in the work folder', () => {
    const text = config();
    expect(text).toMatch(/^daemon off;$/m);
    expect(text).toMatch(/^worker_processes 1;$/m);
    expect(text).toContain('pid /tmp/w/nginx.pid;');
    expect(text).toContain('client_body_temp_path /tmp/w/client_body;');
    // No path of the distribution's defaults (/var/lib/nginx, /run/nginx.pid) may remain.
    expect(text).not.toMatch(/\/var\/|\/run\//);
  });

  test('listens on 127.0.0.1 at the given port and serves the site root, where files/ is', () => {
    const text = config();
    expect(text).toContain('listen 127.0.0.1:4321;');
    expect(text).toContain('root /tmp/site;');
    expect(text).toMatch(/location \/files\/ \{[^}]*autoindex on;/);
  });

  test('the fair static setup: sendfile on, no open_file_cache, no access log, gzip at ferroserve level', () => {
    const text = config();
    expect(text).toContain('sendfile on;');
    expect(text).toContain('open_file_cache off;');
    expect(text).toContain('access_log off;');
    expect(text).toContain(`gzip_comp_level ${GZIP_LEVEL};`);
    expect(GZIP_LEVEL).toBe(6);
    expect(text).toContain('gzip_static on;');
  });

  test('PUT is accepted under /files/uploads/ only', () => {
    const text = config();
    const uploads = /location \/files\/uploads\/ \{([^}]*)\}/.exec(text)?.[1] ?? '';
    expect(uploads).toContain('dav_methods PUT;');
    expect(uploads).toContain('create_full_put_path on;');
    const files = /location \/files\/ \{([^}]*)\}/.exec(text)?.[1] ?? '';
    expect(files).not.toContain('dav_methods');
  });

  test('a build without the modules gets no directive it would refuse', () => {
    const text = config({ build: 'configure arguments: --without-http_uwsgi_module' });
    expect(text).not.toContain('gzip_static');
    expect(text).not.toContain('dav_methods');
    expect(text).not.toContain('uwsgi_temp_path');
    expect(text).toContain('scgi_temp_path /tmp/w/scgi;');
  });

  test('as root, workers stay root (nobody cannot read a 0700 temp folder)', () => {
    expect(config({ runAsRoot: true })).toMatch(/^user root;$/m);
    expect(config({ runAsRoot: false })).not.toMatch(/^user /m);
  });

  test('--workers sets worker_processes', () => {
    expect(config({ workers: 2 })).toMatch(/^worker_processes 2;$/m);
  });
});

describe('nginxLacks', () => {
  test('POST is n/a everywhere; PUT and gzip_static only without their modules', () => {
    expect(Object.keys(nginxLacks(FULL_BUILD))).toEqual(['post']);
    expect(Object.keys(nginxLacks('')).sort()).toEqual(['gzstatic', 'post', 'put1k', 'put1m']);
  });
});
