import { mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { buildConfig } from '../../src/config.js';
import { FerroServer } from '../../src/server.js';
import { jsWire } from '../../src/wire/js/index.js';

let root = '';
let server: FerroServer | null = null;
let port = 0;
beforeEach(async () => {
  root = await realpath(await mkdtemp(path.join(tmpdir(), 'ferroserve-upload-')));
  const config = buildConfig({ directory: root }, {}, '/', 1);
  server = new FerroServer({ config, wire: jsWire, directory: { path: root, real: root } });
  port = (await server.listen(0, '127.0.0.1')).port;
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

const head = (method: string, name: string, length: number): string =>
  `${method} /files/${name} HTTP/1.1\r\nHost: x\r\nContent-Length: ${length}\r\n\r\n`;

describe('uploads', () => {
  test.each<[string, string, string[], number, string]>([
    ['POST, head and body in one write', 'POST', ['x'.repeat(1024)], 0, 'HTTP/1.1 201 Created'],
    ['POST, body in three writes', 'POST', ['abc', 'def', 'ghi'], 30, 'HTTP/1.1 201 Created'],
    ['PUT onto an existing file, one write', 'PUT', ['replaced'], 0, 'HTTP/1.1 204 No Content'],
  ])('%s: stored whole, no temporary file left', async (_name, method, body, gapMs, status) => {
    await writeFile(path.join(root, 'existing'), 'old');
    const name = method === 'PUT' ? 'existing' : 'target';
    const text = body.join('');
    const parts = gapMs === 0 ? [head(method, name, text.length) + text] : [head(method, name, text.length), ...body];
    expect(await send(parts, gapMs)).toBe(status);
    expect(await readFile(path.join(root, name), 'latin1')).toBe(text);
    expect((await readdir(root)).sort()).toEqual(method === 'PUT' ? ['existing'] : ['existing', 'target']);
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
});
