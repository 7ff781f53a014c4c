/**
 * HTTP Basic auth (`--auth`, `--auth-file`, FERROSERVE_AUTH, `--auth-writes-only`): the exact
 * challenge, what is accepted and what is not, writes refused before anything is stored, and
 * with --cors: preflights pass without credentials and a 401 still carries the CORS fields.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createFixture, TRANSPORTS, buildRequest, send, serveFixture, startServer } from './harness.js';

const CHALLENGE = 'Basic realm="ferroserve", charset="UTF-8"';
const USER = 'jöse';
const PASSWORD = 'pä:ss word';
const basic = (credentials: string) => `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
const RIGHT = basic(`${USER}:${PASSWORD}`);

/** Each accepted or refused Authorization value, on GET /files/hello.txt. */
const AUTHORIZATIONS: readonly [string, string | undefined, number][] = [
  ['none', undefined, 401],
  ['right', RIGHT, 200],
  ['scheme in lower case', RIGHT.replace('Basic', 'basic'), 200],
  ['wrong password', basic(`${USER}:pä:ss wor`), 401],
  ['password with a byte more', basic(`${USER}:${PASSWORD}x`), 401],
  ['wrong user', basic(`jose:${PASSWORD}`), 401],
  ['empty credentials', basic(':'), 401],
  ['credentials in latin1, not UTF-8', `Basic ${Buffer.from(`${USER}:${PASSWORD}`, 'latin1').toString('base64')}`, 401],
  ['another scheme', `Bearer ${RIGHT.slice(6)}`, 401],
  ['not base64', 'Basic !!!', 401],
  ['no token', 'Basic', 401],
];

const secrets = mkdtempSync(path.join(os.tmpdir(), 'ferroserve-auth-'));
const AUTH_FILE = path.join(secrets, 'credentials');
writeFileSync(AUTH_FILE, `${USER}:${PASSWORD}\n`);
afterAll(() => rmSync(secrets, { recursive: true, force: true }));

describe.each(TRANSPORTS)('--auth (%s)', (transport) => {
  const suite = serveFixture(transport, { args: ['--auth', `${USER}:${PASSWORD}`] });

  test.each(AUTHORIZATIONS)('Authorization %s -> %i', async (_what, value, status) => {
    const response = await send(suite.port, buildRequest({ target: '/files/hello.txt', headers: value === undefined ? [] : [['Authorization', value]] }));
    expect(response.status).toBe(status);
    expect(response.header('www-authenticate')).toBe(status === 401 ? CHALLENGE : undefined);
    if (status === 401) expect(response.body.length).toBe(0);
  });

  test.each(['/', '/echo/x', '/user-agent', '/files/', '/nowhere'])('every route asks: GET %s -> 401', async (target) => {
    expect((await send(suite.port, buildRequest({ target }))).status).toBe(401);
  });

  test('an upload without credentials stores nothing; with them it is stored', async () => {
    const before = await suite.fixture.snapshot();
    const refused = await send(suite.port, buildRequest({ method: 'PUT', target: '/files/auth-new.txt', body: 'x' }));
    expect(refused.status).toBe(401);
    expect(await suite.fixture.snapshot()).toEqual(before);
    const stored = await send(suite.port, buildRequest({ method: 'PUT', target: '/files/auth-new.txt', body: 'x', headers: [['Authorization', RIGHT]] }));
    expect(stored.status).toBe(201);
  });
});

describe.each(TRANSPORTS)('--auth-file with --auth-writes-only (%s)', (transport) => {
  const suite = serveFixture(transport, { args: ['--auth-file', AUTH_FILE, '--auth-writes-only'] });

  const CASES: readonly [string, string, string | undefined, number][] = [
    ['GET', '/files/hello.txt', undefined, 200],
    ['HEAD', '/files/hello.txt', undefined, 200],
    ['OPTIONS', '/files/hello.txt', undefined, 204],
    ['PUT', '/files/w.txt', undefined, 401],
    ['POST', '/files/w.txt', undefined, 401],
    ['DELETE', '/files/hello.txt', undefined, 401],
    ['PUT', '/files/w.txt', RIGHT, 201],
    ['PUT', '/files/w.txt', basic(`${USER}:nope`), 401],
  ];

  test.each(CASES)('%s %s (Authorization %s) -> %i', async (method, target, value, status) => {
    const response = await send(
      suite.port,
      buildRequest({ method, target, body: method === 'PUT' || method === 'POST' ? 'w' : undefined, headers: value === undefined ? [] : [['Authorization', value]] }),
      { rules: [method === 'HEAD' ? 'bodyless' : 'by-headers'] },
    );
    expect(response.status).toBe(status);
  });
});

describe.each(TRANSPORTS)('--auth with --cors (%s)', (transport) => {
  const suite = serveFixture(transport, { args: ['--auth', 'me:pw', '--cors', 'https://app.example'] });

  test('a preflight needs no credentials', async () => {
    const response = await send(
      suite.port,
      buildRequest({ method: 'OPTIONS', target: '/files/x.txt', headers: [['Origin', 'https://app.example'], ['Access-Control-Request-Method', 'PUT'], ['Access-Control-Request-Headers', 'authorization']] }),
    );
    expect(response.status).toBe(204);
    expect(response.header('access-control-allow-methods')).toBe('GET, HEAD, POST, PUT, OPTIONS');
    expect(response.header('access-control-allow-headers')).toBe('authorization');
    expect(response.header('access-control-allow-credentials')).toBe('true');
  });

  test('a 401 carries the CORS fields, so the page can read it', async () => {
    const response = await send(suite.port, buildRequest({ target: '/files/hello.txt', headers: [['Origin', 'https://app.example']] }));
    expect(response.status).toBe(401);
    expect(response.header('access-control-allow-origin')).toBe('https://app.example');
    expect(response.header('www-authenticate')).toBe(CHALLENGE);
  });
});

describe('FERROSERVE_AUTH', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  test('credentials from the environment', async () => {
    const fixture = await createFixture();
    cleanups.push(() => fixture.cleanup());
    const server = await startServer({ args: ['--directory', fixture.served], env: { FERROSERVE_AUTH: 'env:secret' } });
    cleanups.push(() => server.stop());
    expect((await send(server.port, buildRequest({ target: '/files/hello.txt' }))).status).toBe(401);
    expect((await send(server.port, buildRequest({ target: '/files/hello.txt', headers: [['Authorization', basic('env:secret')]] }))).status).toBe(200);
  });
});
