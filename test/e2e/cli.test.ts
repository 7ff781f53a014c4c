/**
 * The command line, as users meet it: help, version, the banner, flags over environment over
 * defaults, usage errors (exit 2) and runtime failures (exit 1) as one line on stderr, and a
 * graceful exit 0 on SIGTERM/SIGINT.
 */
import { readFileSync, realpathSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  REPO_ROOT,
  RawConnection,
  buildRequest,
  createFixture,
  runCli,
  sleep,
  startServer,
  type CliResult,
  type Fixture,
} from './harness.js';

const VERSION: string = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;

let fixture: Fixture;
beforeAll(async () => {
  fixture = await createFixture();
}, 20_000);
afterAll(async () => {
  await fixture?.cleanup();
});

/** A port that is certainly taken for the duration of `use`. */
async function withOccupiedPort<T>(use: (port: number) => Promise<T>): Promise<T> {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  try {
    return await use((blocker.address() as net.AddressInfo).port);
  } finally {
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
  }
}

/** One line on stderr starting `ferroserve: `, no stack trace, nothing on stdout. */
function expectOneErrorLine(result: CliResult): void {
  const lines = result.stderr.split('\n').filter((line) => line.trim().length > 0);
  expect(lines, `stderr: ${JSON.stringify(result.stderr)}`).toHaveLength(1);
  expect(lines[0]).toMatch(/^ferroserve: \S/);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stdout).toBe('');
}

describe('help and version', { timeout: 10_000 }, () => {
  test.each([['--help'], ['-h']])('%s: exit 0, options and examples on stdout', async (flag) => {
    const result = await runCli([flag]);
    expect(result.code).toBe(0);
    for (const option of ['--directory', '--port', '--host', '--parser', '--version', '--help']) {
      expect(result.stdout).toContain(option);
    }
    expect(result.stdout).toMatch(/example/i);
    expect(result.stdout).toContain('4221');
    expect(result.stderr).toBe('');
  });

  test.each([['--version'], ['-v']])('%s: `ferroserve X.Y.Z (parser: NAME)` and exit 0', async (flag) => {
    const result = await runCli([flag]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^ferroserve ${VERSION.replace(/\./g, '\\.')} \\(parser: (native|js)\\)\\n$`));
  });

  test.each(['native', 'js'])('FERROSERVE_PARSER=%s shows in --version', async (parser) => {
    const result = await runCli(['--version'], { env: { FERROSERVE_PARSER: parser } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`ferroserve ${VERSION} (parser: ${parser})\n`);
  });
});

describe('usage errors: exit 2, one line on stderr', { timeout: 10_000 }, () => {
  // `--port 0` wherever it does not change the point, so that a server which wrongly starts
  // listens on a free port, never on 4221.
  test.each([
    { args: ['--port', '0', '--bogus'], env: {} },
    { args: ['--port', 'abc'], env: {} },
    { args: ['--port', '70000'], env: {} },
    { args: ['--port', '-1'], env: {} },
    { args: ['--port', '12.5'], env: {} },
    { args: ['--port', '0', '--parser', 'fast'], env: {} },
    { args: ['--port', '0', '--max-body', 'lots'], env: {} },
    { args: ['--port', '0', '--idle-timeout', 'soon'], env: {} },
    { args: ['--port', '0', '--head-timeout', '-5'], env: {} },
    { args: ['--port', '0', '--directory'], env: {} },
    { args: ['--port', '0', 'an-extra-argument'], env: {} },
    { args: [], env: { PORT: 'abc' } },
    { args: ['--port', '0'], env: { FERROSERVE_PARSER: 'fast' } },
  ])('$args $env -> exit 2', async ({ args, env }) => {
      const result = await runCli(args, { env });
    expect(result.code, `stderr: ${result.stderr}`).toBe(2);
    expectOneErrorLine(result);
  });
});

describe('runtime failures: exit 1, one line on stderr', { timeout: 10_000 }, () => {
  test('--directory that does not exist', async () => {
    const result = await runCli(['--port', '0', '--directory', path.join(fixture.root, 'no-such-folder')]);
    expect(result.code).toBe(1);
    expectOneErrorLine(result);
  });

  test('--directory that is a file', async () => {
    const result = await runCli(['--port', '0', '--directory', path.join(fixture.served, 'hello.txt')]);
    expect(result.code).toBe(1);
    expectOneErrorLine(result);
  });

  test('a port in use', async () => {
    await withOccupiedPort(async (port) => {
      const result = await runCli(['--port', String(port), '--host', '127.0.0.1']);
      expect(result.code).toBe(1);
      expectOneErrorLine(result);
      expect(result.stderr).toContain(String(port));
    });
  });
});

describe('the banner and configuration sources', { timeout: 10_000 }, () => {
  test('exactly one line on stdout, with the real port, the absolute directory and the parser', async () => {
    const server = await startServer({ args: ['--directory', 'served', '--parser', 'js'], cwd: fixture.root });
    try {
      expect([fixture.served, realpathSync(fixture.served)]).toContain(server.directory);
      expect(server.banner).toBe(`ferroserve listening on http://127.0.0.1:${server.port} (directory: ${server.directory}, parser: js)`);
      expect(server.port).toBeGreaterThan(0);
      await sleep(200);
      expect(server.stdout()).toBe(`${server.banner}\n`);
    } finally {
      await server.stop();
    }
  });

  test('without --directory the banner says directory: none', async () => {
    const server = await startServer({ args: ['--parser', 'js'] });
    try {
      expect(server.directory).toBe('none');
    } finally {
      await server.stop();
    }
  });

  test.each(['native', 'js'])('FERROSERVE_PARSER=%s shows in the banner', async (parser) => {
    const server = await startServer({ env: { FERROSERVE_PARSER: parser } });
    try {
      expect(server.parser).toBe(parser);
    } finally {
      await server.stop();
    }
  });

  test('--parser beats FERROSERVE_PARSER', async () => {
    const server = await startServer({ args: ['--parser', 'js'], env: { FERROSERVE_PARSER: 'native' } });
    try {
      expect(server.parser).toBe('js');
    } finally {
      await server.stop();
    }
  });

  test('PORT is used when there is no --port (a taken PORT fails with exit 1)', async () => {
    await withOccupiedPort(async (port) => {
      const result = await runCli([], { env: { PORT: String(port) } });
      expect(result.code).toBe(1);
      expectOneErrorLine(result);
    });
    const server = await startServer({ portFlag: false, env: { PORT: '0' } });
    try {
      expect(server.port).not.toBe(4221);
      expect(server.port).toBeGreaterThan(0);
    } finally {
      await server.stop();
    }
  });

  test('--port beats PORT', async () => {
    await withOccupiedPort(async (port) => {
      const server = await startServer({ args: ['--port', '0'], env: { PORT: String(port) } });
      try {
        expect(server.port).not.toBe(port);
      } finally {
        await server.stop();
      }
    });
  });

  test('--host beats HOST', async () => {
    const server = await startServer({ args: ['--host', '127.0.0.1'], env: { HOST: 'localhost' } });
    try {
      expect(server.host).toBe('127.0.0.1');
    } finally {
      await server.stop();
    }
  });

  test('HOST is used when there is no --host', async () => {
    const server = await startServer({ env: { HOST: '127.0.0.1' } });
    try {
      expect(server.host).toBe('127.0.0.1');
    } finally {
      await server.stop();
    }
  });
});

