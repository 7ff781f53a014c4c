/**
 * Shutdown under load: SIGTERM while ~200 GETs (small files and the 5 MiB one) and 50 uploads
 * are in flight. Every request whose head arrived gets a complete answer; a request sent after
 * the signal is answered completely or its connection is refused or closed without a byte
 * (never half an answer); every upload target is complete or absent; no temporary file is left;
 * the process exits 0.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
  BIG_SIZE,
  buildRequest,
  createFixture,
  type Fixture,
  PARSERS,
  RawConnection,
  type RunningServer,
  startServer,
} from './harness.js';

const SMALL_GETS = 160;
const BIG_GETS = 40;
const UPLOADS = 50;
const UPLOAD_BYTES = 128 * 1024;
const LATE_ATTEMPTS = 10;
const SMALL_FILES = ['hello.txt', 'tiny.css', 'data.json', 'page.html', 'binary.bin'];

let fixture: Fixture | undefined;
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.stop('SIGKILL');
  server = undefined;
  await fixture?.cleanup();
  fixture = undefined;
}, 20_000);

const sha1 = (bytes: Buffer): string => createHash('sha1').update(bytes).digest('hex');

/** How a request sent around the signal ended, as the client saw it. */
type Ending =
  | { readonly kind: 'answered'; readonly status: number; readonly body: Buffer; readonly closes: boolean }
  /** Refused, reset or closed before any byte of an answer: the request was not taken. */
  | { readonly kind: 'not-taken' }
  /** Some bytes of an answer and then the end: what must never happen. */
  | { readonly kind: 'cut'; readonly detail: string };

/** Sends `request` on `connection` (unless null) and reads its next answer. */
async function ending(connection: RawConnection, request: Buffer | null): Promise<Ending> {
  try {
    if (request !== null) await connection.write(request);
  } catch {
    // The server closed first; whatever it sent before (nothing, for a request not taken) is judged below.
  }
  try {
    const response = await connection.readResponse({ timeoutMs: 30_000 });
    return { kind: 'answered', status: response.status, body: response.body, closes: response.header('connection') === 'close' };
  } catch (error) {
    const unread = connection.unread();
    return unread.length === 0 ? { kind: 'not-taken' } : { kind: 'cut', detail: `${(error as Error).message}` };
  }
}

/** A GET of the 5 MiB file whose client stops reading after the first bytes, until `resume`. */
class PausedDownload {
  private head: Buffer | null = null;
  private buffered: Buffer[] = [];
  private bodyBytes = 0;
  private readonly hash = createHash('sha1');
  private readonly ended: Promise<void>;
  private firstByte!: () => void;
  readonly started: Promise<void>;

  constructor(private readonly socket: net.Socket) {
    this.started = new Promise((resolve) => (this.firstByte = resolve));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined);
    this.ended = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static async open(port: number): Promise<PausedDownload> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const download = new PausedDownload(socket);
    socket.write(buildRequest({ target: '/files/big.bin' }));
    await download.started;
    socket.pause();
    return download;
  }

  resume(): void {
    this.socket.resume();
  }

  /** Once the server closed: the status line and the body's digest and length. */
  async result(): Promise<{ statusLine: string; bytes: number; sha1: string }> {
    await this.ended;
    const statusLine = this.head === null ? '' : this.head.toString('latin1', 0, this.head.indexOf('\r\n'));
    return { statusLine, bytes: this.bodyBytes, sha1: this.hash.digest('hex') };
  }

  private onData(chunk: Buffer): void {
    this.firstByte();
    if (this.head === null) {
      this.buffered.push(chunk);
      const all = Buffer.concat(this.buffered);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) return;
      this.head = all.subarray(0, end);
      this.buffered = [];
      chunk = all.subarray(end + 4);
    }
    this.bodyBytes += chunk.length;
    this.hash.update(chunk);
  }
}

/** A connection attempt after the signal: refused, closed without a byte, or answered whole. */
async function lateAttempt(port: number): Promise<Ending> {
  let connection: RawConnection;
  try {
    connection = await RawConnection.open(port);
  } catch {
    return { kind: 'not-taken' };
  }
  try {
    return await ending(connection, buildRequest({ target: '/files/hello.txt' }));
  } finally {
    connection.destroy();
  }
}

