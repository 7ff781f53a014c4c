/**
 * What the end-to-end suites share: the server process, the raw client, the fixture folder,
 * a per-suite server over a fresh fixture, and the checks every response must pass.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { createFixture, type Fixture } from './fixtures.js';
import { RawConnection, buildRequest, type RawResponse } from './raw-client.js';
import { startServer, type RunningServer, type Transport } from './server-process.js';

export * from './fixtures.js';
export * from './raw-client.js';
export * from './server-process.js';

export interface ServedSuite {
  readonly server: RunningServer;
  readonly port: number;
  readonly fixture: Fixture;
}

export interface ServeOptions {
  /** Extra CLI arguments. */
  readonly args?: readonly string[];
  /** Start without `--directory` (the fixture is still made, for checks of what is on disk). */
  readonly withoutDirectory?: boolean;
}

/**
 * Registers beforeAll/afterAll that make a fresh fixture and start it (the CLI with
 * `--parser`, or createHandler in node:http), and returns accessors valid inside tests. Idle connections are kept 30 s unless
 * the suite passes its own `--idle-timeout`, so that only deliberate closes are seen.
 */
export function serveFixture(transport: Transport, options: ServeOptions = {}): ServedSuite {
  let server: RunningServer | undefined;
  let fixture: Fixture | undefined;
  beforeAll(async () => {
    fixture = await createFixture();
    const extra = options.args ?? [];
    const nodeHttp = transport === 'node-http';
    const parser = nodeHttp ? [] : ['--parser', transport];
    const args = [...parser, ...(extra.includes('--idle-timeout') ? [] : ['--idle-timeout', '30000']), ...extra];
    if (!options.withoutDirectory) args.push('--directory', fixture.served);
    server = await startServer({ args, cwd: options.withoutDirectory ? fixture.root : undefined, nodeHttp });
  }, 20_000);
  afterAll(async () => {
    await server?.stop();
    await fixture?.cleanup();
  }, 15_000);
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready (beforeAll failed?)`);
    return value;
  };
  return {
    get server() {
      return ready(server, 'server');
    },
    get port() {
      return ready(server, 'server').port;
    },
    get fixture() {
      return ready(fixture, 'fixture');
    },
  };
}

/** Headers the challenge's checker rejects, and framing a test client must be able to trust. */
export function expectCleanHeaders(response: RawResponse, options: { date?: boolean } = {}): void {
  expect(response.headerCount('server'), 'no Server header').toBe(0);
  if (!options.date) expect(response.headerCount('date'), 'no Date header without --date').toBe(0);
  expect(response.headerCount('transfer-encoding'), 'Content-Length framing, not chunked').toBe(0);
  const names = response.headers.map(([name]) => name.toLowerCase());
  expect(new Set(names).size, `no header repeated: ${names.join(', ')}`).toBe(names.length);
}

/** A response to a non-HEAD request: Content-Length present and equal to the body's length. */
export function expectFramed(response: RawResponse): void {
  expect(response.header('content-length'), `Content-Length on ${response.statusLine}`).toBe(String(response.body.length));
}

/** The comma-separated tokens of a header, lower-cased. */
export function tokens(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter((token) => token.length > 0);
}

/** Proves the server still answers: a fresh connection, `GET /`, `200 OK`. */
export async function expectStillServing(port: number): Promise<void> {
  const connection = await RawConnection.open(port);
  try {
    await connection.write(buildRequest({ target: '/' }));
    const response = await connection.readResponse();
    expect(response.statusLine).toBe('HTTP/1.1 200 OK');
  } finally {
    connection.destroy();
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 50 ms until it returns true or `timeoutMs` passes; returns the last result. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 3000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
}
