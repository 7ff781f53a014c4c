/**
 * HTTPS (`--tls-cert`, `--tls-key`): a self-signed certificate made at test setup with openssl,
 * ferroserve's own transport over node:tls with each parser: GET (in memory, a file, a range),
 * an upload, keep-alive, and a client that speaks plain HTTP to the TLS port is not answered.
 * (Inside node:http, HTTPS is the host's business: createHandler works under node:https as is.)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PARSERS, buildRequest, createFixture, send, startServer, type Fixture, type RunningServer } from './harness.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ferroserve-tls-'));
const CERT = path.join(dir, 'cert.pem');
const KEY = path.join(dir, 'key.pem');
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-days', '1', '-keyout', KEY, '-out', CERT], { stdio: 'ignore' });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One request over HTTPS, trusting only the test's certificate. */
function request(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer; agent?: https.Agent }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers, ca: readFileSync(CERT), agent: options.agent, timeout: 5000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(options.body);
  });
}

describe.each(PARSERS)('HTTPS (%s)', (parser) => {
  let fixture: Fixture;
  let server: RunningServer;
  beforeAll(async () => {
    fixture = await createFixture();
    server = await startServer({ args: ['--parser', parser, '--directory', fixture.served, '--tls-cert', CERT, '--tls-key', KEY] });
  }, 20_000);
  afterAll(async () => {
    await server?.stop();
    await fixture?.cleanup();
  });

  test('the banner says https', () => {
    expect(server.banner).toBe(`ferroserve listening on https://127.0.0.1:${server.port} (directory: ${fixture.served}, parser: ${parser})`);
  });

  const GETS: readonly [string, Record<string, string>, number, (f: Fixture) => Buffer][] = [
    ['/echo/over%20tls', {}, 200, () => Buffer.from('over tls')],
    ['/files/hello.txt', {}, 200, (f) => f.files.get('hello.txt')!],
    ['/files/big.bin', {}, 200, (f) => f.big],
    ['/files/big.bin', { Range: 'bytes=10-19' }, 206, (f) => f.big.subarray(10, 20)],
  ];

  test.each(GETS)('GET %s %j -> %i', async (target, headers, status, expected) => {
    const answer = await request(server.port, { path: target, headers });
    expect(answer.status).toBe(status);
    expect(answer.body.equals(expected(fixture))).toBe(true);
  });

  test('an upload, then the file read back on the same kept-alive connection', async () => {
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const body = Buffer.alloc(200_000, 0x5a);
      const stored = await request(server.port, { method: 'PUT', path: '/files/tls.bin', body, agent });
      expect(stored.status).toBe(201);
      const read = await request(server.port, { path: '/files/tls.bin', agent });
      expect(read.body.equals(body)).toBe(true);
    } finally {
      agent.destroy();
    }
  });

  test('plain HTTP on the TLS port gets no HTTP answer, and the server goes on', async () => {
    await expect(send(server.port, buildRequest({ target: '/' }), { timeoutMs: 2000 })).rejects.toThrow();
    expect((await request(server.port, { path: '/' })).status).toBe(200);
  });
});
