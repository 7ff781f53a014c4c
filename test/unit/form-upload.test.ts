/**
 * Forms to a folder URL with file-system faults injected through the TreeFs seam: whatever
 * fails, no temporary file stays, and only files already renamed into place are there.
 */
import type { WriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, realpath, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { buildConfig } from '../../src/options.js';
import { FerroServer } from '../../src/server/server.js';
import { ServedTree } from '../../src/files/tree.js';
import { nodeTreeFs, type TreeFs } from '../../src/files/tree-fs.js';
import { jsWire } from '../../src/wire/js/index.js';

let root = '';
let server: FerroServer | null = null;
let port = 0;

async function serve(treeFs: TreeFs): Promise<void> {
  await server?.shutdown(100);
  const config = buildConfig({ directory: root }, {}, '/', 1);
  server = new FerroServer({ options: config, wire: jsWire, tree: new ServedTree(root, root, treeFs) });
  port = (await server.listen(0, '127.0.0.1')).port;
}

beforeEach(async () => {
  root = await realpath(await mkdtemp(path.join(tmpdir(), 'ferroserve-form-')));
});
afterEach(async () => {
  await server?.shutdown(100);
  server = null;
  await rm(root, { recursive: true, force: true });
});

const fsError = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code });

const B = 'b0undary';
const FORM =
  `--${B}\r\nContent-Disposition: form-data; name="f"; filename="one.txt"\r\n\r\nfirst\r\n` +
  `--${B}\r\nContent-Disposition: form-data; name="f"; filename="two.txt"\r\n\r\nsecond\r\n--${B}--\r\n`;
const REQUEST = `POST /files/ HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=${B}\r\nContent-Length: ${Buffer.byteLength(FORM)}\r\n\r\n${FORM}`;

/** The status line of the answer to REQUEST. */
function post(): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(REQUEST));
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer; got ${JSON.stringify(text)}`));
    }, 4000);
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n\r\n')) {
        clearTimeout(timer);
        socket.destroy();
        resolve(text.slice(0, text.indexOf('\r\n')));
      }
    });
    socket.on('error', reject);
  });
}

/** What is in the served folder once temporary files had time to go (bounded wait). */
async function settled(): Promise<string[]> {
  const deadline = Date.now() + 2000;
  for (;;) {
    const names = (await readdir(root)).sort();
    if (!names.some((name) => name.startsWith('.ferroserve-upload-')) || Date.now() > deadline) return names;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('form uploads with file-system faults', () => {
  test.each<[string, Partial<TreeFs>, string, string[]]>([
    ['no fault', {}, 'HTTP/1.1 303 See Other', ['one.txt', 'two.txt']],
    [
      'the temporary file cannot be created (EACCES)',
      { openNew: (_p, done) => done(fsError('EACCES'), -1) },
      'HTTP/1.1 403 Forbidden',
      [],
    ],
    [
      'the disk fills while writing (ENOSPC)',
      {
        writeStream: (target, fd): WriteStream => {
          const stream = nodeTreeFs.writeStream(target, fd);
          stream._write = (_chunk, _encoding, callback) => callback(fsError('ENOSPC'));
          return stream;
        },
      },
      'HTTP/1.1 507 Insufficient Storage',
      [],
    ],
    [
      'the second rename fails (ENOSPC): the first file stays, the second is gone',
      {
        rename: (from, to, done) => (to.endsWith('two.txt') ? done(fsError('ENOSPC')) : nodeTreeFs.rename(from, to, done)),
      },
      'HTTP/1.1 507 Insufficient Storage',
      ['one.txt'],
    ],
  ])('%s', async (_what, fault, statusLine, left) => {
    await serve({ ...nodeTreeFs, ...fault });
    expect(await post()).toBe(statusLine);
    expect(await settled()).toEqual(left);
    if (left.includes('one.txt')) expect(await readFile(path.join(root, 'one.txt'), 'utf8')).toBe('first');
  });
});
