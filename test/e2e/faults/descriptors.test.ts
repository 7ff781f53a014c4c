/**
 * Descriptors used up (EMFILE): the server's descriptor limit is lowered (prlimit) to a few
 * above what it holds at rest, then more downloads arrive than it has descriptors for. It must
 * not crash; each connection is answered (200, or 503 with Retry-After when the file cannot be
 * opened) or refused (closed at once: libuv accepts and closes what it cannot keep); and once
 * the connections are gone it serves and stores again, and holds no more descriptors than before.
 *
 * ferroserve's own transport only: inside node:http, accepting is the host server's business.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BIG_SIZE, buildRequest, eventually, send, serveFixture, PARSERS, type RawConnection } from '../harness.js';
import { announceSkip, headOnly, openDescriptors, type Facility } from './fault-helpers.js';

/** Descriptors the server may open beyond those it holds at rest. */
const SPARE = 12;
/** More downloads than that: each holds a socket and a file. */
const DOWNLOADS = 20;

function prlimit(pid: number, limit: number): void {
  const result = spawnSync('prlimit', ['--pid', String(pid), `--nofile=${limit}:${limit}`], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`prlimit --pid ${pid} --nofile=${limit}: ${result.stderr}${result.error?.message ?? ''}`);
}

function probePrlimit(): Facility {
  const result = spawnSync('prlimit', ['--pid', String(process.pid), '--nofile'], { encoding: 'utf8' });
  return result.status === 0 ? { kind: 'available' } : { kind: 'missing', reason: `prlimit is not usable here (${result.stderr}${result.error?.message ?? ''})` };
}

const skip = announceSkip('descriptors exhausted (prlimit)', probePrlimit());

const GET_BIG = buildRequest({ target: '/files/big.bin' });

describe.skipIf(skip).each(PARSERS)('descriptors exhausted with the %s parser', (parser) => {
  const suite = serveFixture(parser);
  const held: RawConnection[] = [];
  let atRest = 0;

  beforeAll(async () => {
    // Warm: the first requests open what the server keeps (the wire, the thread pool's pipes).
    expect((await send(suite.port, buildRequest({ target: '/files/hello.txt' }))).status).toBe(200);
    atRest = await openDescriptors(suite.server.child.pid!);
    prlimit(suite.server.child.pid!, atRest + SPARE);
  });

  afterAll(() => {
    for (const connection of held) connection.destroy();
  });

  test('more downloads than descriptors: answered or refused, never a crash; recovered once they close', async () => {
    const { port, server } = suite;
    const pid = server.child.pid!;
    const seen: string[] = [];
    for (let i = 0; i < DOWNLOADS; i++) {
      const outcome = await headOnly(port, GET_BIG);
      if (outcome.kind === 'refused') {
        seen.push('refused');
        continue;
      }
      held.push(outcome.connection);
      seen.push(outcome.response.statusLine);
      if (outcome.response.status === 503) expect(outcome.response.header('retry-after')).toMatch(/^\d+$/);
    }
    const allowed = ['HTTP/1.1 200 OK', 'HTTP/1.1 503 Service Unavailable', 'refused'];
    expect(seen.filter((what) => !allowed.includes(what)), seen.join(', ')).toEqual([]);
    expect(seen, 'some connections found no descriptor').toContain('refused');
    expect(server.isRunning()).toBe(true);

    // Exactly one descriptor free: the downloads end, idle connections (one descriptor each)
    // take every descriptor, and one of them closes. The next connection takes the last one,
    // and its file finds none.
    for (const connection of held.splice(0)) connection.destroy();
    expect(await eventually(async () => (await openDescriptors(pid)) <= atRest, 5000), `back to ${atRest} descriptors`).toBe(true);
    let refused = false;
    for (let i = 0; i < 2 * SPARE && !refused; i++) {
      const idle = await headOnly(port, buildRequest({ target: '/echo/idle' }));
      if (idle.kind === 'refused') refused = true;
      else {
        expect(idle.response.statusLine).toBe('HTTP/1.1 200 OK');
        held.push(idle.connection);
      }
    }
    expect(refused, 'idle connections took every descriptor').toBe(true);
    const full = await openDescriptors(pid);
    held.pop()!.destroy();
    expect(await eventually(async () => (await openDescriptors(pid)) === full - 1), 'the idle connection closed').toBe(true);
    const starved = await headOnly(port, GET_BIG);
    if (starved.kind === 'answered') held.push(starved.connection);
    expect(starved.kind === 'answered' && starved.response.statusLine).toBe('HTTP/1.1 503 Service Unavailable');
    if (starved.kind === 'answered') {
      expect(starved.response.header('retry-after')).toMatch(/^\d+$/);
      // The connection stays usable, and an upload on it finds no descriptor for its temporary.
      const connection = starved.connection;
      connection.socket.resume();
      await connection.write(buildRequest({ method: 'PUT', target: '/files/starved.txt', body: 'x' }));
      const [, upload] = await connection.readResponses(2);
      expect(upload.statusLine).toBe('HTTP/1.1 503 Service Unavailable');
      expect(upload.header('retry-after')).toMatch(/^\d+$/);
    }
    expect(server.isRunning()).toBe(true);

    for (const connection of held.splice(0)) connection.destroy();
    expect(await eventually(async () => (await openDescriptors(pid)) <= atRest, 5000), `back to ${atRest} descriptors`).toBe(true);
    expect(server.isRunning()).toBe(true);

    const whole = await send(port, GET_BIG, { timeoutMs: 10_000 });
    expect(whole.statusLine).toBe('HTTP/1.1 200 OK');
    expect(whole.body.length).toBe(BIG_SIZE);
    expect(whole.body.equals(suite.fixture.big)).toBe(true);
    const stored = await send(port, buildRequest({ method: 'PUT', target: '/files/after.txt', body: 'after\n' }));
    expect(stored.statusLine).toBe('HTTP/1.1 201 Created');
  }, 40_000);
});
