import type fs from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, readlink, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { buildConfig } from '../../src/options.js';
import { tempNames } from '../../src/files/upload.js';
import { FerroServer } from '../../src/server/server.js';
import { ServedTree } from '../../src/files/tree.js';
import { nodeTreeFs, type TreeFs } from '../../src/files/tree-fs.js';
import { jsWire } from '../../src/wire/js/index.js';

let root = '';
let server: FerroServer | null = null;
let port = 0;
/** (Re)starts the server on `root` with `treeFs` as its file system. */
async function serve(treeFs: TreeFs): Promise<void> {
  await server?.shutdown(100);
  const config = buildConfig({ directory: root }, {}, '/', 1);
  server = new FerroServer({ options: config, wire: jsWire, tree: new ServedTree(root, root, treeFs) });
  port = (await server.listen(0, '127.0.0.1')).port;
}

beforeEach(async () => {
  root = await realpath(await mkdtemp(path.join(tmpdir(), 'ferroserve-upload-')));
  await serve(nodeTreeFs);
});
afterEach(async () => {
  await server?.shutdown(100);
  server = null;
  await rm(root, { recursive: true, force: true });
});

/** Sends `parts` one write each (`gapMs` apart) and returns the first response's status line. */
function send(parts: readonly string[], gapMs = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', async () => {
      for (const part of parts) {
        socket.write(part);
        if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
      }
    });
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n\r\n')) {
        socket.destroy();
        resolve(text.slice(0, text.indexOf('\r\n')));
      }
    });
    socket.on('error', reject);
  });
}

/**
 * Runs `body` against a server whose file system answers `lstat` (the target's inspection) `ms`
 * late, so that the verdict comes after the temporary file was written.
 */
async function withSlowLstat<T>(ms: number, body: () => Promise<T>): Promise<T> {
  await serve({
    ...nodeTreeFs,
    lstat: (target, done) => nodeTreeFs.lstat(target, (error, stats) => setTimeout(() => done(error, stats), ms)),
  });
  return body();
}

/** An error as node:fs reports it. */
const fsError = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code });

const head = (method: string, name: string, length: number): string =>
  `${method} /files/${name} HTTP/1.1\r\nHost: x\r\nContent-Length: ${length}\r\n\r\n`;

