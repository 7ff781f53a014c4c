/**
 * Forms POSTed to a folder URL, once per transport: exact multipart (and urlencoded) bytes in a
 * table, the status each gets and what is in the folder afterwards. Each row posts to a folder
 * of its own, made empty first, so what is on disk is exactly what the row stored; no row may
 * leave a temporary file behind.
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { RawConnection, TRANSPORTS, buildRequest, chunkedBody, eventually, send, serveFixture } from './harness.js';

const B = 'ferroBoundary7';
const MULTIPART = `multipart/form-data; boundary=${B}`;

/** One part: its Content-Disposition parameters and content. */
const part = (disposition: string, content: string, type = 'application/octet-stream'): string =>
  `--${B}\r\nContent-Disposition: form-data; ${disposition}\r\nContent-Type: ${type}\r\n\r\n${content}\r\n`;
const field = (name: string, value: string): string => `--${B}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const END = `--${B}--\r\n`;

/** What a row expects in its folder: names -> content ('dir' for a folder). */
type OnDisk = Record<string, string>;

/** [what, content type (null: none), body, extra fields, status, on disk afterwards, on disk before]. */
type Row = readonly [string, string | null, string, [string, string][], number, OnDisk, OnDisk];

const ROWS: readonly Row[] = [
  ['one file', MULTIPART, part('name="file"; filename="a.txt"', 'hello') + END, [], 303, { 'a.txt': 'hello' }, {}],
  [
    'two files',
    MULTIPART,
    part('name="file"; filename="a.txt"', 'first') + part('name="file"; filename="b.bin"', 'second\r\nline') + END,
    [],
    303,
    { 'a.txt': 'first', 'b.bin': 'second\r\nline' },
    {},
  ],
  ['a path that climbs is cut to its last segment', MULTIPART, part('name="f"; filename="../../x"', 'x') + END, [], 303, { x: 'x' }, {}],
  ['a Windows path is cut at the backslash', MULTIPART, part('name="f"; filename="a\\\\b"', 'b') + END, [], 303, { b: 'b' }, {}],
  ['a dotfile is refused', MULTIPART, part('name="f"; filename=".env"', 'SECRET=1') + END, [], 404, {}, {}],
  ['a dotfile behind a path is refused', MULTIPART, part('name="f"; filename="dir/.env"', 'SECRET=1') + END, [], 404, {}, {}],
  ['"..": not a name', MULTIPART, part('name="f"; filename=".."', 'x') + END, [], 400, {}, {}],
  ['a name ending in a separator: nothing left', MULTIPART, part('name="f"; filename="dir/"', 'x') + END, [], 400, {}, {}],
  ['an empty filename (no file chosen): nothing to store', MULTIPART, part('name="f"; filename=""', '') + END, [], 400, {}, {}],
  ['an empty filename beside a file is skipped', MULTIPART, part('name="f"; filename=""', '') + part('name="f"; filename="c.txt"', 'c') + END, [], 303, { 'c.txt': 'c' }, {}],
  ['one refused name refuses them all', MULTIPART, part('name="f"; filename="ok.txt"', 'ok') + part('name="f"; filename=".env"', 's') + END, [], 404, {}, {}],
  ['unicode filename (UTF-8 bytes)', MULTIPART, part('name="f"; filename="été ✓.txt"', 'u') + END, [], 303, { 'été ✓.txt': 'u' }, {}],
  ["unicode filename* (RFC 5987)", MULTIPART, part("name=\"f\"; filename*=utf-8''%C3%A9t%C3%A9.txt", 'u') + END, [], 303, { 'été.txt': 'u' }, {}],
  ['hostile but fine names', MULTIPART, part('name="f"; filename="<b>bold.txt"', '1') + part('name="f"; filename="100%.txt"', '2') + END, [], 303, { '<b>bold.txt': '1', '100%.txt': '2' }, {}],
  ['replaces a file by default', MULTIPART, part('name="f"; filename="old.txt"', 'new') + END, [], 303, { 'old.txt': 'new' }, { 'old.txt': 'old' }],
  ['create only: an existing file stays', MULTIPART, part('name="f"; filename="old.txt"', 'new') + END, [['If-None-Match', '*']], 412, { 'old.txt': 'old' }, { 'old.txt': 'old' }],
  ['create only: a new file is stored', MULTIPART, part('name="f"; filename="new.txt"', 'new') + END, [['If-None-Match', '*']], 303, { 'new.txt': 'new' }, {}],
  ['a folder is in the way: nothing stored', MULTIPART, part('name="f"; filename="a.txt"', 'a') + part('name="f"; filename="d"', 'x') + END, [], 409, { d: 'dir' }, { d: 'dir' }],
  ['mkdir', MULTIPART, field('mkdir', 'new folder') + END, [], 303, { 'new folder': 'dir' }, {}],
  ['mkdir of an existing name', MULTIPART, field('mkdir', 'd') + END, [], 409, { d: 'dir' }, { d: 'dir' }],
  ['mkdir with a separator', MULTIPART, field('mkdir', 'a/b') + END, [], 400, {}, {}],
  ['mkdir of a dot-folder', MULTIPART, field('mkdir', '.git') + END, [], 404, {}, {}],
  ['mkdir, urlencoded', 'application/x-www-form-urlencoded', 'mkdir=caf%C3%A9+bar', [], 303, { 'café bar': 'dir' }, {}],
  ['other fields are ignored', MULTIPART, field('note', 'hi') + part('name="f"; filename="n.txt"', 'n') + END, [], 303, { 'n.txt': 'n' }, {}],
  ['no parts at all', MULTIPART, END, [], 400, {}, {}],
  ['too many parts', MULTIPART, field('note', 'x').repeat(121) + END, [], 413, {}, {}],
  ['too many files', MULTIPART, Array.from({ length: 101 }, (_, i) => part(`name="f"; filename="f${i}"`, 'x')).join('') + END, [], 413, {}, {}],
  ['an oversized field', MULTIPART, field('mkdir', 'x'.repeat(2000)) + END, [], 413, {}, {}],
  ['missing boundary', 'multipart/form-data', part('name="f"; filename="a.txt"', 'a') + END, [], 400, {}, {}],
  ['no closing boundary', MULTIPART, part('name="f"; filename="a.txt"', 'a'), [], 400, {}, {}],
  ['a body that is not multipart', MULTIPART, 'just some bytes', [], 400, {}, {}],
  ['not a form', 'text/plain', 'hello', [], 415, {}, {}],
  ['no Content-Type', null, 'hello', [], 415, {}, {}],
];

/** The folder's entries: name -> content, or 'dir'; temporary files included (there must be none). */
async function onDisk(folder: string): Promise<OnDisk> {
  const found: OnDisk = {};
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    // A temporary file may vanish between readdir and reading it: it is recorded all the same.
    found[entry.name] = entry.isDirectory() ? 'dir' : await readFile(path.join(folder, entry.name), 'utf8').catch(() => 'vanished');
  }
  return found;
}

async function prepare(folder: string, before: OnDisk): Promise<void> {
  await mkdir(folder, { recursive: true });
  for (const [name, content] of Object.entries(before)) {
    if (content === 'dir') await mkdir(path.join(folder, name));
    else await writeFile(path.join(folder, name), content);
  }
}

describe.each(TRANSPORTS)('forms POSTed to a folder (%s)', (transport) => {
  const suite = serveFixture(transport, { args: ['--max-body', '65536'] });
  const folderOf = (i: number) => path.join(suite.fixture.served, `form-${i}`);

  test.each(ROWS.map((row, i) => [...row, i] as const))('%s', async (_what, type, body, fields, status, after, before, i) => {
    await prepare(folderOf(i), before);
    const headers: [string, string][] = [...(type === null ? [] : [['Content-Type', type] as [string, string]]), ...fields];
    const response = await send(suite.port, buildRequest({ method: 'POST', target: `/files/form-${i}/`, headers, body }));
    expect(response.status).toBe(status);
    if (status === 303) expect(response.header('location')).toBe(`/files/form-${i}/`);
    if (status === 415) expect(response.header('accept-post')).toBe('multipart/form-data, application/x-www-form-urlencoded');
    // Temporary files are deleted after the answer at worst: wait (bounded) until they are gone.
    let found: OnDisk = {};
    await eventually(async () => {
      found = await onDisk(folderOf(i));
      return !Object.keys(found).some((name) => name.startsWith('.ferroserve-upload-'));
    }, 2000);
    expect(found).toEqual(after);
  });

  test('Accept: application/json gets 201 and what was stored', async () => {
    await prepare(path.join(suite.fixture.served, 'json'), {});
    const body = part('name="f"; filename="a b#1.txt"', 'hello') + field('mkdir', 'sub folder') + END;
    const response = await send(
      suite.port,
      buildRequest({ method: 'POST', target: '/files/json/', headers: [['Content-Type', MULTIPART], ['Accept', 'application/json']], body }),
    );
    expect(response.status).toBe(201);
    expect(response.header('content-type')).toBe('application/json; charset=utf-8');
    expect(JSON.parse(response.body.toString('utf8'))).toEqual({
      files: [{ name: 'a b#1.txt', size: 5, link: '/files/json/a%20b%231.txt' }],
      folders: [{ name: 'sub folder', link: '/files/json/sub%20folder/' }],
    });
    expect(await onDisk(path.join(suite.fixture.served, 'json'))).toEqual({ 'a b#1.txt': 'hello', 'sub folder': 'dir' });
  });

  test.each<[string, number]>([
    ['/files/no-such-folder/', 404],
    ['/files/.git/', 404],
    ['/files/%2e%2e/', 400],
  ])('POST %s -> %i, nothing written', async (target, status) => {
    const before = await suite.fixture.snapshot();
    const body = part('name="f"; filename="a.txt"', 'a') + END;
    const response = await send(suite.port, buildRequest({ method: 'POST', target, headers: [['Content-Type', MULTIPART]], body }));
    expect(response.status).toBe(status);
    expect(await suite.fixture.snapshot()).toEqual(before);
  });

  test('the page knows uploads are allowed and DELETE is not (no --allow-delete)', async () => {
    const response = await send(suite.port, buildRequest({ target: '/files/sub/' }));
    expect(response.status).toBe(200);
    expect(response.body.toString('utf8')).toContain('<body data-folder="/files/sub/" data-parent="yes" data-upload="allowed" data-delete="refused">');
  });

  test('a POST to a file URL still stores the raw body, whatever its type', async () => {
    const body = part('name="f"; filename="a.txt"', 'a') + END;
    const response = await send(suite.port, buildRequest({ method: 'POST', target: '/files/raw.txt', headers: [['Content-Type', MULTIPART]], body }));
    expect(response.status).toBe(201);
    expect(await readFile(path.join(suite.fixture.served, 'raw.txt'), 'utf8')).toBe(body);
  });

  test('a file larger than --max-body, chunked: 413 mid-body, nothing stored', async () => {
    const folder = path.join(suite.fixture.served, 'big');
    await prepare(folder, {});
    const body = Buffer.from(part('name="f"; filename="big.bin"', 'x'.repeat(100_000)) + END);
    const request = Buffer.concat([
      buildRequest({ method: 'POST', target: '/files/big/', headers: [['Content-Type', MULTIPART], ['Transfer-Encoding', 'chunked']] }),
      chunkedBody(body, 8192),
    ]);
    const connection = await RawConnection.open(suite.port);
    try {
      await connection.write(request).catch(() => undefined);
      const response = await connection.readResponse();
      expect(response.status).toBe(413);
    } finally {
      connection.destroy();
    }
    expect(await eventually(async () => Object.keys(await onDisk(folder)).length === 0, 2000)).toBe(true);
  });

  test('a declared length above --max-body: 413 before the body', async () => {
    const response = await send(
      suite.port,
      buildRequest({ method: 'POST', target: '/files/', headers: [['Content-Type', MULTIPART], ['Content-Length', '100000']] }),
    );
    expect(response.status).toBe(413);
  });

  test('a body cut short (the client goes away): nothing stored, no temporary file left', async () => {
    const folder = path.join(suite.fixture.served, 'cut');
    await prepare(folder, {});
    const whole = part('name="f"; filename="cut.bin"', 'y'.repeat(30_000)) + END;
    const head = buildRequest({ method: 'POST', target: '/files/cut/', headers: [['Content-Type', MULTIPART], ['Content-Length', String(whole.length)]] });
    const connection = await RawConnection.open(suite.port);
    await connection.write(Buffer.concat([head, Buffer.from(whole.slice(0, 20_000))]));
    // Give the server time to open the temporary file and write into it, then leave.
    await eventually(async () => (await readdir(folder)).length > 0, 1000);
    connection.destroy();
    expect(await eventually(async () => (await readdir(folder)).length === 0, 3000)).toBe(true);
  });
});
