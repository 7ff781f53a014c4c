/**
 * What browsers, curl, video players and caches expect of a file, on every transport: types,
 * validators, conditional requests (304, 412), ranges (206, multipart, 416), compression.
 * Raw requests and raw bytes; a body encoded as it is sent is read with node:http (chunked).
 */
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { buildRequest, send, serveFixture, TRANSPORTS, type RawResponse } from './harness.js';

const TEXT = 'text/plain; charset=utf-8';

describe.each(TRANSPORTS)('file semantics (%s)', (transport) => {
  const suite = serveFixture(transport);
  const get = (target: string, headers: [string, string][] = [], method = 'GET'): Promise<RawResponse> =>
    send(suite.port, buildRequest({ method, target, headers }));
  const file = (name: string) => suite.fixture.files.get(name)!;

  test.each<[string, string]>([
    ['page.html', 'text/html; charset=utf-8'],
    ['app.mjs', 'text/javascript; charset=utf-8'],
    ['tiny.css', 'text/css; charset=utf-8'],
    ['data.json', 'application/json; charset=utf-8'],
    ['photo.png', 'image/png'],
    ['archive.tar.gz', 'application/gzip'],
    ['orange_mango_grape', 'application/octet-stream'],
  ])('%s is %s, nosniff, validators, Accept-Ranges', async (name, type) => {
    const response = await get(`/files/${name}`, [['Accept-Encoding', 'identity']]);
    expect(response.status).toBe(200);
    expect(response.header('content-type')).toBe(type);
    expect(response.header('x-content-type-options')).toBe('nosniff');
    expect(response.header('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+-[0-9a-f]+"$/);
    expect(Date.parse(response.header('last-modified')!)).toBeLessThanOrEqual(Date.now());
    expect(response.header('cache-control')).toBe('no-cache');
    expect(response.header('accept-ranges')).toBe('bytes');
    expect(response.body.equals(file(name))).toBe(true);
  });

  test('an archive is never given a Content-Encoding, whatever the client accepts', async () => {
    const response = await get('/files/archive.tar.gz', [['Accept-Encoding', 'gzip, br']]);
    expect(response.header('content-encoding')).toBeUndefined();
    expect(response.body.equals(file('archive.tar.gz'))).toBe(true);
  });

  describe('conditional reads', () => {
    test.each<[string, (etag: string, lastModified: string) => [string, string][], number]>([
      ['If-None-Match with the ETag', (etag) => [['If-None-Match', etag]], 304],
      ['If-None-Match with the weak form of the ETag', (etag) => [['If-None-Match', `W/${etag}`]], 304],
      ['If-None-Match: *', () => [['If-None-Match', '*']], 304],
      ['If-None-Match in a list', (etag) => [['If-None-Match', `"other", ${etag}`]], 304],
      ['If-None-Match another tag', () => [['If-None-Match', '"other"']], 200],
      ['If-Modified-Since the Last-Modified', (_e, lm) => [['If-Modified-Since', lm]], 304],
      ['If-Modified-Since long ago', () => [['If-Modified-Since', 'Sun, 06 Nov 1994 08:49:37 GMT']], 200],
      ['If-None-Match wins over If-Modified-Since', (_e, lm) => [['If-None-Match', '"other"'], ['If-Modified-Since', lm]], 200],
      ['If-Match with the ETag', (etag) => [['If-Match', etag]], 200],
      ['If-Match another tag', () => [['If-Match', '"other"']], 412],
      ['If-Match a weak tag (strong comparison)', (etag) => [['If-Match', `W/${etag}`]], 412],
      ['If-Unmodified-Since long ago', () => [['If-Unmodified-Since', 'Sun, 06 Nov 1994 08:49:37 GMT']], 412],
      ['If-Unmodified-Since the Last-Modified', (_e, lm) => [['If-Unmodified-Since', lm]], 200],
    ])('%s -> %i', async (_name, headers, status) => {
      const first = await get('/files/hello.txt');
      const response = await get('/files/hello.txt', headers(first.header('etag')!, first.header('last-modified')!));
      expect(response.status).toBe(status);
      if (status === 304) {
        // A 304 repeats the validators and caching fields of the 200, and has no content.
        expect(response.header('etag')).toBe(first.header('etag'));
        expect(response.header('cache-control')).toBe('no-cache');
        expect(response.header('content-length')).toBeUndefined();
        expect(response.body.length).toBe(0);
      }
      if (status === 412) expect(response.body.length).toBe(0);
    });

    test('a 304 of a compressible file carries Vary and the encoded representation\'s ETag', async () => {
      const first = await get('/files/page.html', [['Accept-Encoding', 'gzip']]);
      expect(first.header('content-encoding')).toBe('gzip');
      const again = await get('/files/page.html', [['Accept-Encoding', 'gzip'], ['If-None-Match', first.header('etag')!]]);
      expect(again.status).toBe(304);
      expect(again.header('vary')).toBe('Accept-Encoding');
      // The identity representation has another ETag, so it does not match.
      const identity = await get('/files/page.html', [['Accept-Encoding', 'identity'], ['If-None-Match', first.header('etag')!]]);
      expect(identity.status).toBe(200);
      expect(identity.header('etag')).not.toBe(first.header('etag'));
    });
  });

  describe('ranges', () => {
    const BIG = 'big.bin';
    test.each<[string, string, string, number, number]>([
      ['first bytes of a small file', 'hello.txt', 'bytes=0-4', 0, 4],
      ['open range', 'hello.txt', 'bytes=7-', 7, 18],
      ['suffix range: the last bytes', 'hello.txt', 'bytes=-5', 14, 18],
      ['suffix longer than the file: all of it', 'hello.txt', 'bytes=-500', 0, 18],
      ['end past the file: clamped', 'hello.txt', 'bytes=10-999', 10, 18],
      ['a range of the 5 MiB file', BIG, 'bytes=1048576-1114111', 1048576, 1114111],
      ['the last bytes of the 5 MiB file', BIG, 'bytes=-100', 5 * 1024 * 1024 - 100, 5 * 1024 * 1024 - 1],
    ])('%s -> 206 with Content-Range and exactly those bytes', async (_name, name, range, start, end) => {
      const content = file(name);
      const response = await get(`/files/${name}`, [['Range', range]]);
      expect(response.status).toBe(206);
      expect(response.header('content-range')).toBe(`bytes ${start}-${end}/${content.length}`);
      expect(response.header('content-length')).toBe(String(end - start + 1));
      expect(response.body.equals(content.subarray(start, end + 1))).toBe(true);
    });

    test.each<[string, string]>([
      ['hello.txt', 'bytes=0-1,5-6,10-12'],
      ['big.bin', 'bytes=0-9,4000000-4000009'],
    ])('several ranges of %s -> multipart/byteranges, parsed back', async (name, range) => {
      const content = file(name);
      const response = await get(`/files/${name}`, [['Range', range]]);
      expect(response.status).toBe(206);
      const boundary = /^multipart\/byteranges; boundary=(.+)$/.exec(response.header('content-type')!)![1];
      const parts = response.body.toString('latin1').split(`--${boundary}`).slice(1, -1);
      const specs = range.slice('bytes='.length).split(',');
      expect(parts).toHaveLength(specs.length);
      parts.forEach((part, i) => {
        const [start, end] = specs[i].split('-').map(Number);
        const [head, bytes] = [part.slice(0, part.indexOf('\r\n\r\n')), part.slice(part.indexOf('\r\n\r\n') + 4, -2)];
        expect(head).toContain(`Content-Range: bytes ${start}-${end}/${content.length}`);
        expect(Buffer.from(bytes, 'latin1').equals(content.subarray(start, end + 1))).toBe(true);
      });
      expect(response.body.toString('latin1').endsWith(`--${boundary}--\r\n`)).toBe(true);
    });

    test.each<[string, string]>([
      ['beyond the end', 'bytes=100-200'],
      ['suffix of zero bytes', 'bytes=-0'],
    ])('%s -> 416 with Content-Range bytes */size and no content', async (_name, range) => {
      const response = await get('/files/hello.txt', [['Range', range]]);
      expect(response.status).toBe(416);
      expect(response.header('content-range')).toBe(`bytes */${file('hello.txt').length}`);
      expect(response.body.length).toBe(0);
    });

    test.each<[string, string]>([
      ['a malformed range', 'bytes=5-1'],
      ['another unit', 'items=0-1'],
      ['too many ranges (the DoS bound)', `bytes=${Array.from({ length: 101 }, (_, i) => `${i * 2}-${i * 2}`).join(',')}`],
    ])('%s is ignored: 200 and the whole file', async (_name, range) => {
      const response = await get('/files/big.bin', [['Range', range]]);
      expect(response.status).toBe(200);
      expect(response.body.length).toBe(file('big.bin').length);
    });

    test('If-Range with the current ETag: the range; with a stale one: the whole file', async () => {
      const etag = (await get('/files/hello.txt')).header('etag')!;
      const current = await get('/files/hello.txt', [['Range', 'bytes=0-4'], ['If-Range', etag]]);
      expect(current.status).toBe(206);
      const stale = await get('/files/hello.txt', [['Range', 'bytes=0-4'], ['If-Range', '"stale"']]);
      expect(stale.status).toBe(200);
      expect(stale.body.equals(file('hello.txt'))).toBe(true);
    });

    test('a Range on a compressible file gets identity bytes, never a slice of a compressed one', async () => {
      const response = await get('/files/page.html', [['Range', 'bytes=0-99'], ['Accept-Encoding', 'gzip, br']]);
      expect(response.status).toBe(206);
      expect(response.header('content-encoding')).toBeUndefined();
      expect(response.body.equals(file('page.html').subarray(0, 100))).toBe(true);
    });
  });

  describe('compression', () => {
    test.each<[string, string, string | undefined]>([
      ['gzip', 'gzip', 'gzip'],
      ['br', 'br', 'br'],
      ['br preferred when both are equal', 'gzip, br', 'br'],
      ['q-values decide', 'br;q=0.5, gzip', 'gzip'],
      ['br refused', 'br;q=0, gzip;q=0.1', 'gzip'],
      ['identity asked', 'identity', undefined],
      ['nothing acceptable: identity anyway', 'identity;q=0, *;q=0', undefined],
      ['no Accept-Encoding', '', undefined],
    ])('page.html with %s', async (_name, accept, coding) => {
      const headers: [string, string][] = accept === '' ? [] : [['Accept-Encoding', accept]];
      const response = await get('/files/page.html', headers);
      expect(response.status).toBe(200);
      expect(response.header('content-encoding')).toBe(coding);
      expect(response.header('vary')).toBe('Accept-Encoding');
      const decoded = coding === 'gzip' ? gunzipSync(response.body) : coding === 'br' ? brotliDecompressSync(response.body) : response.body;
      expect(decoded.equals(file('page.html'))).toBe(true);
      if (coding !== undefined) expect(response.body.length).toBeLessThan(file('page.html').length);
    });

    test('each coding has its own ETag', async () => {
      const tags = await Promise.all(['identity', 'gzip', 'br'].map(async (coding) => (await get('/files/page.html', [['Accept-Encoding', coding]])).header('etag')));
      expect(new Set(tags).size).toBe(3);
    });

    test.each(['tiny.css', 'photo.png', 'orange_mango_grape'])('%s is not compressed (too small, or not a compressible type)', async (name) => {
      const response = await get(`/files/${name}`, [['Accept-Encoding', 'gzip, br']]);
      expect(response.header('content-encoding')).toBeUndefined();
      expect(response.header('vary')).toBeUndefined();
    });

    test('HEAD of an encoded representation has the GET\'s headers', async () => {
      const got = await get('/files/page.html', [['Accept-Encoding', 'gzip']]);
      const head = await send(suite.port, buildRequest({ method: 'HEAD', target: '/files/page.html', headers: [['Accept-Encoding', 'gzip']] }), { rules: ['bodyless'] });
      for (const name of ['content-type', 'content-encoding', 'content-length', 'etag', 'vary']) expect(head.header(name)).toBe(got.header(name));
      expect(head.body.length).toBe(0);
    });

    test.each<[string, string]>([
      ['gzip', 'site.js.gz'],
      ['br', 'site.js.br'],
    ])('a fresh precompressed sibling (%s) is served as it is, with its own ETag', async (coding, sibling) => {
      const response = await get('/files/site.js', [['Accept-Encoding', coding]]);
      expect(response.header('content-encoding')).toBe(coding);
      expect(response.header('content-type')).toBe('text/javascript; charset=utf-8');
      expect(response.body.equals(file(sibling))).toBe(true);
      const again = await get('/files/site.js', [['Accept-Encoding', coding], ['If-None-Match', response.header('etag')!]]);
      expect(again.status).toBe(304);
    });

    test('a stale sibling (older than its original) is never served: encoded on the fly instead', async () => {
      const response = await get('/files/stale.css', [['Accept-Encoding', 'gzip']]);
      expect(response.header('content-encoding')).toBe('gzip');
      expect(response.body.equals(file('stale.css.gz'))).toBe(false);
      expect(gunzipSync(response.body).equals(file('stale.css'))).toBe(true);
    });

    test.each<[string]>([['gzip'], ['br']])('a large text file (%s) is encoded as it is sent, chunked, and decodes to the file', async (coding) => {
      const { headers, body } = await new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port: suite.port, path: '/files/story.txt', headers: { 'accept-encoding': coding } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          })
          .on('error', reject);
      });
      expect(headers['content-encoding']).toBe(coding);
      expect(headers['transfer-encoding']).toBe('chunked');
      expect(headers['content-type']).toBe(TEXT);
      const decoded = coding === 'gzip' ? gunzipSync(body) : brotliDecompressSync(body);
      expect(decoded.equals(file('story.txt'))).toBe(true);
    }, 10_000);
  });
});
