// The out batch: what goes in comes out in order, in one write, and bytes handed to a socket are
// never written over afterwards.
import type { Socket } from 'node:net';
import { describe, expect, test } from 'vitest';
import { OutBatch } from '../../src/http/out-batch.js';

/** A socket that keeps what each write and each cork/uncork was given. */
function recordingSocket() {
  const writes: Buffer[] = [];
  const calls: string[] = [];
  const socket = {
    write(bytes: Buffer) {
      writes.push(bytes);
      calls.push('write');
      return true;
    },
    cork() {
      calls.push('cork');
    },
    uncork() {
      calls.push('uncork');
    },
  } as unknown as Socket;
  return { socket, writes, calls };
}

const bytes = (text: string) => Buffer.from(text, 'latin1');
const big = (size: number, fill: string) => Buffer.alloc(size, fill);

/** Appends by `claim` + fill, the way head templates write. */
function claimWrite(batch: OutBatch, text: string): void {
  const at = batch.claim(text.length);
  batch.target.latin1Write(text, at);
}

describe('OutBatch', () => {
  test.each<[string, (batch: OutBatch) => void, string[], string[]]>([
    ['nothing: no write', () => undefined, [], []],
    ['small appends: one write', (b) => ['a', 'bc', 'def'].forEach((t) => b.append(bytes(t))), ['abcdef'], ['write']],
    ['claims and appends interleave in order', (b) => (claimWrite(b, 'x'), b.append(bytes('y')), claimWrite(b, 'z')), ['xyz'], ['write']],
    [
      'a large buffer between small ones: one joined write',
      (b) => (b.append(bytes('head')), b.append(big(5000, 'L')), b.append(bytes('tail'))),
      [`head${'L'.repeat(5000)}tail`],
      ['write'],
    ],
    ['one large buffer alone: written as it is', (b) => b.append(big(5000, 'L')), ['L'.repeat(5000)], ['write']],
    [
      'more than 64 KiB of pieces: writev under cork',
      (b) => (b.append(bytes('h')), b.append(big(70_000, 'L')), b.append(bytes('t'))),
      ['h', 'L'.repeat(70_000), 't'],
      ['cork', 'write', 'write', 'write', 'uncork'],
    ],
  ])('%s', (_name, fill, expected, calls) => {
    const batch = new OutBatch();
    const socket = recordingSocket();
    fill(batch);
    expect(batch.length).toBe(expected.join('').length);
    batch.flushTo(socket.socket);
    expect(socket.writes.map((w) => w.toString('latin1'))).toEqual(expected);
    expect(socket.calls).toEqual(calls);
    expect(batch.length).toBe(0);
  });

  test('bytes already flushed are not written over when the slab fills and a new one is taken', () => {
    const batch = new OutBatch();
    const socket = recordingSocket();
    claimWrite(batch, 'first');
    batch.flushTo(socket.socket);
    // Fill well past one slab; each flush hands a view to the socket.
    for (let i = 0; i < 40; i++) {
      batch.append(big(3000, String.fromCharCode(0x61 + (i % 26))));
      batch.flushTo(socket.socket);
    }
    expect(socket.writes[0].toString('latin1')).toBe('first');
    socket.writes.slice(1).forEach((w, i) => expect(w.equals(big(3000, String.fromCharCode(0x61 + (i % 26))))).toBe(true));
  });

  test('a run that does not fit the slab moves whole into the next one', () => {
    const batch = new OutBatch();
    const socket = recordingSocket();
    for (let i = 0; i < 30; i++) batch.append(big(3000, String.fromCharCode(0x41 + (i % 26))));
    batch.flushTo(socket.socket);
    expect(socket.writes).toHaveLength(1);
    const expected = Buffer.concat(Array.from({ length: 30 }, (_, i) => big(3000, String.fromCharCode(0x41 + (i % 26)))));
    expect(socket.writes[0].equals(expected)).toBe(true);
  });

  test.each<[string, (batch: OutBatch) => void, string, string]>([
    ['nothing since the mark', () => undefined, '', 'before'],
    ['small bytes since the mark', (b) => b.append(bytes('after')), 'after', 'before'],
    ['a large piece since the mark', (b) => (b.append(bytes('x')), b.append(big(5000, 'L')), b.append(bytes('y'))), `x${'L'.repeat(5000)}y`, 'before'],
  ])('takeSince: %s', (_name, fill, taken, left) => {
    const batch = new OutBatch();
    const socket = recordingSocket();
    batch.append(bytes('before'));
    const mark = batch.length;
    fill(batch);
    const result = batch.takeSince(mark);
    expect(result.toString('latin1')).toBe(taken);
    // What was taken is a copy: writing on does not change it.
    claimWrite(batch, 'Z'.repeat(taken.length));
    expect(result.toString('latin1')).toBe(taken);
    batch.flushTo(socket.socket);
    expect(Buffer.concat(socket.writes).toString('latin1')).toBe(left + 'Z'.repeat(taken.length));
  });

  test('takeSince splits a large piece that began before the mark', () => {
    const batch = new OutBatch();
    const socket = recordingSocket();
    batch.append(big(5000, 'A'));
    const mark = batch.length - 10; // the mark falls inside the piece
    expect(batch.takeSince(mark).toString('latin1')).toBe('A'.repeat(10));
    batch.flushTo(socket.socket);
    expect(Buffer.concat(socket.writes).toString('latin1')).toBe('A'.repeat(4990));
  });

  test('clear drops everything', () => {
    const batch = new OutBatch();
    const socket = recordingSocket();
    batch.append(bytes('gone'));
    batch.append(big(5000, 'L'));
    batch.clear();
    expect(batch.length).toBe(0);
    batch.append(bytes('kept'));
    batch.flushTo(socket.socket);
    expect(socket.writes.map((w) => w.toString('latin1'))).toEqual(['kept']);
  });
});
