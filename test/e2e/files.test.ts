/**
 * /files over raw sockets, once per parser: downloads of hostile names, uploads (Content-Length,
 * chunked, Expect: 100-continue, aborted, over --max-body), path traversal on reads and writes,
 * and a server started without --directory.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  TRANSPORTS,
  RawConnection,
  SECRET,
  buildRequest,
  chunkedBody,
  eventually,
  expectCleanHeaders,
  expectFramed,
  filesPath,
  send,
  serveFixture,
  sleep,
  type Fixture,
} from './harness.js';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Waits (bounded) for the tree to settle back to `before`, then asserts it did. */
async function expectUnchanged(fixture: Fixture, before: Record<string, string>): Promise<void> {
  await eventually(async () => same(await fixture.snapshot(), before));
  expect(await fixture.snapshot()).toEqual(before);
}

/** Entries added to the served folder since `before`, ignoring the ones a test meant to add. */
async function strayEntries(fixture: Fixture, before: Record<string, string>, expected: readonly string[]): Promise<string[]> {
  const now = await fixture.snapshot();
  return Object.keys(now).filter((key) => !(key in before) && !expected.includes(key));
}

/**
 * Reads that must be refused, each tried on GET: never the secret, never a 200. The policy
 * (README): a malformed name is 400 before any file-system call; a symlink that leads outside is 404.
 */
const TRAVERSAL_READS: readonly [string, number][] = [
  ['/files/../outside/secret.txt', 400],
  ['/files/%2e%2e/outside/secret.txt', 400],
  ['/files/%2E%2E/outside/secret.txt', 400],
  ['/files/..%2foutside%2fsecret.txt', 400],
  ['/files/%2e%2e%2foutside%2fsecret.txt', 400],
  ['/files/sub/../../outside/secret.txt', 400],
  ['/files/sub/%2e%2e/%2e%2e/outside/secret.txt', 400],
  ['/files/..%5coutside%5csecret.txt', 400],
  ['/files/sub%5c..%5c..%5coutside%5csecret.txt', 400],
  ['/files/%00', 400],
  ['/files/hello.txt%00.png', 400],
  ['/files/link-outside', 404],
  ['/files/link-outside-dir/secret.txt', 404],
  ['/files//etc/passwd', 400],
  ['/files/%2fetc%2fpasswd', 400],
  ['/files/..', 400],
  ['/files/%2e%2e', 400],
];

/** Writes that must be refused; each would land outside the served folder if obeyed. */
const TRAVERSAL_WRITES: readonly [string, number][] = [
  ['/files/../outside/planted.txt', 400],
  ['/files/%2e%2e/outside/planted.txt', 400],
  ['/files/..%2foutside%2fplanted.txt', 400],
  ['/files/sub/../../outside/planted.txt', 400],
  ['/files/..%5coutside%5cplanted.txt', 400],
  ['/files/planted%00.txt', 400],
  ['/files/link-outside', 404],
  ['/files/link-outside-dir/planted.txt', 404],
  ['/files/%2e%2e', 400],
];

