/**
 * The served folder itself goes away while the server runs: deleted and made again at the same
 * path, or (the usual atomic deploy) served through a symlink `current` that is switched to the
 * next release. While it is missing every request gets 404, none crashes the server; once it is
 * back its files are served, written and listed, with their new bytes (no stale copy, no stale
 * real path of the root).
 */
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildRequest, send, startServer, TRANSPORTS, type RunningServer } from '../harness.js';
import { parserArgs } from './fault-helpers.js';

/** The same length before and after: only the bytes tell the versions apart. */
const BEFORE = Buffer.from('release one: hello\n');
const AFTER = Buffer.from('release two: hello\n');
const BIG = 256 * 1024;

/** Makes a release folder: hello.txt (small: cached in memory) and big.bin (streamed). */
async function release(dir: string, hello: Buffer, fill: number): Promise<void> {
  await mkdir(path.join(dir, 'sub'), { recursive: true });
  await writeFile(path.join(dir, 'hello.txt'), hello);
  await writeFile(path.join(dir, 'big.bin'), Buffer.alloc(BIG, fill));
}

interface Row {
  readonly name: string;
  readonly request: Buffer;
  /** While the folder is gone. */
  readonly gone: string;
  /** Once it is back. */
  readonly back: string;
  /** A HEAD answer has no body whatever its Content-Length says. */
  readonly head?: boolean;
}

const sendRow = (port: number, row: Row) => send(port, row.request, { rules: row.head ? ['bodyless'] : [] });

const NOT_FOUND = 'HTTP/1.1 404 Not Found';
const ROWS: readonly Row[] = [
  { name: 'GET of a small file', request: buildRequest({ target: '/files/hello.txt' }), gone: NOT_FOUND, back: 'HTTP/1.1 200 OK' },
  { name: 'HEAD of a small file', request: buildRequest({ method: 'HEAD', target: '/files/hello.txt' }), gone: NOT_FOUND, back: 'HTTP/1.1 200 OK', head: true },
  { name: 'GET of a large file', request: buildRequest({ target: '/files/big.bin' }), gone: NOT_FOUND, back: 'HTTP/1.1 200 OK' },
  { name: 'GET of a folder', request: buildRequest({ target: '/files/sub/' }), gone: NOT_FOUND, back: 'HTTP/1.1 200 OK' },
  { name: 'GET of the listing', request: buildRequest({ target: '/files/' }), gone: NOT_FOUND, back: 'HTTP/1.1 200 OK' },
  { name: 'PUT of a new file', request: buildRequest({ method: 'PUT', target: '/files/new.txt', body: 'new\n' }), gone: NOT_FOUND, back: 'HTTP/1.1 201 Created' },
  { name: 'PUT into a subfolder', request: buildRequest({ method: 'PUT', target: '/files/sub/new.txt', body: 'new\n' }), gone: NOT_FOUND, back: 'HTTP/1.1 201 Created' },
  { name: 'DELETE', request: buildRequest({ method: 'DELETE', target: '/files/big.bin' }), gone: NOT_FOUND, back: 'HTTP/1.1 204 No Content' },
];

/** How the folder goes away and comes back. */
interface Scenario {
  readonly name: string;
  /** Makes the folder and returns the path to serve. */
  setup(base: string): Promise<string>;
  remove(base: string): Promise<void>;
  restore(base: string): Promise<void>;
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'deleted and made again',
    async setup(base) {
      await release(path.join(base, 'served'), BEFORE, 1);
      return path.join(base, 'served');
    },
    remove: (base) => rm(path.join(base, 'served'), { recursive: true }),
    restore: (base) => release(path.join(base, 'served'), AFTER, 2),
  },
  {
    name: 'a symlink switched to the next release',
    async setup(base) {
      await release(path.join(base, 'release-1'), BEFORE, 1);
      await symlink('release-1', path.join(base, 'current'));
      return path.join(base, 'current');
    },
    // The old release is deleted first: `current` dangles.
    remove: (base) => rm(path.join(base, 'release-1'), { recursive: true }),
    async restore(base) {
      await release(path.join(base, 'release-2'), AFTER, 2);
      await symlink('release-2', path.join(base, 'current.next'));
      await rename(path.join(base, 'current.next'), path.join(base, 'current'));
    },
  },
];

describe.each(TRANSPORTS)('the served folder goes away and comes back, over %s', (transport) => {
  describe.each(SCENARIOS)('$name', (scenario) => {
    let base = '';
    let server: RunningServer | undefined;

    beforeAll(async () => {
      base = await mkdtemp(path.join(os.tmpdir(), 'ferroserve-served-folder-'));
      const served = await scenario.setup(base);
      const args = [...parserArgs(transport), '--idle-timeout', '30000', '--allow-delete', '--directory', served];
      server = await startServer({ args, nodeHttp: transport === 'node-http' });
    }, 20_000);

    afterAll(async () => {
      await server?.stop();
      await rm(base, { recursive: true, force: true });
    }, 15_000);

    test('404 while it is missing, served again once it is back, never a crash', async () => {
      const port = server!.port;
      // Read twice before: the small file is then answered from memory.
      for (let i = 0; i < 2; i++) expect((await send(port, buildRequest({ target: '/files/hello.txt' }))).body).toEqual(BEFORE);

      await scenario.remove(base);
      const gone = [];
      for (const row of ROWS) gone.push(`${row.name}: ${(await sendRow(port, row)).statusLine}`);
      expect(gone).toEqual(ROWS.map((row) => `${row.name}: ${row.gone}`));
      expect(server!.isRunning()).toBe(true);

      await scenario.restore(base);
      const back = [];
      for (const row of ROWS) back.push(`${row.name}: ${(await sendRow(port, row)).statusLine}`);
      expect(back).toEqual(ROWS.map((row) => `${row.name}: ${row.back}`));
      expect((await send(port, buildRequest({ target: '/files/hello.txt' }))).body).toEqual(AFTER);
      expect((await send(port, buildRequest({ target: '/files/new.txt' }))).body.toString()).toBe('new\n');
      const listing = await send(port, buildRequest({ target: '/files/', headers: [['Accept', 'application/json']] }));
      const names = (JSON.parse(listing.body.toString()) as { entries: { name: string }[] }).entries.map((entry) => entry.name);
      expect(names.sort()).toEqual(['hello.txt', 'new.txt', 'sub']);
    }, 30_000);
  });
});
