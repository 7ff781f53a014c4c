// The table as data: one row per behaviour, grouped in sections. Each row's `check` asks one
// running server (through `ctx`, see probe.mjs) and returns a verdict: yes(note?), no(note) or
// na(note) when the row cannot apply (a JSON-listing detail on a server without JSON listings).
// Notes say what was seen instead, in a few words, so a ✗ can be checked without rerunning.
import { DOCS_NAMES } from './fixture.mjs';
import { byteRangeParts, charset, coding, decoded, hrefs, lastSegment, listHas, mediaType, sameEscapes, tryDecode } from './inspect.mjs';

export const yes = (note = '') => ({ mark: 'yes', note });
export const no = (note) => ({ mark: 'no', note });
export const na = (note) => ({ mark: 'na', note });

const BOTH = { 'Accept-Encoding': 'gzip, br' };
const GZIP = { 'Accept-Encoding': 'gzip' };
const BR = { 'Accept-Encoding': 'br' };
const LONG_AGO = 'Sat, 01 Jan 2000 00:00:00 GMT';

/** What a response's coding was, for a note: 'not compressed' rather than 'identity'. */
function codingNote(res) {
  return coding(res) === 'identity' ? 'not compressed' : coding(res);
}

/** A short account of a status that was not the one wanted, with where a redirect went. */
function seen(res) {
  const location = res.header('location');
  return location ? `${res.status} → ${location}` : String(res.status);
}

/** The expected media type: ✓, or ✗ with what came instead. */
async function typeIs(ctx, path, expected) {
  const res = await ctx.get(path);
  if (res.status !== 200) return no(seen(res));
  const type = mediaType(res);
  return type === expected ? yes() : no(type);
}

/** GET following up to two redirects on the same server, as a browser would (serve's clean URLs). */
async function getFollowing(ctx, path) {
  let res = await ctx.get(path);
  const hops = [];
  for (let hop = 0; hop < 2 && [301, 302, 307, 308].includes(res.status) && res.header('location'); hop++) {
    const next = new URL(res.header('location'), `http://127.0.0.1:${ctx.port}${path}`);
    hops.push(`${res.status} → ${next.pathname}`);
    path = next.pathname;
    res = await ctx.get(path);
  }
  return { res, hops };
}

/** The response that shows a server's compression at work: big.txt gzipped on the fly, else the precompressed pre.txt. */
async function someCompressed(ctx) {
  for (const path of ['/big.txt', '/pre.txt']) {
    const res = await ctx.get(path, GZIP);
    if (coding(res) !== 'identity') return { path, res };
  }
  return null;
}

/**
 * The HTML listing of a folder, or null when the server has none (any non-HTML or non-200
 * answer). A listing names its files; an index page, a front page or an error page would not
 * name `known`, one file of that folder.
 */
async function htmlListing(ctx, path, known = DOCS_NAMES.nine) {
  const res = await ctx.get(path);
  if (res.status !== 200 || mediaType(res) !== 'text/html') return null;
  const html = res.body.toString('utf8');
  return html.includes(known) ? html : null;
}

const NO_LISTING = na('no listing');

/** Whether a PUT of a new file is stored (2xx and then served back). */
async function acceptsPut(ctx, name) {
  const body = `uploaded as ${name}\n`;
  const put = await ctx.send({ method: 'PUT', path: `/${name}`, body, headers: { 'Content-Type': 'text/plain' } });
  if (put.status < 200 || put.status > 299) return { ok: false, status: seen(put) };
  const back = await ctx.send({ method: 'GET', path: `/${name}` });
  return { ok: back.status === 200 && back.body.toString() === body, status: `${put.status}, then GET ${back.status}` };
}

