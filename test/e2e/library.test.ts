/**
 * The library entry (src/index.ts): createServer as the CLI runs it, createHandler inside a
 * node:http server in this process (with and without `next`), option checks, and the package's
 * `exports` as a user's `import 'ferroserve'` resolves them.
 */
import { spawnSync } from 'node:child_process';
import http, { type Server } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHandler, createServer, StartupError, UsageError } from '../../src/index.js';
import { REPO_ROOT } from './harness.js';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ferroserve-library-'));
  await writeFile(path.join(root, 'hello.txt'), 'hello library');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('createServer', () => {
  test('the command options by their API names: readOnly, cors, auth, a json access log written by close()', async () => {
    const logFile = path.join(root, 'access.log');
    const server = createServer({ directory: root, port: 0, host: '127.0.0.1', readOnly: true, cors: true, auth: 'lib:pw', log: 'json', logFile });
    const { port } = await server.listen();
    const authorization = `Basic ${Buffer.from('lib:pw').toString('base64')}`;
    try {
      const got = await fetch(`http://127.0.0.1:${port}/files/hello.txt`, { headers: { authorization } });
      expect(got.status).toBe(200);
      expect(got.headers.get('access-control-allow-origin')).toBe('*');
      await got.arrayBuffer();
      const put = await fetch(`http://127.0.0.1:${port}/files/x.txt`, { method: 'PUT', body: 'x', headers: { authorization } });
      expect(put.status).toBe(405);
      expect((await fetch(`http://127.0.0.1:${port}/files/hello.txt`)).status).toBe(401);
    } finally {
      await server.close(100);
    }
    const lines = (await readFile(logFile, 'utf8')).split('\n').filter((line) => line !== '');
    expect(lines.map((line) => (JSON.parse(line) as { status: number }).status)).toEqual([200, 405, 401]);
  });

  test('listens on port 0, serves and stores files, closes', async () => {
    const server = createServer({ directory: root, port: 0, parser: 'js' });
    const { port } = await server.listen();
    try {
      expect(server.parser).toBe('js');
      const got = await fetch(`http://127.0.0.1:${port}/files/hello.txt`);
      expect(got.status).toBe(200);
      expect(await got.text()).toBe('hello library');
      const put = await fetch(`http://127.0.0.1:${port}/files/put.txt`, { method: 'PUT', body: 'stored' });
      expect(put.status).toBe(201);
      expect(await readFile(path.join(root, 'put.txt'), 'utf8')).toBe('stored');
    } finally {
      await server.close(100);
    }
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });

  test('mounts the files at another prefix', async () => {
    const server = createServer({ directory: root, port: 0, filesMount: '/static/' });
    const { port } = await server.listen();
    try {
      expect((await fetch(`http://127.0.0.1:${port}/static/hello.txt`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/files/hello.txt`)).status).toBe(404);
    } finally {
      await server.close(100);
    }
  });

  // Options are made inside the test: `root` exists only once beforeAll ran.
  test.each<[string, () => Record<string, unknown>, typeof Error, RegExp]>([
    ['a bad port', () => ({ port: 70000 }), UsageError, /^port must be a port number/],
    ['a bad byte count', () => ({ maxBody: '1.5m' }), UsageError, /^maxBody must be a number of bytes/],
    ['an unknown option', () => ({ dir: root }), UsageError, /^unknown option "dir"/],
    ['a missing directory', () => ({ directory: path.join(root, 'missing') }), StartupError, /^directory not found: /],
    ['a file as directory', () => ({ directory: path.join(root, 'hello.txt') }), StartupError, /^not a directory: /],
  ])('%s throws one clear error', (_name, options, kind, message) => {
    expect(() => createServer(options() as never)).toThrow(kind);
    expect(() => createServer(options() as never)).toThrow(message);
  });
});

describe('createHandler inside node:http', () => {
  let server: Server;
  let base = '';
  const passedOn: string[] = [];
  beforeAll(async () => {
    const handler = createHandler({ directory: root, filesMount: '/files/' });
    server = http.createServer((req, res) => {
      if (req.url?.startsWith('/express/')) {
        // Express-style: unmatched paths go to next().
        handler(req, res, () => {
          passedOn.push(req.url!);
          res.writeHead(418).end('from the app');
        });
      } else handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test.each<[string, string, RequestInit, number, string | null]>([
    ['a file', '/files/hello.txt', {}, 200, 'hello library'],
    ['echo', '/echo/abc', { headers: { 'accept-encoding': 'identity' } }, 200, 'abc'],
    ['a missing file', '/files/missing.txt', {}, 404, ''],
    ['a dotfile', '/files/.env', {}, 404, ''],
    ['an encoded slash in a name', '/files/a%2fb', {}, 400, ''],
    ['an unknown path without next', '/nope', {}, 404, ''],
    ['405 with Allow', '/echo/x', { method: 'POST', body: 'x' }, 405, ''],
  ])('%s', async (_name, target, init, status, body) => {
    const response = await fetch(base + target, init);
    expect(response.status).toBe(status);
    if (body !== null) expect(await response.text()).toBe(body);
  });

  test('OPTIONS on a file route: 204 with Allow and no Content-Length', async () => {
    const response = await fetch(`${base}/files/hello.txt`, { method: 'OPTIONS' });
    expect(response.status).toBe(204);
    expect(response.headers.get('allow')).toBe('GET, HEAD, POST, PUT, OPTIONS');
    expect(response.headers.get('content-length')).toBeNull();
  });

  test('PUT replacing a file: 204 without Content-Length; the file replaced', async () => {
    await writeFile(path.join(root, 'replace.txt'), 'old');
    const response = await fetch(`${base}/files/replace.txt`, { method: 'PUT', body: 'new contents' });
    expect(response.status).toBe(204);
    expect(response.headers.get('content-length')).toBeNull();
    expect(await readFile(path.join(root, 'replace.txt'), 'utf8')).toBe('new contents');
  });

  test('a path no route matches goes to next()', async () => {
    const response = await fetch(`${base}/express/page`);
    expect(response.status).toBe(418);
    expect(await response.text()).toBe('from the app');
    expect(passedOn).toEqual(['/express/page']);
  });
});

test("the package's exports: `import 'ferroserve'` gives createServer and createHandler", () => {
  const probe = "import('ferroserve').then((m) => console.log(typeof m.createServer, typeof m.createHandler))";
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.stdout.trim()).toBe('function function');
});
