/**
 * The server through curl, once per parser, where curl exists (CI installs it).
 */
import { execFile, execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { TRANSPORTS, parseResponse, serveFixture } from './harness.js';

function hasCurl(): boolean {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs curl (bounded); a non-zero exit fails with its stderr. */
function curlFull(args: readonly string[]): Promise<{ stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const options = { encoding: 'buffer' as const, timeout: 10_000, maxBuffer: 16 * 1024 * 1024 };
    execFile('curl', ['-sS', '--max-time', '8', ...args], options, (error, stdout, stderr) => {
      if (error) reject(new Error(`curl ${args.join(' ')} failed: ${error.message} ${stderr.toString()}`));
      else resolve({ stdout, stderr: stderr.toString() });
    });
  });
}

const curl = async (args: readonly string[]) => (await curlFull(args)).stdout;

describe.skipIf(!hasCurl()).each(TRANSPORTS)('curl (%s)', (parser) => {
  const suite = serveFixture(parser);
  const url = (target: string) => `${suite.server.url}${target}`;

  test('curl -i /echo/abc: exact status line, headers and body', async () => {
    const output = await curl(['-i', url('/echo/abc')]);
    const step = parseResponse(output, 0, 'by-headers', true);
    if (step.kind !== 'complete') throw new Error('incomplete curl output');
    expect(step.response.statusLine).toBe('HTTP/1.1 200 OK');
    expect(step.response.header('content-type')).toBe('text/plain');
    expect(step.response.header('content-length')).toBe('3');
    expect(step.response.headerCount('server')).toBe(0);
    expect(step.response.headerCount('date')).toBe(0);
    expect(step.response.body.toString()).toBe('abc');
  });

  test('curl --compressed /echo: gzip on the wire, the string after decoding', async () => {
    const headersFile = path.join(suite.fixture.root, 'curl-headers.txt');
    const body = await curl(['--compressed', '-D', headersFile, url('/echo/compressed-by-curl')]);
    const headers = (await readFile(headersFile, 'latin1')).toLowerCase();
    expect(headers).toMatch(/^http\/1\.1 200 ok\r\n/);
    expect(headers).toContain('\r\ncontent-encoding: gzip\r\n');
    expect(body.toString()).toBe('compressed-by-curl');
  });

  test('curl -A /user-agent', async () => {
    expect((await curl(['-A', 'curl-agent/1.0', url('/user-agent')])).toString()).toBe('curl-agent/1.0');
  });

  test('curl reuses one connection for two URLs (persistent connection)', async () => {
    const { stdout, stderr } = await curlFull(['-v', url('/echo/first'), url('/echo/second')]);
    expect(stdout.toString()).toBe('firstsecond');
    expect(stderr).toMatch(/re-?using existing/i);
  });

  test('curl --http1.0 gets an answer and a close', async () => {
    const output = await curl(['--http1.0', '-i', url('/echo/old')]);
    const step = parseResponse(output, 0, 'by-headers', true);
    if (step.kind !== 'complete') throw new Error('incomplete curl output');
    expect(step.response.status).toBe(200);
    expect(step.response.body.toString()).toBe('old');
  });

  test('curl -o of the 5 MiB file is byte-exact', async () => {
    const out = path.join(suite.fixture.root, 'curl-big.bin');
    await curl(['-o', out, url('/files/big.bin')]);
    expect((await readFile(out)).equals(suite.fixture.big)).toBe(true);
  }, 10_000);

  test.each([
    { name: 'Content-Length, 2 MiB (curl sends Expect: 100-continue)', headers: [] as string[], target: 'curl-up.bin' },
    { name: 'chunked', headers: ['-H', 'Transfer-Encoding: chunked'], target: 'curl-up-chunked.bin' },
  ])('curl --data-binary upload ($name) -> 201 and the exact bytes', async ({ headers, target }) => {
    const source = path.join(suite.fixture.root, `source-${target}`);
    const data = suite.fixture.big.subarray(0, 2 * 1024 * 1024);
    await writeFile(source, data);
    const status = await curl([...headers, '-o', '/dev/null', '-w', '%{http_code}', '--data-binary', `@${source}`, url(`/files/${target}`)]);
    expect(status.toString()).toBe('201');
    expect((await readFile(path.join(suite.fixture.served, target))).equals(data)).toBe(true);
  }, 10_000);
});
