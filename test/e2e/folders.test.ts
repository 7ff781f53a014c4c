/**
 * Folders over raw sockets, once per transport: redirects to the trailing slash, index.html,
 * HTML and JSON listings of the hostile-name fixture (escaping, per-segment percent-encoding,
 * natural order, folders first, nothing hidden or outside listed), the front page `/`, and the
 * options that change them (`--dotfiles`, `--files-mount /`).
 */
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { TRANSPORTS, buildRequest, expectFramed, send, serveFixture, type RawResponse } from './harness.js';

const get = (target: string, headers: [string, string][] = []) => buildRequest({ target, headers });
const json = (target: string) => get(target, [['Accept', 'application/json']]);

interface JsonEntry {
  name: string;
  kind: 'file' | 'folder';
  size: number | null;
  mtime: string;
  link: string;
}
const entriesOf = (response: RawResponse): JsonEntry[] => (JSON.parse(response.body.toString('utf8')) as { entries: JsonEntry[] }).entries;
const hrefs = (html: string): string[] => [...html.matchAll(/<a href="([^"]*)"/g)].map((match) => match[1]);

/** [target, status, Location]: what a folder URL answers before any listing is read. */
const FOLDER_URLS: readonly [string, number, string | undefined][] = [
  ['/files/sub', 301, '/files/sub/'],
  ['/files/sub?sort=name', 301, '/files/sub/?sort=name'],
  ['/files/numbers/a%20b', 301, '/files/numbers/a%20b/'],
  ['/files', 301, '/files/'],
  ['/files/link-sub', 301, '/files/link-sub/'],
  ['/files/link-outside-dir', 404, undefined],
  ['/files/link-outside-dir/', 404, undefined],
  ['/files/missing/', 404, undefined],
  ['/files/hello.txt/', 404, undefined],
  ['/files/.git/', 404, undefined],
  ['/files/.git', 404, undefined],
  ['/files/.git/config', 404, undefined],
  ['/files/sub//', 400, undefined],
  ['/files/sub/../', 400, undefined],
];