describe.each(PARSERS)('SIGTERM under load (%s)', (parser) => {
  test('heads that arrived are answered whole, uploads are whole or absent, no temporaries, exit 0', async () => {
    fixture = await createFixture();
    const served = fixture.served;
    server = await startServer({
      args: ['--parser', parser, '--directory', served, '--shutdown-grace', '30000', '--idle-timeout', '30000', '--head-timeout', '30000'],
    });
    const port = server.port;
    const bodies = Array.from({ length: UPLOADS }, () => randomBytes(UPLOAD_BYTES));

    // In flight before the signal, each head known to have arrived: small GETs answered once on
    // keep-alive connections, big GETs whose first bytes came, uploads invited by 100 Continue
    // with half of their body sent.
    const small = await Promise.all(
      Array.from({ length: SMALL_GETS }, async (_, i) => {
        const connection = await RawConnection.open(port);
        const name = SMALL_FILES[i % SMALL_FILES.length];
        const first = await ending(connection, buildRequest({ target: `/files/${name}` }));
        return { connection, name, first };
      }),
    );
    const big = await Promise.all(Array.from({ length: BIG_GETS }, () => PausedDownload.open(port)));
    const uploads = await Promise.all(
      bodies.map(async (body, i) => {
        const connection = await RawConnection.open(port);
        const head = `PUT /files/up-${i}.bin HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`;
        const invited = await ending(connection, Buffer.from(head, 'latin1'));
        await connection.write(body.subarray(0, body.length / 2));
        return { connection, invited, name: `up-${i}.bin` };
      }),
    );

    server.child.kill('SIGTERM');
    const exited = server.exited;
    const [secondSmall, uploadAnswers, bigResults, late] = await Promise.all([
      Promise.all(small.map(({ connection, name }) => ending(connection, buildRequest({ target: `/files/${name}` })))),
      Promise.all(uploads.map(({ connection }, i) => ending(connection, bodies[i].subarray(UPLOAD_BYTES / 2)))),
      Promise.all(
        big.map((download) => {
          download.resume();
          return download.result();
        }),
      ),
      Promise.all(Array.from({ length: LATE_ATTEMPTS }, () => lateAttempt(port))),
    ]);
    expect(await exited).toEqual({ code: 0, signal: null });

    const files = fixture.files;
    for (const { name, first } of small) {
      expect(first.kind === 'answered' && first.status === 200 && first.body.equals(files.get(name)!), `first GET of ${name}`).toBe(true);
    }
    for (const [i, second] of secondSmall.entries()) {
      expect(second.kind, `GET after the signal: ${JSON.stringify(second)}`).not.toBe('cut');
      if (second.kind === 'answered') {
        expect(second.status).toBe(200);
        expect(second.body.equals(files.get(small[i].name)!)).toBe(true);
        expect(second.closes, 'the last answer says the connection closes').toBe(true);
      }
    }
    const bigSha = sha1(fixture.big);
    for (const result of bigResults) expect(result).toEqual({ statusLine: 'HTTP/1.1 200 OK', bytes: BIG_SIZE, sha1: bigSha });
    for (const attempt of late) expect(attempt.kind, JSON.stringify(attempt)).not.toBe('cut');

    const entries = await readdir(served);
    let stored = 0;
    for (const [i, { invited, name }] of uploads.entries()) {
      expect(invited.kind === 'answered' && invited.status === 100, `${name} invited`).toBe(true);
      const answer = uploadAnswers[i];
      // Its head arrived: the upload is answered, and within the grace it completes.
      expect(answer.kind === 'answered' ? answer.status : answer.kind, name).toBe(201);
      if (entries.includes(name)) {
        expect((await readFile(path.join(served, name))).equals(bodies[i]), `${name} holds exactly its body`).toBe(true);
        stored++;
      }
    }
    expect(stored).toBe(UPLOADS);
    const left = (await readdir(served, { recursive: true })).filter((entry) => path.basename(entry).startsWith('.ferroserve-upload-') && !entry.startsWith('link-'));
    expect(left).toEqual([]);
    for (const { connection } of [...small, ...uploads]) connection.destroy();
  }, 90_000);
});