export const SECTIONS = [
  {
    title: 'Content types',
    rows: [
      {
        label: '`.html` → `text/html; charset=utf-8`',
        async check(ctx) {
          const { res, hops } = await getFollowing(ctx, '/page.html');
          const via = hops.length > 0 ? ` (after ${hops.join(', ')})` : '';
          if (res.status !== 200) return no(`${seen(res)}${via}`);
          if (mediaType(res) !== 'text/html') return no(`${mediaType(res)}${via}`);
          return charset(res) === 'utf-8' ? yes(hops.join(', ')) : no(`text/html, ${charset(res) ? `charset ${charset(res)}` : 'no charset'}${via}`);
        },
      },
      { label: '`.mjs` → `text/javascript`', check: (ctx) => typeIs(ctx, '/app.mjs', 'text/javascript') },
      { label: '`.wasm` → `application/wasm`', check: (ctx) => typeIs(ctx, '/mod.wasm', 'application/wasm') },
      { label: '`.json` → `application/json`', check: (ctx) => typeIs(ctx, '/data.json', 'application/json') },
      { label: 'no extension → `application/octet-stream`', check: (ctx) => typeIs(ctx, '/noext', 'application/octet-stream') },
      {
        label: '`.tar.gz` sent as is, no `Content-Encoding: gzip`',
        async check(ctx) {
          const res = await ctx.get('/archive.tar.gz', BOTH);
          if (res.status !== 200) return no(seen(res));
          if (coding(res) !== 'identity') return no(`Content-Encoding: ${coding(res)}`);
          return res.body.equals(ctx.files['archive.tar.gz']) ? yes() : no('body differs from the file');
        },
      },
      {
        label: '`X-Content-Type-Options: nosniff`',
        async check(ctx) {
          const res = await ctx.get('/style.css');
          return (res.header('x-content-type-options') ?? '').toLowerCase() === 'nosniff' ? yes() : no('absent');
        },
      },
    ],
  },
  {
    title: 'Validators and conditional requests',
    rows: [
      {
        label: 'strong `ETag` and `Last-Modified` on a file',
        async check(ctx) {
          const res = await ctx.get('/style.css');
          const etag = res.header('etag');
          const missing = [etag ? null : 'no ETag', res.header('last-modified') ? null : 'no Last-Modified'].filter(Boolean);
          if (missing.length > 0) return no(missing.join(', '));
          return etag.startsWith('W/') ? no('weak ETag (W/)') : yes();
        },
      },
      {
        // The brief said "no Content-Length"; RFC 9110 §8.6 allows the 200's value on a 304, so only a
        // wrong one fails and a right one is noted.
        label: '`If-None-Match` → 304 with `ETag`, no body',
        async check(ctx) {
          const etag = (await ctx.get('/style.css')).header('etag');
          if (!etag) return no('no ETag to send');
          const res = await ctx.get('/style.css', { 'If-None-Match': etag });
          if (res.status !== 304) return no(seen(res));
          const problems = [];
          if (!res.header('etag')) problems.push('304 without ETag');
          if (res.wire.length > 0) problems.push(`${res.wire.length} body bytes`);
          const length = res.header('content-length');
          if (length !== undefined && Number(length) !== ctx.files['style.css'].length) problems.push(`Content-Length: ${length}`);
          if (problems.length > 0) return no(problems.join(', '));
          // RFC 9110 §8.6 lets a 304 carry the Content-Length the 200 would have had: allowed, but shown.
          return length === undefined ? yes() : yes(`Content-Length: ${length} (the 200's, allowed)`);
        },
      },
      {
        label: '`If-Modified-Since` → 304',
        async check(ctx) {
          const lastModified = (await ctx.get('/style.css')).header('last-modified');
          if (!lastModified) return no('no Last-Modified');
          const res = await ctx.get('/style.css', { 'If-Modified-Since': lastModified });
          return res.status === 304 ? yes() : no(seen(res));
        },
      },
      {
        label: '`If-Match` mismatch → 412',
        async check(ctx) {
          const res = await ctx.get('/style.css', { 'If-Match': '"not-this-one"' });
          return res.status === 412 ? yes() : no(seen(res));
        },
      },
      {
        label: '`If-Unmodified-Since` in the past → 412',
        async check(ctx) {
          const res = await ctx.get('/style.css', { 'If-Unmodified-Since': LONG_AGO });
          return res.status === 412 ? yes() : no(seen(res));
        },
      },
    ],
  },
  {
    title: 'Ranges',
    rows: [
      {
        label: '`Accept-Ranges: bytes`',
        async check(ctx) {
          const res = await ctx.get('/big.txt');
          return listHas(res, 'accept-ranges', 'bytes') ? yes() : no(res.header('accept-ranges') ?? 'absent');
        },
      },
      {
        label: '`bytes=0-9` → 206 with `Content-Range`',
        async check(ctx) {
          const file = ctx.files['big.txt'];
          const res = await ctx.get('/big.txt', { Range: 'bytes=0-9' });
          if (res.status !== 206) return no(seen(res));
          const wanted = `bytes 0-9/${file.length}`;
          if (res.header('content-range') !== wanted) return no(`Content-Range: ${res.header('content-range') ?? 'absent'}`);
          return res.body.equals(file.subarray(0, 10)) ? yes() : no('wrong bytes');
        },
      },
      {
        label: 'suffix `bytes=-5` → the last 5 bytes',
        async check(ctx) {
          const file = ctx.files['big.txt'];
          const res = await ctx.get('/big.txt', { Range: 'bytes=-5' });
          if (res.status !== 206) return no(seen(res));
          if (res.body.equals(file.subarray(-5))) return yes();
          return no(`Content-Range: ${res.header('content-range') ?? 'absent'}`);
        },
      },
      {
        label: '`bytes=0-4,10-14` → `multipart/byteranges` with both parts',
        async check(ctx) {
          const file = ctx.files['big.txt'];
          const res = await ctx.get('/big.txt', { Range: 'bytes=0-4,10-14' });
          if (res.status === 200) return no('200, whole file');
          if (res.status !== 206) return no(seen(res));
          const parts = byteRangeParts(res);
          if (parts === null) return no(res.header('content-range') ? `first range only (${res.header('content-range')})` : `206 ${mediaType(res)}`);
          const want = [
            { contentRange: `bytes 0-4/${file.length}`, bytes: file.subarray(0, 5) },
            { contentRange: `bytes 10-14/${file.length}`, bytes: file.subarray(10, 15) },
          ];
          const good = parts.length === 2 && want.every((w, i) => parts[i].contentRange === w.contentRange && parts[i].bytes.equals(w.bytes));
          return good ? yes() : no(`${parts.length} parts: ${parts.map((p) => p.contentRange).join('; ')}`);
        },
      },
      {
        label: 'unsatisfiable → 416, `Content-Range: bytes */N`, no file content',
        async check(ctx) {
          const file = ctx.files['big.txt'];
          const res = await ctx.get('/big.txt', { Range: `bytes=${file.length + 100}-` });
          if (res.status !== 416) return no(seen(res));
          const problems = [];
          if (res.header('content-range') !== `bytes */${file.length}`) problems.push(`Content-Range: ${res.header('content-range') ?? 'absent'}`);
          if (res.body.equals(file)) problems.push('the whole file as body');
          if (problems.length > 0) return no(problems.join(', '));
          // A short error page is allowed (any 4xx may explain itself); shown so "empty" stays visible.
          return res.body.length === 0 ? yes() : yes(`${res.body.length}-byte ${mediaType(res)} error body`);
        },
      },
      {
        label: '`If-Range` with a stale ETag → 200, whole file',
        async check(ctx) {
          const res = await ctx.get('/big.txt', { Range: 'bytes=0-9', 'If-Range': '"stale-etag"' });
          if (res.status !== 200) return no(seen(res));
          return res.body.equals(ctx.files['big.txt']) ? yes() : no(`200 with ${res.body.length} bytes`);
        },
      },
    ],
  },
  {
    title: 'Compression',
    rows: [
      {
        label: 'gzip for a text file ≥ 1 KiB (no `.gz` beside it)',
        async check(ctx) {
          const res = await ctx.get('/big.txt', GZIP);
          if (res.status !== 200) return no(seen(res));
          if (coding(res) !== 'gzip') return no(codingNote(res));
          return decoded(res).equals(ctx.files['big.txt']) ? yes() : no('gzip body does not decode to the file');
        },
      },
      {
        label: 'br when `Accept-Encoding: br` (no `.br` beside it)',
        async check(ctx) {
          const res = await ctx.get('/big.txt', BR);
          if (res.status !== 200) return no(seen(res));
          if (coding(res) !== 'br') return no(codingNote(res));
          return decoded(res).equals(ctx.files['big.txt']) ? yes() : no('br body does not decode to the file');
        },
      },
      {
        label: 'precompressed `.gz` / `.br` sibling sent as it is',
        async check(ctx) {
          const sent = [];
          const onTheFly = [];
          for (const [headers, sibling] of [
            [GZIP, 'pre.txt.gz'],
            [BR, 'pre.txt.br'],
          ]) {
            const res = await ctx.get('/pre.txt', headers);
            // Byte-equal to the sibling: the file was sent; equal after decoding only: compressed again on the fly.
            if (res.status === 200 && res.body.equals(ctx.files[sibling])) sent.push(sibling.split('.').pop());
            else if (res.status === 200 && coding(res) !== 'identity') onTheFly.push(coding(res));
          }
          if (sent.length === 2) return yes();
          const notes = [sent.length > 0 ? `.${sent.join(', .')} only` : 'neither', onTheFly.length > 0 ? `${onTheFly.join(', ')} made on the fly` : ''];
          return no(notes.filter(Boolean).join('; '));
        },
      },
      {
        label: 'no compression for a 4 KiB PNG',
        async check(ctx) {
          const res = await ctx.get('/photo.png', BOTH);
          if (res.status !== 200) return no(seen(res));
          return coding(res) === 'identity' ? yes() : no(coding(res));
        },
      },
      {
        label: '`Vary: Accept-Encoding` on a compressed response',
        async check(ctx) {
          const compressed = await someCompressed(ctx);
          if (compressed === null) return na('never compresses');
          return listHas(compressed.res, 'vary', 'accept-encoding') ? yes() : no(`Vary: ${compressed.res.header('vary') ?? 'absent'}`);
        },
      },
      {
        label: 'each coding has its own ETag',
        async check(ctx) {
          const compressed = await someCompressed(ctx);
          if (compressed === null) return na('never compresses');
          const identity = (await ctx.get(compressed.path)).header('etag');
          if (!identity) return na('no ETag');
          const tags = { identity };
          for (const headers of [GZIP, BR]) {
            const res = await ctx.get(compressed.path, headers);
            if (coding(res) !== 'identity') tags[coding(res)] = res.header('etag') ?? '(none)';
          }
          const untagged = Object.keys(tags).filter((c) => tags[c] === '(none)');
          if (untagged.length > 0) return yes(`${untagged.join(', ')} without ETag`);
          const values = Object.values(tags);
          if (new Set(values).size !== values.length) return no(`one ETag for ${Object.keys(tags).join(', ')}`);
          // nginx's way: the gzip ETag is the identity one made weak, which still differs as a string.
          const weakened = Object.entries(tags).filter(([c, t]) => c !== 'identity' && t === `W/${identity}`).map(([c]) => c);
          return weakened.length > 0 ? yes(`${weakened.join(', ')}: the identity ETag made weak`) : yes();
        },
      },
      {
        label: 'a Range request on a compressible file is not compressed',
        async check(ctx) {
          const file = ctx.files['big.txt'];
          const res = await ctx.get('/big.txt', { ...GZIP, Range: 'bytes=0-99' });
          if (res.status === 206 && coding(res) === 'identity' && res.body.equals(file.subarray(0, 100))) return yes();
          if (res.status === 200) return no(`200 ${coding(res)}, Range ignored`);
          return no(`${res.status} ${coding(res)}`);
        },
      },
    ],
  },
  {
    title: 'Folders',
    rows: [
      {
        label: 'folder without `/` → 301 to `docs/`',
        async check(ctx) {
          const res = await ctx.get('/docs');
          const location = res.header('location') ?? '';
          const toSlash = new URL(location, `http://127.0.0.1:${ctx.port}/docs`).pathname === '/docs/';
          if (res.status === 301 && toSlash) return yes();
          if (res.status === 308 && toSlash) return yes('308');
          return no(seen(res));
        },
      },
      {
        label: 'HTML listing of a folder without index',
        async check(ctx) {
          const res = await ctx.get('/docs/');
          if ((await htmlListing(ctx, '/docs/')) !== null) return yes();
          return no(res.status === 200 ? `200 ${mediaType(res)}` : seen(res));
        },
      },
      {
        label: 'listing escapes `<b>` in a name',
        async check(ctx) {
          if (!ctx.files[`docs/${DOCS_NAMES.tag}`]) return na('file system refused the name');
          const html = await htmlListing(ctx, '/docs/');
          if (html === null) return NO_LISTING;
          if (html.includes('<b>bold')) return no('raw <b> in the page');
          return /&lt;b&gt;bold|&#0*60;b&#0*62;bold|&#x0*3c;b&#x0*3e;bold/i.test(html) ? yes() : no('name not found escaped');
        },
      },
      {
        label: 'listing sorts `9.txt` before `10.txt`',
        async check(ctx) {
          const html = await htmlListing(ctx, '/docs/');
          if (html === null) return NO_LISTING;
          const names = hrefs(html).map((href) => tryDecode(lastSegment(href)));
          const nine = names.indexOf(DOCS_NAMES.nine);
          const ten = names.indexOf(DOCS_NAMES.ten);
          if (nine < 0 || ten < 0) return no('no links to both');
          return nine < ten ? yes() : no('10.txt first');
        },
      },
      {
        label: 'links percent-encoded (`a%20b.txt`, `100%25.txt`, `%23hash.txt`)',
        async check(ctx) {
          const html = await htmlListing(ctx, '/docs/');
          if (html === null) return NO_LISTING;
          const segments = hrefs(html).map(lastSegment);
          const wanted = { 'a%20b.txt': 'a b', '100%25.txt': '100', '%23hash.txt': 'hash' };
          const bad = [];
          for (const [encoded, stem] of Object.entries(wanted)) {
            if (segments.some((segment) => sameEscapes(segment, encoded))) continue;
            const found = segments.find((segment) => segment.includes(stem) || segment.includes(encodeURIComponent(stem)));
            bad.push(found === undefined ? `no link for ${encoded}` : `href "${found}"`);
          }
          return bad.length === 0 ? yes() : no(bad.join(', '));
        },
      },
      {
        label: 'JSON listing for `Accept: application/json`',
        async check(ctx) {
          const res = await ctx.get('/docs/', { Accept: 'application/json' });
          if (res.status !== 200) return no(seen(res));
          if (mediaType(res) !== 'application/json') return no(mediaType(res));
          try {
            JSON.parse(res.body.toString('utf8'));
          } catch {
            return no('body is not JSON');
          }
          return res.body.includes('9.txt') ? yes() : no('JSON without the names');
        },
      },
      {
        label: 'JSON listing shows no absolute server path',
        async check(ctx) {
          const res = await ctx.get('/docs/', { Accept: 'application/json' });
          if (res.status !== 200 || mediaType(res) !== 'application/json') return na('no JSON listing');
          return res.body.toString('utf8').includes(ctx.root) ? no('the served folder\'s path appears') : yes();
        },
      },
      {
        label: 'folder with `index.html` serves it',
        async check(ctx) {
          const res = await ctx.get('/site/');
          if (res.status !== 200) return no(seen(res));
          return res.body.equals(ctx.files['site/index.html']) ? yes() : no(`200 ${mediaType(res)}, not the index`);
        },
      },
    ],
  },
  {
    title: 'Dotfiles',
    rows: [
      { label: '`.env` not served (404)', check: (ctx) => notServed(ctx, '/.env', '.env') },
      { label: '`.git/config` not served (404)', check: (ctx) => notServed(ctx, '/.git/config', '.git/config') },
      {
        label: 'dotfiles not shown in a listing',
        async check(ctx) {
          const html = await htmlListing(ctx, '/', 'big.txt');
          if (html === null) return NO_LISTING;
          const names = hrefs(html).map((href) => tryDecode(lastSegment(href)));
          const shown = ['.env', '.git'].filter((name) => names.includes(name));
          return shown.length === 0 ? yes() : no(`shows ${shown.join(', ')}`);
        },
      },
    ],
  },
  {
    title: 'Uploads',
    rows: [
      {
        label: 'PUT or POST stores a file',
        async check(ctx) {
          const put = await acceptsPut(ctx, 'uploaded-put.txt');
          const body = 'posted\n';
          const post = await ctx.send({ method: 'POST', path: '/uploaded-post.txt', body, headers: { 'Content-Type': 'text/plain' } });
          const back = await ctx.send({ method: 'GET', path: '/uploaded-post.txt' });
          const posted = post.status >= 200 && post.status <= 299 && back.status === 200 && back.body.toString() === body;
          if (put.ok && posted) return yes('PUT, POST');
          if (put.ok || posted) return yes(put.ok ? 'PUT' : 'POST');
          return no(`read-only: PUT ${put.status}, POST ${seen(post)}`);
        },
      },
      {
        label: '`If-None-Match: *` PUT on an existing file → 412',
        async check(ctx) {
          if (!(await acceptsPut(ctx, 'uploaded-probe.txt')).ok) return na('read-only');
          const res = await ctx.send({ method: 'PUT', path: '/put-target.txt', body: 'replaced\n', headers: { 'If-None-Match': '*' } });
          if (res.status === 412) return yes();
          const after = await ctx.send({ method: 'GET', path: '/put-target.txt' });
          return no(`${seen(res)}${after.body.toString() === 'replaced\n' ? ', file replaced' : ''}`);
        },
      },
    ],
  },
];

/** A dotfile answered 404 (or 403: refused all the same) without its content. */
async function notServed(ctx, path, relative) {
  const res = await ctx.get(path);
  if (res.body.includes('do-not-serve-me') || (res.status === 200 && res.body.equals(ctx.files[relative]))) return no(`${res.status}, served`);
  if (res.status === 404) return yes();
  return res.status === 403 ? yes('403') : no(seen(res));
}