describe.each(TRANSPORTS)('folders (%s)', (transport) => {
  const suite = serveFixture(transport);

  test.each(FOLDER_URLS)('GET %s -> %i', async (target, status, location) => {
    const response = await send(suite.port, get(target));
    expect(response.status).toBe(status);
    expect(response.header('location')).toBe(location);
    expectFramed(response);
  });

  test('a folder with index.html answers it, as the file itself would be', async () => {
    const [folder, file] = [await send(suite.port, get('/files/site/')), await send(suite.port, get('/files/site/index.html'))];
    expect(folder.status).toBe(200);
    expect(folder.header('content-type')).toBe('text/html; charset=utf-8');
    expect(folder.body.equals(suite.fixture.files.get('site/index.html')!)).toBe(true);
    expect(folder.header('etag')).toBe(file.header('etag'));
    const revalidated = await send(suite.port, get('/files/site/', [['If-None-Match', folder.header('etag')!]]), { rules: ['bodyless'] });
    expect(revalidated.status).toBe(304);
  });

  test('the HTML listing escapes names, percent-encodes links per segment, and hides what is not served', async () => {
    const response = await send(suite.port, get('/files/'));
    expect(response.status).toBe(200);
    expect(response.header('content-type')).toBe('text/html; charset=utf-8');
    expect(response.header('content-security-policy')).toContain("default-src 'none'");
    expect(response.header('x-content-type-options')).toBe('nosniff');
    expect(response.header('cache-control')).toBe('no-cache');
    const html = response.body.toString('utf8');
    expect(html).toContain('&lt;b&gt;bold.txt');
    expect(html).not.toContain('<b>');
    const links = hrefs(html);
    for (const href of ['/files/with%20space.txt', '/files/100%25.txt', '/files/a%23b.txt', '/files/%3Cb%3Ebold.txt', '/files/sub/', '/files/link-sub/', '/files/link-inside', '/files/hello.txt']) {
      expect(links).toContain(href);
    }
    expect(links).toContain(`/files/${encodeURIComponent('été ünïcødé ✓.txt')}`);
    for (const hidden of ['.hidden', '.git', '.well-known', 'link-outside', 'link-outside-dir', 'link-missing', '.ferroserve-upload']) {
      expect(links.some((href) => href.includes(encodeURIComponent(hidden)))).toBe(false);
    }
    expect(html).not.toContain(suite.fixture.root);
  });

  test('the JSON listing: folders first, natural order, relative names and links only', async () => {
    const response = await send(suite.port, json('/files/numbers/'));
    expect(response.status).toBe(200);
    expect(response.header('content-type')).toBe('application/json; charset=utf-8');
    expect(response.header('vary')).toContain('Accept');
    const body = JSON.parse(response.body.toString('utf8'));
    expect(body.path).toBe('/files/numbers/');
    expect(body.entries.map((entry: JsonEntry) => [entry.name, entry.kind, entry.size, entry.link])).toEqual([
      ['a b', 'folder', null, '/files/numbers/a%20b/'],
      ['9.txt', 'file', 5, '/files/numbers/9.txt'],
      ['10.txt', 'file', 4, '/files/numbers/10.txt'],
    ]);
    for (const entry of body.entries as JsonEntry[]) expect(Number.isNaN(Date.parse(entry.mtime))).toBe(false);
  });

  test('every link of the root listing leads to what it names', async () => {
    const entries = entriesOf(await send(suite.port, json('/files/')));
    expect(entries.length).toBeGreaterThan(10);
    expect(JSON.stringify(entries)).not.toContain(suite.fixture.root);
    for (const entry of entries) {
      expect(entry.name.startsWith('.')).toBe(false);
      const target = await send(suite.port, get(entry.link), { timeoutMs: 8000 });
      expect([entry.link, target.status]).toEqual([entry.link, 200]);
      if (entry.kind === 'file') expect(target.body.length).toBe(entry.size);
    }
  }, 20_000);

  test('a listing revalidates: its weak ETag in If-None-Match gets a 304 until the folder changes', async () => {
    const first = await send(suite.port, get('/files/numbers/'));
    const tag = first.header('etag')!;
    expect(tag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    const again = await send(suite.port, get('/files/numbers/', [['If-None-Match', tag]]), { rules: ['bodyless'] });
    expect(again.status).toBe(304);
    expect(again.header('etag')).toBe(tag);
    expect(again.header('vary')).toBe(first.header('vary'));
    const asJson = await send(suite.port, get('/files/numbers/', [['If-None-Match', tag], ['Accept', 'application/json']]));
    expect(asJson.status).toBe(200);
    const gzipped = await send(suite.port, get('/files/', [['Accept-Encoding', 'gzip']]));
    const plain = await send(suite.port, get('/files/'));
    expect(gzipped.header('etag')).not.toBe(plain.header('etag'));
    // A file added to the folder changes the listing: the old tag no longer matches.
    const before = (await send(suite.port, get('/files/sub/'))).header('etag')!;
    expect((await send(suite.port, buildRequest({ method: 'PUT', target: '/files/sub/added.txt', body: 'new' }))).status).toBe(201);
    const after = await send(suite.port, get('/files/sub/', [['If-None-Match', before]]));
    expect(after.status).toBe(200);
    expect(after.body.toString()).toContain('added.txt');
  });

  test('HEAD of a listing: the GET headers, no body', async () => {
    const got = await send(suite.port, get('/files/sub/'));
    const head = await send(suite.port, buildRequest({ method: 'HEAD', target: '/files/sub/' }), { rules: ['bodyless'] });
    expect(head.status).toBe(200);
    expect(head.header('content-length')).toBe(got.header('content-length'));
    expect(head.header('content-type')).toBe(got.header('content-type'));
    expect(head.body.length).toBe(0);
  });

  test('a large listing is compressed when accepted, and varies on Accept-Encoding', async () => {
    const plain = await send(suite.port, get('/files/'));
    const gzipped = await send(suite.port, get('/files/', [['Accept-Encoding', 'gzip']]));
    expect(gzipped.header('content-encoding')).toBe('gzip');
    expect(gzipped.header('vary')).toBe('Accept, Accept-Encoding');
    expect(gunzipSync(gzipped.body).equals(plain.body)).toBe(true);
  });

  test('GET / with --directory is the front page: the listing of the mount, links under /files/', async () => {
    const response = await send(suite.port, get('/'));
    expect(response.status).toBe(200);
    const links = hrefs(response.body.toString('utf8'));
    expect(links).toContain('/files/hello.txt');
    expect(links).toContain('/files/sub/');
    const asJson = entriesOf(await send(suite.port, json('/')));
    expect(asJson.map((entry) => entry.link)).toContain('/files/hello.txt');
  });

  test('a POST to a folder URL that is not a form stores nothing: 415 (forms: form-upload.test.ts)', async () => {
    const before = await suite.fixture.snapshot();
    const response = await send(suite.port, buildRequest({ method: 'POST', target: '/files/sub/', body: 'x' }));
    expect(response.status).toBe(415);
    expect(response.header('accept-post')).toBe('multipart/form-data, application/x-www-form-urlencoded');
    expect(await suite.fixture.snapshot()).toEqual(before);
  });

  test('a PUT to a folder URL stores nothing: 404', async () => {
    const response = await send(suite.port, buildRequest({ method: 'PUT', target: '/files/sub/', body: 'x' }));
    expect(response.status).toBe(404);
  });
});

describe.each(TRANSPORTS)('--dotfiles (%s)', (transport) => {
  const suite = serveFixture(transport, { args: ['--dotfiles'] });

  test('dotfiles and dot-folders are served and listed', async () => {
    const hidden = await send(suite.port, get('/files/.hidden'));
    expect(hidden.status).toBe(200);
    expect(hidden.body.equals(suite.fixture.files.get('.hidden')!)).toBe(true);
    expect((await send(suite.port, get('/files/.git/config'))).status).toBe(200);
    const names = entriesOf(await send(suite.port, json('/files/'))).map((entry) => entry.name);
    expect(names).toEqual(expect.arrayContaining(['.hidden', '.git', '.well-known']));
    expect(names.some((name) => name.startsWith('.ferroserve-upload'))).toBe(false);
  });
});

describe.each(TRANSPORTS)('--files-mount / (%s)', (transport) => {
  const suite = serveFixture(transport, { args: ['--files-mount', '/'] });

  test.each<[string, number, string]>([
    ['/echo/abc', 200, 'abc'],
    ['/hello.txt', 200, 'Hello, ferroserve!\n'],
    ['/sub/nested.txt', 200, 'in a subfolder\n'],
    ['/site/', 200, '<!doctype html><title>site</title><p>the site\n'],
  ])('GET %s -> %i', async (target, status, body) => {
    const response = await send(suite.port, get(target));
    expect(response.status).toBe(status);
    expect(response.body.toString('utf8')).toBe(body);
  });

  test('/user-agent keeps precedence over a file of that name', async () => {
    const response = await send(suite.port, buildRequest({ target: '/user-agent', headers: [['User-Agent', 'probe/1']] }));
    expect(response.body.toString()).toBe('probe/1');
  });

  test('/ lists the directory with root-absolute links; a folder without its slash redirects', async () => {
    const links = hrefs((await send(suite.port, get('/'))).body.toString('utf8'));
    expect(links).toContain('/hello.txt');
    expect(links).toContain('/sub/');
    const redirect = await send(suite.port, get('/sub'));
    expect([redirect.status, redirect.header('location')]).toEqual([301, '/sub/']);
  });
});
