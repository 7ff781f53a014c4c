/**
 * Two separate ferroserve processes serving one folder (the multi-host case on a shared file
 * system, on one machine): 50 uploads of different bodies to one name at once, split across
 * both, while readers GET that name in a loop from both. The file ends as exactly one of the
 * bodies; every read is a whole body, one of the uploaded ones or the original, never a mix or
 * a part; no temporary is left. One process per parser (and node:http beside the native one).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildRequest, RawConnection, send, startServer, type RunningServer, type Transport } from '../harness.js';
import { parserArgs, uploadTemporaries } from './fault-helpers.js';

const UPLOADS = 50;
const READERS_PER_SERVER = 2;
/** Bounds of each reader's loop. */
const MAX_READS = 300;
const MAX_READ_MS = 20_000;
const TARGET = '/files/shared.bin';

const digest = (bytes: Buffer): string => createHash('sha1').update(bytes).digest('hex');

/** Bodies of many sizes: below and above the size answered from memory (1 MiB), up to 1.3 MiB. */
const BODIES: readonly Buffer[] = Array.from({ length: UPLOADS }, (_, i) => randomBytes(1024 * (1 + ((i * 137) % 1300))));
const ORIGINAL = randomBytes(100 * 1024);
/** digest -> which body it is. */
const KNOWN = new Map<string, string>([[digest(ORIGINAL), 'the original'], ...BODIES.map((body, i): [string, string] => [digest(body), `body ${i}`])]);

const PAIRS: ReadonlyArray<readonly [Transport, Transport]> = [
  ['native', 'js'],
  ['node-http', 'native'],
];

describe.each(PAIRS)('two processes (%s and %s) serving one folder', (first, second) => {
  let base = '';
  let served = '';
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'ferroserve-two-processes-'));
    served = path.join(base, 'served');
    await mkdir(served);
    await writeFile(path.join(served, 'shared.bin'), ORIGINAL);
    for (const transport of [first, second]) {
      const args = [...parserArgs(transport), '--idle-timeout', '30000', '--directory', served];
      servers.push(await startServer({ args, nodeHttp: transport === 'node-http' }));
    }
  }, 20_000);

  afterAll(async () => {
    for (const server of servers) await server.stop();
    await rm(base, { recursive: true, force: true });
  }, 15_000);

  test('50 concurrent PUTs to one name: one whole body wins, every read is a whole body', async () => {
    let writing = true;
    const reads: string[] = [];
    const readLoop = async (port: number): Promise<void> => {
      const connection = await RawConnection.open(port);
      const deadline = Date.now() + MAX_READ_MS;
      try {
        for (let i = 0; i < MAX_READS && (writing || i === 0) && Date.now() < deadline; i++) {
          await connection.write(buildRequest({ target: TARGET }));
          const response = await connection.readResponse({ timeoutMs: 10_000 });
          expect(response.statusLine).toBe('HTTP/1.1 200 OK');
          reads.push(KNOWN.get(digest(response.body)) ?? `an unknown body of ${response.body.length} bytes`);
        }
      } finally {
        connection.destroy();
      }
    };
    const readers = servers.flatMap((server) => Array.from({ length: READERS_PER_SERVER }, () => readLoop(server.port)));

    const uploads = BODIES.map((body, i) =>
      send(servers[i % 2].port, buildRequest({ method: 'PUT', target: TARGET, body }), { timeoutMs: 20_000 }).then((response) => response.statusLine),
    );
    const statuses = await Promise.all(uploads);
    writing = false;
    await Promise.all(readers);

    // The file always existed (each upload is renamed over it): every PUT replaced it.
    expect(new Set(statuses)).toEqual(new Set(['HTTP/1.1 204 No Content']));
    expect(reads.filter((read) => read.startsWith('an unknown')), `${reads.length} reads`).toEqual([]);
    expect(new Set(reads).size, 'the readers saw the file change under them').toBeGreaterThan(1);
    const final = await readFile(path.join(served, 'shared.bin'));
    const winner = KNOWN.get(digest(final));
    expect(winner, 'the file is one of the uploaded bodies').toMatch(/^body \d+$/);
    for (const server of servers) expect((await send(server.port, buildRequest({ target: TARGET }))).body.equals(final)).toBe(true);
    expect(await uploadTemporaries(served)).toEqual([]);
    for (const server of servers) expect(server.isRunning()).toBe(true);
  }, 60_000);
});
