/**
 * The command's new options as users meet them: the default port taken when busy (said on the
 * start line) while an explicit one stays an error, and one clear line with the right exit
 * code for each misuse of --tls-*, --cors, --auth*, --log and --spa.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli, startServer, type CliResult } from './harness.js';

const DEFAULT_PORT = 4221;
const dir = mkdtempSync(path.join(os.tmpdir(), 'ferroserve-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const notPem = path.join(dir, 'not.pem');
writeFileSync(notPem, 'not a certificate\n');
const twoLines = path.join(dir, 'two-lines');
writeFileSync(twoLines, 'a:b\nc:d\n');

/** Holds the default port for `use`, or lets `use` run if something else already holds it: busy either way. */
async function withDefaultPortBusy<T>(use: () => Promise<T>): Promise<T> {
  const blocker = net.createServer();
  const held = await new Promise<boolean>((resolve) => {
    blocker.once('error', () => resolve(false));
    blocker.listen(DEFAULT_PORT, '127.0.0.1', () => resolve(true));
  });
  try {
    return await use();
  } finally {
    if (held) await new Promise<void>((resolve) => blocker.close(() => resolve()));
  }
}

function expectOneErrorLine(result: CliResult, code: number): void {
  expect(result.code, `stderr: ${result.stderr}`).toBe(code);
  const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^ferroserve: \S/);
  expect(result.stdout).toBe('');
}

describe('ports', { timeout: 15_000 }, () => {
  test('the default port busy: another is taken, and the start line says so', async () => {
    await withDefaultPortBusy(async () => {
      const server = await startServer({ portFlag: false });
      try {
        expect(server.port).not.toBe(DEFAULT_PORT);
        expect(server.banner).toBe(
          `ferroserve listening on http://127.0.0.1:${server.port} (directory: none, parser: ${server.parser}) -- PORT ${DEFAULT_PORT} IS BUSY: listening on ${server.port} instead`,
        );
      } finally {
        await server.stop();
      }
    });
  });

  test.each([
    ['--port', { args: ['--port', String(DEFAULT_PORT)] }],
    ['PORT', { env: { PORT: String(DEFAULT_PORT) } }],
  ] as const)('the same port given with %s stays an error: exit 1, one line', async (_how, given) => {
    await withDefaultPortBusy(async () => {
      const result = await runCli('args' in given ? [...given.args] : [], 'env' in given ? { env: given.env } : {});
      expectOneErrorLine(result, 1);
      expect(result.stderr).toContain(`${DEFAULT_PORT} is already in use`);
    });
  });
});

describe('the open-writes warning', { timeout: 10_000 }, () => {
  // The port is held on 127.0.0.1, which also keeps 0.0.0.0 from binding it: the warning is
  // printed at start, and the server never listens on every interface during the test.
  test('--host 0.0.0.0 with a directory and no --auth: one warning line before anything else', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const result = await runCli(['--host', '0.0.0.0', '--port', String(port), '--directory', dir]);
      const lines = result.stderr.split('\n').filter((line) => line !== '');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toBe(
        'ferroserve: warning: listening on 0.0.0.0 with uploads allowed and no --auth: anyone who can reach it can write files (add --auth user:password, or --read-only)',
      );
      expect(lines[1]).toMatch(/already in use/);
      const quiet = await runCli(['--host', '0.0.0.0', '--port', String(port), '--directory', dir, '--read-only']);
      expect(quiet.stderr.split('\n').filter((line) => line !== '')).toHaveLength(1);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});

describe('misuse: one line, exit 2 (usage) or 1 (files that cannot be used)', { timeout: 10_000 }, () => {
  test.each<[string[], number, RegExp]>([
    [['--tls-cert', notPem], 2, /--tls-cert and --tls-key go together/],
    [['--tls-key', notPem], 2, /--tls-cert and --tls-key go together/],
    [['--tls-cert', notPem, '--tls-key', notPem], 1, /unusable TLS certificate or key/],
    [['--tls-cert', path.join(dir, 'missing.pem'), '--tls-key', notPem], 1, /cannot read the TLS certificate/],
    [['--cors', 'ftp://x.example'], 2, /--cors takes "\*" or a comma list of origins/],
    [['--cors', 'https://app.example/path'], 2, /--cors takes/],
    [['--auth', 'nocolon'], 2, /--auth must be user:password/],
    [['--auth', ':password'], 2, /--auth must be user:password/],
    [['--auth', 'user:'], 2, /--auth must be user:password/],
    [['--auth-file', path.join(dir, 'missing')], 2, /--auth-file: cannot read/],
    [['--auth-file', twoLines], 2, /exactly one user:password line/],
    [['--auth', 'a:b', '--auth-file', twoLines], 2, /--auth-file/],
    [['--auth-writes-only'], 2, /--auth-writes-only needs --auth/],
    [['--log', 'loud'], 2, /--log must be dev, combined, json or off/],
    [['--spa', '../index.html'], 2, /--spa must name a file inside the directory/],
    [['--spa', '/etc/passwd'], 2, /--spa must name a file inside the directory/],
    [['--spa'], 2, /--spa needs --directory/],
  ])('%j -> exit %i', async (args, code, message) => {
    const result = await runCli(['--port', '0', ...args]);
    expectOneErrorLine(result, code);
    expect(result.stderr).toMatch(message);
  });
});
