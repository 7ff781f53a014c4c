/**
 * Conditional writes and DELETE, once per transport (RFC 9110 §13.1): `If-None-Match: *` creates
 * only, `If-Match` replaces or deletes only the version the client saw (lost-update
 * protection), `If-Unmodified-Since` likewise by date; DELETE only with `--allow-delete`, refused
 * wherever a write would be.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { SECRET, TRANSPORTS, buildRequest, send, serveFixture, tokens } from './harness.js';

type Fields = [string, string][];

/** [what, method, name, fields (STALE / CURRENT are replaced by tags), status, the file's content afterwards (null: gone)]. */
type Row = [string, 'PUT' | 'POST' | 'DELETE', string, Fields, number, string | null];

/** Each row works on its own file, made with `before` as its content first (or not, when null). */
const ROWS: readonly (readonly [...Row, string | null])[] = [
  ['create only, file missing', 'PUT', 'c1.txt', [['If-None-Match', '*']], 201, 'new', null],
  ['create only, file present', 'PUT', 'c2.txt', [['If-None-Match', '*']], 412, 'old', 'old'],
  ['create only by POST, file present', 'POST', 'c3.txt', [['If-None-Match', '*']], 412, 'old', 'old'],
  ['If-None-Match with the current tag', 'PUT', 'c4.txt', [['If-None-Match', 'CURRENT']], 412, 'old', 'old'],
  ['If-None-Match with another tag', 'PUT', 'c5.txt', [['If-None-Match', '"other"']], 204, 'new', 'old'],
  ['replace the version seen', 'PUT', 'm1.txt', [['If-Match', 'CURRENT']], 204, 'new', 'old'],
  ['replace a stale version', 'PUT', 'm2.txt', [['If-Match', 'STALE']], 412, 'old', 'old'],
  ['replace with a weak tag (strong comparison fails)', 'PUT', 'm3.txt', [['If-Match', 'WEAK']], 412, 'old', 'old'],
  ['If-Match: * on a missing file', 'PUT', 'm4.txt', [['If-Match', '*']], 412, null, null],
  ['If-Match: * on a present file', 'POST', 'm5.txt', [['If-Match', '*']], 201, 'new', 'old'],
  ['unmodified since long ago', 'PUT', 'u1.txt', [['If-Unmodified-Since', 'Sun, 06 Nov 1994 08:49:37 GMT']], 412, 'old', 'old'],
  ['unmodified since the future', 'PUT', 'u2.txt', [['If-Unmodified-Since', 'Fri, 01 Jan 2100 00:00:00 GMT']], 204, 'new', 'old'],
  ['If-Match wins over If-Unmodified-Since', 'PUT', 'u3.txt', [['If-Match', 'CURRENT'], ['If-Unmodified-Since', 'Sun, 06 Nov 1994 08:49:37 GMT']], 204, 'new', 'old'],
  ['delete', 'DELETE', 'd1.txt', [], 204, null, 'old'],
  ['delete a missing file', 'DELETE', 'd2.txt', [], 404, null, null],
  ['delete the version seen', 'DELETE', 'd3.txt', [['If-Match', 'CURRENT']], 204, null, 'old'],
  ['delete a stale version', 'DELETE', 'd4.txt', [['If-Match', 'STALE']], 412, 'old', 'old'],
  ['delete if unmodified since long ago', 'DELETE', 'd5.txt', [['If-Unmodified-Since', 'Sun, 06 Nov 1994 08:49:37 GMT']], 412, 'old', 'old'],
];

describe.each(TRANSPORTS)('conditional writes and DELETE (%s)', (transport) => {
  const suite = serveFixture(transport, { args: ['--allow-delete'] });
  const filePath = (name: string) => path.join(suite.fixture.served, name);

  test.each(ROWS)('%s: %s %s -> %i', async (_what, method, name, fields, status, after, before) => {
    let current = '"none"';
    if (before !== null) {
      await send(suite.port, buildRequest({ method: 'PUT', target: `/files/${name}`, body: before }));
      current = (await send(suite.port, buildRequest({ method: 'HEAD', target: `/files/${name}` }), { rules: ['bodyless'] })).header('etag')!;
    }
    const tags: Record<string, string> = { CURRENT: current, STALE: '"0-0-0"', WEAK: `W/${current}` };
    const headers = fields.map(([field, value]): [string, string] => [field, tags[value] ?? value]);
    const body = method === 'DELETE' ? undefined : 'new';
    const response = await send(suite.port, buildRequest({ method, target: `/files/${name}`, headers, body }));
    expect(response.status).toBe(status);
    const content = await readFile(filePath(name), 'utf8').catch(() => null);
    expect(content).toBe(after);
  });

  test.each<[string, number]>([
    ['/files/sub', 409],
    ['/files/sub/', 404],
    ['/files/.hidden', 404],
    ['/files/link-outside', 404],
    ['/files/..%2fhello.txt', 400],
  ])('DELETE %s is refused (%i), nothing removed', async (target, status) => {
    const before = await suite.fixture.snapshot();
    const response = await send(suite.port, buildRequest({ method: 'DELETE', target }));
    expect(response.status).toBe(status);
    expect(await suite.fixture.snapshot()).toEqual(before);
    expect(await readFile(suite.fixture.secretPath, 'utf8')).toBe(SECRET);
  });

  test('DELETE of a symlink removes the link, never what it leads to', async () => {
    const response = await send(suite.port, buildRequest({ method: 'DELETE', target: '/files/link-inside' }));
    expect(response.status).toBe(204);
    await expect(stat(filePath('link-inside'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readFile(filePath('hello.txt'), 'utf8')).toBe('Hello, ferroserve!\n');
  });

  test('OPTIONS on the files lists DELETE', async () => {
    const response = await send(suite.port, buildRequest({ method: 'OPTIONS', target: '/files/hello.txt' }));
    expect(tokens(response.header('allow'))).toEqual(['get', 'head', 'post', 'put', 'delete', 'options']);
  });
});

describe.each(TRANSPORTS)('DELETE without --allow-delete (%s)', (transport) => {
  const suite = serveFixture(transport);

  test('405 with an Allow that omits DELETE; the file stays', async () => {
    const response = await send(suite.port, buildRequest({ method: 'DELETE', target: '/files/hello.txt' }));
    expect(response.status).toBe(405);
    expect(tokens(response.header('allow'))).toEqual(['get', 'head', 'post', 'put', 'options']);
    expect(await readFile(path.join(suite.fixture.served, 'hello.txt'), 'utf8')).toBe('Hello, ferroserve!\n');
  });
});