describe('uploads', () => {
  test.each<[string, string, string, string[], number, string]>([
    ['POST, head and body in one write', 'POST', 'target', ['x'.repeat(1024)], 0, 'HTTP/1.1 201 Created'],
    ['POST, body in three writes', 'POST', 'target', ['abc', 'def', 'ghi'], 30, 'HTTP/1.1 201 Created'],
    ['POST onto an existing file, one write', 'POST', 'existing', ['replaced'], 0, 'HTTP/1.1 201 Created'],
    ['PUT onto an existing file, one write', 'PUT', 'existing', ['replaced'], 0, 'HTTP/1.1 204 No Content'],
    ['PUT onto an existing file, body in three writes', 'PUT', 'existing', ['abc', 'def', 'ghi'], 30, 'HTTP/1.1 204 No Content'],
    ['PUT to a new name, one write', 'PUT', 'target', ['new'], 0, 'HTTP/1.1 201 Created'],
    ['PUT to a new name, body in three writes', 'PUT', 'target', ['abc', 'def', 'ghi'], 30, 'HTTP/1.1 201 Created'],
  ])('%s: stored whole, no temporary file left', async (_name, method, name, body, gapMs, status) => {
    await writeFile(path.join(root, 'existing'), 'old');
    const text = body.join('');
    const parts = gapMs === 0 ? [head(method, name, text.length) + text] : [head(method, name, text.length), ...body];
    expect(await send(parts, gapMs)).toBe(status);
    expect(await readFile(path.join(root, name), 'latin1')).toBe(text);
    expect((await readdir(root)).sort()).toEqual(name === 'existing' ? ['existing'] : ['existing', 'target']);
  });

  test.each<[string, number]>([
    ['one write (written while the target is inspected)', 0],
    ['body in two writes (streamed)', 30],
  ])('POST onto a symlink to a file outside the directory, %s: 404, no temporary file, outside untouched', async (_name, gapMs) => {
    const outside = await realpath(await mkdtemp(path.join(tmpdir(), 'ferroserve-outside-')));
    try {
      await writeFile(path.join(outside, 'secret'), 'outside');
      await symlink(path.join(outside, 'secret'), path.join(root, 'link'));
      const parts = gapMs === 0 ? [head('POST', 'link', 7) + 'planted'] : [head('POST', 'link', 7) + 'plan', 'ted'];
      expect(await send(parts, gapMs)).toBe('HTTP/1.1 404 Not Found');
      expect(await readdir(root)).toEqual(['link']);
      expect(await readlink(path.join(root, 'link')), 'the link itself is left as it was').toBe(path.join(outside, 'secret'));
      expect(await readdir(outside)).toEqual(['secret']);
      expect(await readFile(path.join(outside, 'secret'), 'latin1')).toBe('outside');
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  test.each<[string, string, string]>([
    ['a symlink to a file outside the directory: 404, the temporary file deleted, the link untouched', 'link', 'HTTP/1.1 404 Not Found'],
    ['a folder: 409, the temporary file deleted', 'folder', 'HTTP/1.1 409 Conflict'],
    ['a new name: 201, renamed only then', 'target', 'HTTP/1.1 201 Created'],
  ])('POST, whole body written before the verdict, onto %s', async (_name, name, status) => {
    const outside = await realpath(await mkdtemp(path.join(tmpdir(), 'ferroserve-outside-')));
    try {
      await writeFile(path.join(outside, 'secret'), 'outside');
      await symlink(path.join(outside, 'secret'), path.join(root, 'link'));
      await mkdir(path.join(root, 'folder'));
      const answer = await withSlowLstat(400, async () => {
        const answered = send([head('POST', name, 6) + 'stored']);
        // The write is not held back by the inspection; nothing is renamed before the verdict.
        const written = async (): Promise<string[]> => {
          const temps = (await readdir(root)).filter((entry) => entry.startsWith('.ferroserve-upload-'));
          return Promise.all(temps.map((temp) => readFile(path.join(root, temp), 'latin1')));
        };
        let contents: string[] = [];
        for (let waited = 0; contents[0] !== 'stored' && waited < 300; waited += 10) {
          await new Promise((r) => setTimeout(r, 10));
          contents = await written();
        }
        expect(contents).toEqual(['stored']);
        expect(await readdir(root)).not.toContain('target');
        return answered;
      });
      expect(answer).toBe(status);
      const entries = (await readdir(root)).sort();
      expect(entries).toEqual(name === 'target' ? ['folder', 'link', 'target'] : ['folder', 'link']);
      expect(await readlink(path.join(root, 'link'))).toBe(path.join(outside, 'secret'));
      expect(await readFile(path.join(outside, 'secret'), 'latin1')).toBe('outside');
      if (name === 'target') expect(await readFile(path.join(root, 'target'), 'latin1')).toBe('stored');
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  test.each<[string, number]>([
    ['one write', 0],
    ['body in two writes (streamed)', 30],
  ])('POST into a subfolder, %s: 201, stored there, no temporary file left', async (_name, gapMs) => {
    await mkdir(path.join(root, 'sub'));
    const parts = gapMs === 0 ? [head('POST', 'sub/new', 6) + 'nested'] : [head('POST', 'sub/new', 6) + 'nes', 'ted'];
    expect(await send(parts, gapMs)).toBe('HTTP/1.1 201 Created');
    expect(await readFile(path.join(root, 'sub', 'new'), 'latin1')).toBe('nested');
    expect(await readdir(path.join(root, 'sub'))).toEqual(['new']);
    expect(await readdir(root)).toEqual(['sub']);
  });

  test('POST into a subfolder that is a symlink to outside the directory: 404, nothing created there', async () => {
    const outside = await realpath(await mkdtemp(path.join(tmpdir(), 'ferroserve-outside-')));
    try {
      await symlink(outside, path.join(root, 'away'));
      expect(await send([head('POST', 'away/planted', 7) + 'planted'])).toBe('HTTP/1.1 404 Not Found');
      expect(await readdir(outside)).toEqual([]);
      expect(await readdir(root)).toEqual(['away']);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  test('PUT onto a symlink to a file inside the directory replaces the link (204), the file stays', async () => {
    await writeFile(path.join(root, 'real'), 'kept');
    await symlink(path.join(root, 'real'), path.join(root, 'link'));
    expect(await send([head('PUT', 'link', 3) + 'new'])).toBe('HTTP/1.1 204 No Content');
    expect(await readFile(path.join(root, 'link'), 'latin1')).toBe('new');
    expect(await readFile(path.join(root, 'real'), 'latin1')).toBe('kept');
    expect((await readdir(root)).sort()).toEqual(['link', 'real']);
  });

  test.each<[string, number]>([
    ['one write', 0],
    ['body in two writes (streamed)', 30],
  ])('the next temporary name taken by another file, %s: stored under the one after, the other file untouched', async (_name, gapMs) => {
    const taken = tempNames.peek();
    await writeFile(path.join(root, taken), 'not ours');
    const parts = gapMs === 0 ? [head('POST', 'target', 6) + 'stored'] : [head('POST', 'target', 6) + 'sto', 'red'];
    expect(await send(parts, gapMs)).toBe('HTTP/1.1 201 Created');
    expect(await readFile(path.join(root, 'target'), 'latin1')).toBe('stored');
    expect(await readFile(path.join(root, taken), 'latin1')).toBe('not ours');
    expect((await readdir(root)).sort()).toEqual([taken, 'target'].sort());
  });

  test('the next two temporary names taken: refused (409), the other files untouched, nothing of the upload left', async () => {
    const taken = [tempNames.peek(), tempNames.peek(1)];
    for (const name of taken) await writeFile(path.join(root, name), 'not ours');
    expect(await send([head('POST', 'target', 6) + 'stored'])).toBe('HTTP/1.1 409 Conflict');
    expect((await readdir(root)).sort()).toEqual([...taken].sort());
    for (const name of taken) expect(await readFile(path.join(root, name), 'latin1')).toBe('not ours');
  });

  test('a whole body onto a folder is refused (409) and leaves nothing', async () => {
    await mkdir(path.join(root, 'folder'));
    expect(await send([head('POST', 'folder', 5) + 'hello'])).toBe('HTTP/1.1 409 Conflict');
    expect(await readdir(root)).toEqual(['folder']);
    expect(await readdir(path.join(root, 'folder'))).toEqual([]);
  });

  test('an upload cut off mid-body leaves nothing', async () => {
    await new Promise<void>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(head('POST', 'cut', 100) + 'only a part');
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 50);
      });
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(await readdir(root)).toEqual([]);
  });

  test.each<[string, string, Partial<TreeFs>, string]>([
    [
      'a full disk while writing a whole body',
      'ENOSPC',
      { writeNew: (tempPath, data, done) => nodeTreeFs.writeNew(tempPath, data.subarray(0, 1), () => done(fsError('ENOSPC'))) },
      'HTTP/1.1 507 Insufficient Storage',
    ],
    [
      'a quota used up while writing a whole body',
      'EDQUOT',
      { writeNew: (tempPath, data, done) => nodeTreeFs.writeNew(tempPath, data.subarray(0, 1), () => done(fsError('EDQUOT'))) },
      'HTTP/1.1 507 Insufficient Storage',
    ],
    [
      'a rename that fails',
      'EIO',
      { rename: (_from, _to, done) => done(fsError('EIO')) },
      'HTTP/1.1 500 Internal Server Error',
    ],
    [
      'a folder that is not writable',
      'EACCES',
      { writeNew: (_tempPath, _data, done) => done(fsError('EACCES')) },
      'HTTP/1.1 403 Forbidden',
    ],
  ])('%s (%s): the status, no partial or temporary file left, the old file intact', async (_name, _code, fault, status) => {
    await writeFile(path.join(root, 'existing'), 'old');
    await serve({ ...nodeTreeFs, ...fault });
    expect(await send([head('PUT', 'existing', 8) + 'replaced'])).toBe(status);
    expect(await readdir(root)).toEqual(['existing']);
    expect(await readFile(path.join(root, 'existing'), 'latin1')).toBe('old');
    // And the server goes on serving.
    await serve(nodeTreeFs);
    expect(await send([head('PUT', 'existing', 3) + 'new'])).toBe('HTTP/1.1 204 No Content');
  });
});

describe('create only (If-None-Match: *)', () => {
  const createOnly = (name: string, body: string): string =>
    `PUT /files/${name} HTTP/1.1\r\nHost: x\r\nIf-None-Match: *\r\nContent-Length: ${body.length}\r\n\r\n${body}`;

  test('a file created by someone else after the verdict, before the commit, is kept: 412, nothing of the upload left', async () => {
    await serve({
      ...nodeTreeFs,
      // The other writer's file appears just as this upload commits.
      link: (from, to, done) => writeFile(to, 'theirs').then(() => nodeTreeFs.link(from, to, done), done),
    });
    expect(await send([createOnly('race', 'mine')])).toBe('HTTP/1.1 412 Precondition Failed');
    expect(await readdir(root)).toEqual(['race']);
    expect(await readFile(path.join(root, 'race'), 'latin1')).toBe('theirs');
  });

  test('without a race the file is created (201) and no temporary file is left', async () => {
    expect(await send([createOnly('fresh', 'mine')])).toBe('HTTP/1.1 201 Created');
    expect(await readdir(root)).toEqual(['fresh']);
    expect(await readFile(path.join(root, 'fresh'), 'latin1')).toBe('mine');
  });
});
