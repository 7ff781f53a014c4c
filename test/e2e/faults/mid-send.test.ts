/**
 * A file changed under a download: a client reads the head and stops reading (the rest waits
 * in the kernel's buffers), the file is truncated, deleted, replaced by a symlink leading
 * outside the tree or by another file, and then the client reads on. The body is either the
 * whole old file, or a prefix of it with the connection closed (Content-Length framing: the
 * client sees the cut, a short body is never presented as complete). Never a byte from
 * elsewhere, never a crash, and no descriptor left open once the connections are gone.
 *
 * The file is 16 MiB, several times what the loopback's socket buffers hold (4 MiB to send by
 * default), so that the change lands while most of it is still to be read from disk.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, symlink, truncate, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildRequest, eventually, RawConnection, SECRET, startServer, TRANSPORTS, type RunningServer } from '../harness.js';
import { openDescriptors, parserArgs } from './fault-helpers.js';

const SIZE = 16 * 1024 * 1024;

interface Row {
  readonly name: string;
  /**
   * What the client gets: `whole` (the open descriptor keeps the old file, whatever its name
   * now leads to) or `cut` (its bytes are gone: a prefix, then the close).
   */
  readonly expected: 'whole' | 'cut';
  /** Changes `file` (in the served folder; `outside` holds the secret). */
  change(file: string, outside: string): Promise<void>;
}

const ROWS: readonly Row[] = [
  { name: 'truncated to nothing', expected: 'cut', change: (file) => truncate(file, 0) },
  { name: 'truncated to 1 MiB', expected: 'cut', change: (file) => truncate(file, 1024 * 1024) },
  { name: 'deleted', expected: 'whole', change: (file) => unlink(file) },
  {
    name: 'replaced by a symlink to a file outside the tree',
    expected: 'whole',
    async change(file, outside) {
      await unlink(file);
      await symlink(path.join(outside, 'secret.txt'), file);
    },
  },
  {
    name: 'replaced by another file (renamed over it)',
    expected: 'whole',
    async change(file) {
      await writeFile(`${file}.next`, Buffer.alloc(SIZE, 0x5a));
      await rename(`${file}.next`, file);
    },
  },
];

describe.each(TRANSPORTS)('a file changed while it is being sent, over %s', (transport) => {
  let base = '';
  let served = '';
  let outside = '';
  let server: RunningServer | undefined;

  beforeAll(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'ferroserve-mid-send-'));
    served = path.join(base, 'served');
    outside = path.join(base, 'outside');
    await mkdir(served);
    await mkdir(outside);
    await writeFile(path.join(outside, 'secret.txt'), SECRET.repeat(1000));
    const args = [...parserArgs(transport), '--idle-timeout', '30000', '--directory', served];
    server = await startServer({ args, nodeHttp: transport === 'node-http' });
  }, 20_000);

  afterAll(async () => {
    await server?.stop();
    await rm(base, { recursive: true, force: true });
  }, 15_000);

  test.each(ROWS)('$name: $expected', async (row) => {
    const pid = server!.child.pid!;
    const name = `${row.name.replace(/\W+/g, '-')}.bin`;
    const file = path.join(served, name);
    const original = randomBytes(SIZE);
    await writeFile(file, original);
    const descriptorsBefore = await openDescriptors(pid);

    const connection = await RawConnection.open(server!.port);
    try {
      connection.socket.once('data', () => connection.socket.pause());
      await connection.write(buildRequest({ target: `/files/${name}` }));
      await connection.waitReceived(1, 5000);
      await row.change(file, outside);
      connection.socket.resume();

      const headEnd = await headEndOf(connection);
      const head = connection.all().toString('latin1', 0, headEnd);
      expect(head.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
      expect(head).toContain(`\r\nContent-Length: ${SIZE}\r\n`);
      // Until the whole body arrived (keep-alive: the connection stays open) or the server closed it.
      const done = async () => connection.all().length - headEnd >= SIZE || connection.closedByPeer;
      expect(await eventually(done, 20_000), 'the body ended or the connection closed').toBe(true);
      const body = connection.all().subarray(headEnd);

      expect(body.length).toBeLessThanOrEqual(SIZE);
      if (body.length < SIZE) expect(connection.closedByPeer, `a short body (${body.length} bytes) ends with the connection`).toBe(true);
      expect(body.equals(original.subarray(0, body.length)), 'every byte is the old file’s, in place').toBe(true);
      expect(body.includes(Buffer.from(SECRET.slice(0, 20))), 'no byte from outside the tree').toBe(false);
      expect(body.length === SIZE ? 'whole' : 'cut').toBe(row.expected);
    } finally {
      connection.destroy();
    }
    expect(server!.isRunning()).toBe(true);
    expect(await eventually(async () => (await openDescriptors(pid)) <= descriptorsBefore, 5000), `back to ${descriptorsBefore} descriptors`).toBe(true);
  }, 40_000);
});

/** Where the body begins: after the response head, once it arrived. */
async function headEndOf(connection: RawConnection): Promise<number> {
  const found = () => connection.all().indexOf('\r\n\r\n', 0, 'latin1');
  expect(await eventually(async () => found() >= 0 || connection.closedByPeer, 5000), 'a response head').toBe(true);
  expect(found(), 'a response head').toBeGreaterThanOrEqual(0);
  return found() + 4;
}
