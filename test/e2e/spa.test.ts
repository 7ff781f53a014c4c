/**
 * The single-page-app fallback (`--spa site/index.html`): browser navigations to missing paths
 * under the files mount get the app's index (200); nothing that exists, no dotfile, no name
 * with an extension, no folder URL is ever replaced. Once per transport.
 */
import { describe, expect, test } from 'vitest';
import { TRANSPORTS, buildRequest, send, serveFixture, tokens } from './harness.js';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** [method, target, Accept, status, what the body is, whether it says Vary: Accept]. */
const CASES: readonly [string, string, string | undefined, number, 'index' | 'own' | 'empty', boolean][] = [
  ['GET', '/files/dashboard', HTML, 200, 'index', true],
  ['GET', '/files/users/42/edit', HTML, 200, 'index', true],
  ['GET', '/files/dashboard?tab=2', 'text/html', 200, 'index', true],
  ['HEAD', '/files/dashboard', HTML, 200, 'empty', true],
  ['GET', '/files/dashboard', undefined, 404, 'empty', true],
  ['GET', '/files/dashboard', 'application/json', 404, 'empty', true],
  ['GET', '/files/dashboard', '*/*', 404, 'empty', true],
  ['GET', '/files/app.js', HTML, 404, 'empty', false],
  ['GET', '/files/v1.2/page', HTML, 200, 'index', true],
  ['GET', '/files/hello.txt', HTML, 200, 'own', false],
  ['GET', '/files/orange_mango_grape', HTML, 200, 'own', false],
  ['GET', '/files/sub', HTML, 301, 'empty', false],
  ['GET', '/files/missing/', HTML, 404, 'empty', false],
  ['GET', '/files/.hidden', HTML, 404, 'empty', false],
  ['GET', '/files/.git/config', HTML, 404, 'empty', false],
  ['GET', '/files/.git/nothing', HTML, 404, 'empty', false],
  ['GET', '/files/.config', HTML, 404, 'empty', false],
  ['GET', '/files/a/..%2fb', HTML, 400, 'empty', false],
  ['GET', '/nowhere', HTML, 404, 'empty', false],
];

describe.each(TRANSPORTS)('--spa (%s)', (transport) => {
  const suite = serveFixture(transport, { args: ['--spa', 'site/index.html'] });

  test.each(CASES)('%s %s (Accept %s) -> %i, %s', async (method, target, accept, status, body, variesOnAccept) => {
    const response = await send(suite.port, buildRequest({ method, target, headers: accept === undefined ? [] : [['Accept', accept]] }), {
      rules: [method === 'HEAD' ? 'bodyless' : 'by-headers'],
    });
    expect(response.status).toBe(status);
    const index = suite.fixture.files.get('site/index.html')!;
    if (body === 'index') {
      expect(response.body.equals(index)).toBe(true);
      expect(response.header('content-type')).toBe('text/html; charset=utf-8');
    }
    if (body === 'own') expect(response.body.equals(suite.fixture.files.get(target.slice('/files/'.length))!)).toBe(true);
    if (body === 'empty') expect(response.body.length).toBe(0);
    if (method === 'HEAD') expect(response.header('content-length')).toBe(String(index.length));
    expect(tokens(response.header('vary')).includes('accept')).toBe(variesOnAccept);
  });

  test('the folder listing is not replaced', async () => {
    const response = await send(suite.port, buildRequest({ target: '/files/sub/', headers: [['Accept', HTML]] }));
    expect(response.status).toBe(200);
    expect(response.body.toString()).toContain('nested.txt');
  });

  test('the index revalidates like the file itself: 304 for its ETag', async () => {
    const first = await send(suite.port, buildRequest({ target: '/files/route', headers: [['Accept', HTML]] }));
    const again = await send(suite.port, buildRequest({ target: '/files/other-route', headers: [['Accept', HTML], ['If-None-Match', first.header('etag')!]] }), { rules: ['bodyless'] });
    expect(again.status).toBe(304);
  });
});