describe.each(TRANSPORTS)('/files (%s)', (parser) => {
  const suite = serveFixture(parser);

  const TEXT = 'text/plain; charset=utf-8';
  const BYTES = 'application/octet-stream';
  test.each([
    ['hello.txt', TEXT],
    ['with space.txt', TEXT],
    ['été ünïcødé ✓.txt', TEXT],
    ['100%.txt', TEXT],
    ['a#b.txt', TEXT],
    ['empty.bin', BYTES],
    ['binary.bin', BYTES],
    ['sub/nested.txt', TEXT],
    ['orange_mango_grape', BYTES],
  ])(
    'GET %s -> 200, %s, exact bytes',
    async (name, type) => {
      const content = suite.fixture.files.get(name)!;
      const response = await send(suite.port, buildRequest({ target: filesPath(name) }));
      expect(response.statusLine).toBe('HTTP/1.1 200 OK');
      expect(response.header('content-type')).toBe(type);
      expect(response.header('x-content-type-options')).toBe('nosniff');
      expect(response.header('content-length')).toBe(String(content.length));
      expect(response.body.equals(content)).toBe(true);
      expectCleanHeaders(response);
    },
  );

  test('GET of the 5 MiB file is byte-exact', async () => {
    const response = await send(suite.port, buildRequest({ target: '/files/big.bin' }), { timeoutMs: 8000 });
    expect(response.statusLine).toBe('HTTP/1.1 200 OK');
    expect(response.header('content-length')).toBe(String(suite.fixture.big.length));
    expect(response.body.equals(suite.fixture.big)).toBe(true);
  }, 10_000);

  test('GET of a symlink inside the folder serves its target', async () => {
    const response = await send(suite.port, buildRequest({ target: '/files/link-inside' }));
    expect(response.statusLine).toBe('HTTP/1.1 200 OK');
    expect(response.body.equals(suite.fixture.files.get('hello.txt')!)).toBe(true);
  });

  test('GET of a dotfile -> 404 (hidden)', async () => {
    const response = await send(suite.port, buildRequest({ target: '/files/.hidden' }));
    expect(response.status).toBe(404);
    expect(response.body.length).toBe(0);
  });

  test('POST of a dotfile -> 404, nothing written', async () => {
    const before = await suite.fixture.snapshot();
    const response = await send(suite.port, buildRequest({ method: 'POST', target: '/files/.env', body: 'SECRET=planted' }));
    expect(response.status).toBe(404);
    await expectUnchanged(suite.fixture, before);
  });

  test.each(['/files/missing.txt', '/files/link-missing', '/files/sub/missing.txt', '/files/missing/', '/files/hello.txt/'])('GET %s -> 404', async (target) => {
    const response = await send(suite.port, buildRequest({ target }));
    expect(response.statusLine).toBe('HTTP/1.1 404 Not Found');
    expectFramed(response);
  });


  test.each(TRAVERSAL_READS)('GET %s is refused (%i) and reveals nothing', async (target, status) => {
    const response = await send(suite.port, buildRequest({ target }));
    expect(response.status).toBe(status);
    expect(response.body.toString('latin1')).not.toContain(SECRET.trim());
    expect(response.body.toString('latin1')).not.toContain('root:');
  });

  test('GET with a raw backslash in the target -> 400', async () => {
    const response = await send(suite.port, 'GET /files/..\\outside\\secret.txt HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(response.status).toBe(400);
    expect(response.body.toString('latin1')).not.toContain(SECRET.trim());
  });

  test.each(TRAVERSAL_WRITES)('POST %s is refused (%i) and nothing is written anywhere', async (target, status) => {
    const before = await suite.fixture.snapshot();
    const response = await send(suite.port, buildRequest({ method: 'POST', target, body: 'planted by a traversal attempt' }));
    expect(response.status).toBe(status);
    await expectUnchanged(suite.fixture, before);
    expect(await readFile(suite.fixture.secretPath, 'utf8')).toBe(SECRET);
  });

  test.each([
    { name: 'plain.txt', body: Buffer.from('plain upload') },
    { name: 'new file é#%.txt', body: Buffer.from('hostile name upload') },
    { name: 'zero.bin', body: Buffer.alloc(0) },
    { name: 'all-bytes.bin', body: Buffer.from(Array.from({ length: 256 }, (_, i) => 255 - i)) },
    { name: 'one-mib.bin', body: Buffer.alloc(1024 * 1024, 'x') },
  ])('POST /files/$name (Content-Length) -> 201 and the exact bytes on disk', async ({ name, body }) => {
    const before = await suite.fixture.snapshot();
    const response = await send(
      suite.port,
      buildRequest({ method: 'POST', target: filesPath(name), headers: [['Content-Type', 'application/octet-stream']], body }),
      { timeoutMs: 8000 },
    );
    expect(response.statusLine).toBe('HTTP/1.1 201 Created');
    expectFramed(response);
    expectCleanHeaders(response);
    expect((await readFile(path.join(suite.fixture.served, name))).equals(body)).toBe(true);
    expect(await strayEntries(suite.fixture, before, [`served/${name}`])).toEqual([]);
  }, 10_000);

  test('POST replaces an existing file', async () => {
    for (const body of ['first version, longer than the second', 'second']) {
      const response = await send(suite.port, buildRequest({ method: 'POST', target: '/files/replaced.txt', body }));
      expect(response.status).toBe(201);
    }
    expect(await readFile(path.join(suite.fixture.served, 'replaced.txt'), 'utf8')).toBe('second');
  });

  test('chunked upload with an extension and a trailer -> 201 and the decoded bytes', async () => {
    const data = Buffer.from('chunked upload: '.repeat(500));
    const body = Buffer.concat([
      Buffer.from('a;name=value\r\n', 'latin1'),
      data.subarray(0, 10),
      Buffer.from('\r\n', 'latin1'),
      chunkedBody(data.subarray(10), 777, 'X-Checksum: none\r\n'),
    ]);
    const request = Buffer.concat([
      buildRequest({ method: 'POST', target: '/files/chunked.txt', headers: [['Transfer-Encoding', 'chunked']] }),
      body,
    ]);
    const response = await send(suite.port, request);
    expect(response.statusLine).toBe('HTTP/1.1 201 Created');
    expect((await readFile(path.join(suite.fixture.served, 'chunked.txt'))).equals(data)).toBe(true);
  });

  test('Expect: 100-continue -> 100 Continue before the body, then 201', async () => {
    const connection = await RawConnection.open(suite.port);
    const body = 'sent after 100 Continue';
    try {
      await connection.write(
        `POST /files/continued.txt HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      const interim = await connection.readResponse();
      expect(interim.statusLine).toBe('HTTP/1.1 100 Continue');
      await connection.write(body);
      const final = await connection.readResponse();
      expect(final.statusLine).toBe('HTTP/1.1 201 Created');
    } finally {
      connection.destroy();
    }
    expect(await readFile(path.join(suite.fixture.served, 'continued.txt'), 'utf8')).toBe(body);
  });

  test.each([
    { name: 'a new target, Content-Length', target: 'aborted-new.bin', framing: 'length' },
    { name: 'an existing target, Content-Length', target: 'hello.txt', framing: 'length' },
    { name: 'a new target, chunked', target: 'aborted-chunked.bin', framing: 'chunked' },
  ] as const)('an upload aborted mid-body ($name) leaves no temp file and the target unchanged', async ({ target, framing }) => {
    const before = await suite.fixture.snapshot();
    const connection = await RawConnection.open(suite.port);
    try {
      const part = Buffer.alloc(256 * 1024, 'p');
      if (framing === 'length') {
        await connection.write(buildRequest({ method: 'POST', target: `/files/${target}`, headers: [['Content-Length', String(1024 * 1024)]] }));
        await connection.write(part);
      } else {
        await connection.write(buildRequest({ method: 'POST', target: `/files/${target}`, headers: [['Transfer-Encoding', 'chunked']] }));
        await connection.write(Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')]));
      }
      // Give the server time to start writing, then vanish mid-body.
      await sleep(300);
      expect(connection.all().length, 'no response before the body is complete').toBe(0);
    } finally {
      connection.destroy();
    }
    await expectUnchanged(suite.fixture, before);
  });
});

describe.each(TRANSPORTS)('/files over --max-body 1024 (%s)', (parser) => {
  const suite = serveFixture(parser, { args: ['--max-body', '1024'] });

  test('Content-Length 1025 -> 413 and nothing written', async () => {
    const before = await suite.fixture.snapshot();
    const response = await send(suite.port, buildRequest({ method: 'POST', target: '/files/too-big.bin', body: Buffer.alloc(1025, 'b') }));
    expect(response.statusLine).toBe('HTTP/1.1 413 Content Too Large');
    await expectUnchanged(suite.fixture, before);
  });

  test('Content-Length 1024 (exactly the limit) -> 201', async () => {
    const response = await send(suite.port, buildRequest({ method: 'POST', target: '/files/at-limit.bin', body: Buffer.alloc(1024, 'l') }));
    expect(response.statusLine).toBe('HTTP/1.1 201 Created');
    expect((await readFile(path.join(suite.fixture.served, 'at-limit.bin'))).length).toBe(1024);
  });

  test('a chunked body growing past the limit -> 413 and nothing written', async () => {
    const before = await suite.fixture.snapshot();
    const request = Buffer.concat([
      buildRequest({ method: 'POST', target: '/files/too-big-chunked.bin', headers: [['Transfer-Encoding', 'chunked']] }),
      chunkedBody(Buffer.alloc(2000, 'c'), 500),
    ]);
    const response = await send(suite.port, request);
    expect(response.statusLine).toBe('HTTP/1.1 413 Content Too Large');
    await expectUnchanged(suite.fixture, before);
  });

  test('Expect: 100-continue over the limit -> 413 instead of 100 Continue', async () => {
    const before = await suite.fixture.snapshot();
    const connection = await RawConnection.open(suite.port);
    try {
      await connection.write('POST /files/refused.bin HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2048\r\n\r\n');
      const response = await connection.readResponse();
      expect(response.statusLine).toBe('HTTP/1.1 413 Content Too Large');
    } finally {
      connection.destroy();
    }
    await expectUnchanged(suite.fixture, before);
  });
});

describe.each(TRANSPORTS)('/files without --directory (%s)', (parser) => {
  const suite = serveFixture(parser, { withoutDirectory: true });

  test('the banner says directory: none', () => {
    expect(suite.server.directory).toBe('none');
  });

  test.each([
    { method: 'GET', target: '/files/hello.txt' },
    { method: 'HEAD', target: '/files/hello.txt' },
    { method: 'POST', target: '/files/nowhere.txt' },
    { method: 'POST', target: '/files/served/nowhere.txt' },
  ])('$method $target -> 404 and nothing written', async ({ method, target }) => {
    const before = await suite.fixture.snapshot();
    const body = method === 'POST' ? 'nowhere to go' : undefined;
    const response = await send(suite.port, buildRequest({ method, target, body }), { rules: method === 'HEAD' ? ['bodyless'] : [] });
    expect(response.statusLine).toBe('HTTP/1.1 404 Not Found');
    await expectUnchanged(suite.fixture, before);
  });
});
