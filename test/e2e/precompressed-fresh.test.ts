/**
 * A precompressed sibling is kept in memory with its original's cached copy (file-response.ts,
 * fromSibling): every kind of change to the sibling is served at the next request, on one
 * keep-alive connection, with each parser.
 */
import { mkdtemp, rename, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildRequest, PARSERS, startServer, type Parser, type RunningServer } from './harness.js';
import { parserArgs } from './faults/fault-helpers.js';
import { KeepAliveClient } from './keep-alive-client.js';

/** Dates in the past: the original is cached (older than the racy window), the sibling newer than it. */
const ORIGINAL_TIME = 1_700_000_000;
const SIBLING_TIME = ORIGINAL_TIME + 60;
const text = (seed: string): Buffer => Buffer.from(`${seed}: ${'compressible line of text\n'.repeat(400)}`);
const GZIP: [string, string][] = [['Accept-Encoding', 'gzip']];

// [change to the sibling, what a gzip GET must then answer: the sibling's new bytes, or the original encoded on the fly]
type Row = [string, (dir: string) => Promise<Buffer | 'on the fly'>];
const ROWS: Row[] = [
  [
    'rewritten in place (same name, new bytes)',
    async (dir) => {
      const next = gzipSync(text('original'), { level: 1 });
      await writeFile(path.join(dir, 'page.txt.gz'), next);
      await utimes(path.join(dir, 'page.txt.gz'), SIBLING_TIME, SIBLING_TIME);
      return next;
    },
  ],
  [
    'replaced by rename',
    async (dir) => {
      const next = gzipSync(text('original'), { level: 6, memLevel: 8, windowBits: 14 });
      await writeFile(path.join(dir, 'next.gz'), next);
      await utimes(path.join(dir, 'next.gz'), SIBLING_TIME, SIBLING_TIME);
      await rename(path.join(dir, 'next.gz'), path.join(dir, 'page.txt.gz'));
      return next;
    },
  ],
  ['deleted', async (dir) => (await unlink(path.join(dir, 'page.txt.gz')), 'on the fly')],
  [
    'made older than the original (a stale build output)',
    async (dir) => (await utimes(path.join(dir, 'page.txt.gz'), ORIGINAL_TIME - 60, ORIGINAL_TIME - 60), 'on the fly'),
  ],
];

describe.each(PARSERS)('a kept precompressed sibling is never stale, with the %s parser', (parser: Parser) => {
  let dir = '';
  let server: RunningServer | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ferroserve-sibling-'));
    server = await startServer({ args: [...parserArgs(parser), '--directory', dir] });
  }, 20_000);

  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  }, 15_000);

  test.each(ROWS)('%s', async (_name, change) => {
    await writeFile(path.join(dir, 'page.txt'), text('original'));
    await utimes(path.join(dir, 'page.txt'), ORIGINAL_TIME, ORIGINAL_TIME);
    const first = gzipSync(text('original'), { level: 9 });
    await writeFile(path.join(dir, 'page.txt.gz'), first);
    await utimes(path.join(dir, 'page.txt.gz'), SIBLING_TIME, SIBLING_TIME);
    const client = new KeepAliveClient(server!.port);
    try {
      const get = () => client.request(buildRequest({ method: 'GET', target: '/files/page.txt', headers: GZIP }));
      // Twice: the first reads the sibling and keeps it, the second is answered from what was kept.
      for (let i = 0; i < 2; i++) {
        const answer = await get();
        expect(answer.header('content-encoding')).toBe('gzip');
        expect(answer.body.equals(first)).toBe(true);
      }
      const expected = await change(dir);
      const after = await get();
      expect(after.header('content-encoding')).toBe('gzip');
      if (expected === 'on the fly') {
        expect(after.body.equals(first)).toBe(false);
        expect(gunzipSync(after.body).equals(text('original'))).toBe(true);
      } else expect(after.body.equals(expected)).toBe(true);
    } finally {
      client.close();
    }
  }, 15_000);
});