describe('signals', { timeout: 10_000 }, () => {
  test.each(['SIGTERM', 'SIGINT'] as const)('%s right after the banner (idle server) -> exit 0', async (signal) => {
    const server = await startServer({ args: ['--directory', fixture.served] });
    const exit = await server.stop(signal, 5000);
    expect(exit.forced).toBe(false);
    expect(exit.code).toBe(0);
  });

  test('SIGTERM: stops accepting, finishes the download in flight, closes idle connections, exit 0', async () => {
    const server = await startServer({ args: ['--directory', fixture.served, '--parser', 'js'] });
    const idle = await RawConnection.open(server.port);
    const download = await RawConnection.open(server.port);
    try {
      await idle.write(buildRequest({ target: '/' }));
      expect((await idle.readResponse()).status).toBe(200);

      await download.write(buildRequest({ target: '/files/big.bin' }));
      await download.waitReceived(1024);
      download.socket.pause();
      server.child.kill('SIGTERM');
      await sleep(300);
      await expect(RawConnection.open(server.port, '127.0.0.1', 2000)).rejects.toThrow();
      expect(await idle.waitClosed(3000)).toBe(true);

      download.socket.resume();
      const response = await download.readResponse({ timeoutMs: 8000 });
      expect(response.status).toBe(200);
      expect(response.body.equals(fixture.big)).toBe(true);

      // No second signal: wait (bounded) for the exit that the first one started.
      const exit = await Promise.race([server.exited, sleep(6000).then(() => 'still running' as const)]);
      expect(exit).toEqual({ code: 0, signal: null });
    } finally {
      idle.destroy();
      download.destroy();
      await server.stop('SIGKILL', 1000);
    }
  }, 20_000);
});
