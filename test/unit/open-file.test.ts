import { closeSync, fstatSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DescriptorFile } from '../../src/files/open-file.js';

const folder = mkdtempSync(path.join(os.tmpdir(), 'ferroserve-open-file-'));
const file = path.join(folder, 'data.bin');
writeFileSync(file, Buffer.alloc(256 * 1024, 7));

const isOpen = (fd: number): boolean => {
  try {
    fstatSync(fd);
    return true;
  } catch {
    return false;
  }
};

afterAll(() => rmSync(folder, { recursive: true, force: true }));

// A descriptor closed under a pending read may be reused by then (a socket the event loop
// watches) and closed a second time: the file closes it once, when nothing reads it any more.
describe('DescriptorFile closes its descriptor once, after the reads in flight', () => {
  test('closed during a read: still open until the read ends, then closed', async () => {
    const fd = openSync(file, 'r');
    const opened = new DescriptorFile(fd);
    const read = new Promise<number>((resolve) => opened.read(Buffer.alloc(4096), 4096, 0, (_error, bytesRead) => resolve(bytesRead)));
    opened.close();
    expect(isOpen(fd)).toBe(true);
    expect(await read).toBe(4096);
    expect(isOpen(fd)).toBe(false);
  });

  test('closed with no read in flight: closed at once, and a second close does nothing', () => {
    const fd = openSync(file, 'r');
    const opened = new DescriptorFile(fd);
    opened.close();
    expect(isOpen(fd)).toBe(false);
    const next = openSync(file, 'r'); // may take the same number
    opened.close();
    expect(isOpen(next)).toBe(true);
    closeSync(next);
  });

  test('streamed, then closed mid-stream: the stream closes it once, and a descriptor opened after keeps working', async () => {
    const fd = openSync(file, 'r');
    const opened = new DescriptorFile(fd);
    const stream = opened.stream();
    await new Promise((resolve) => stream.once('data', resolve));
    const closed = new Promise((resolve) => stream.once('close', resolve));
    opened.close();
    await closed;
    expect(isOpen(fd)).toBe(false);
    const next = openSync(file, 'r'); // may take the same number
    opened.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(isOpen(next)).toBe(true);
    closeSync(next);
  });
});
