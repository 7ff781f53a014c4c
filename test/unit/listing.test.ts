import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  LISTING_CSP,
  prefersJson,
  renderHtmlListing,
  renderJsonListing,
  sortEntries,
  type ListingEntry,
  type ListingInput,
} from '../../src/files/listing/index.js';
import { humanSize, utcMinute } from '../../src/files/listing/format.js';
import { entryHref } from '../../src/files/listing/url-path.js';

const MTIME = Date.UTC(2026, 11, 1, 14, 3, 27, 500); // 2026-12-01 14:03:27.500 UTC

function file(name: string, size = 10): ListingEntry {
  return { name, kind: 'file', size, mtimeMs: MTIME };
}
function folder(name: string): ListingEntry {
  return { name, kind: 'folder', size: 4096, mtimeMs: MTIME };
}

// Names a listing must show as text and link to exactly.
const HOSTILE: ListingEntry[] = [
  file('a b.txt'),
  file('100%.txt'),
  file('%41'), // must not link to 'A'
  file('#frag'),
  file('what?.txt'),
  file('été 日本.txt'),
  file('<b>bold'),
  file('say "hi"'),
  file("it's"),
  file('a&amp;b'),
  file('a:b'), // a relative 'a:b' would be a URL scheme
  file('back\\slash'),
  file('emoji 😀'),
  folder('sub folder <x>'),
  folder('50%'),
];

/** The five entities escapeHtml writes, undone in the order that cannot double-decode. */
function unescapeHtml(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

/** [href, text] of every link in the table's body, as a browser would read them. */
/** The rows the server rendered (the script's text holds other strings). */
function tableBody(html: string): string {
  return /<tbody id="rows">([\s\S]*)<\/tbody>/.exec(html)?.[1] ?? '';
}

/** [href, text] of each name link in the table (download links are not name links). */
function tableLinks(html: string): Array<[string, string]> {
  const body = tableBody(html);
  return [...body.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)].map((m) => [unescapeHtml(m[1]), unescapeHtml(m[2])]);
}

/** [href or null, text] of each breadcrumb in the h1. */
function crumbs(html: string): Array<[string | null, string]> {
  const h1 = /<h1>Index of ([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '';
  return [...h1.matchAll(/<a href="([^"]*)">([^<]*)<\/a>|<span aria-current="page">([^<]*)<\/span>/g)].map((m) =>
    m[1] !== undefined ? [unescapeHtml(m[1]), unescapeHtml(m[2])] : [null, unescapeHtml(m[3])],
  );
}

function decodePath(href: string): string {
  return href.split('/').map(decodeURIComponent).join('/');
}

describe('sortEntries: folders first, then natural, case-insensitive order', () => {
  test.each<[string, ListingEntry[], string[]]>([
    ['numbers compare as numbers', [file('10.txt'), file('9.txt'), file('1.txt'), file('100.txt')], ['1.txt', '9.txt', '10.txt', '100.txt']],
    ['folders before files', [file('a'), folder('z'), file('b'), folder('c')], ['c', 'z', 'a', 'b']],
    ['case-insensitive', [file('b'), file('A'), file('C')], ['A', 'b', 'C']],
    ['same but case: raw name decides', [file('readme'), file('README'), file('Readme')], ['README', 'Readme', 'readme']],
    ['same number, other digits: raw name decides', [file('f1'), file('f01'), file('f001')], ['f001', 'f01', 'f1']],
    ['digits inside names', [file('img12.png'), file('img2.png'), file('img1.png')], ['img1.png', 'img2.png', 'img12.png']],
    ['accents are not ignored', [file('é'), file('e'), file('f')], ['e', 'é', 'f']],
    ['huge numbers', [file('99999999999999999999'), file('100000000000000000000')], ['99999999999999999999', '100000000000000000000']],
    ['empty', [], []],
  ])('%s', (_, entries, expected) => {
    const before = entries.map((e) => e.name);
    expect(sortEntries(entries).map((e) => e.name)).toEqual(expected);
    expect(entries.map((e) => e.name)).toEqual(before); // the input is left as it was
  });
});

describe('humanSize', () => {
  test.each<[number, string]>([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1229, '1.2 KiB'],
    [10180, '9.9 KiB'],
    [10200, '10 KiB'], // 9.96 KiB: no '10.0'
    [10240, '10 KiB'],
    [1023 * 1024, '1023 KiB'],
    [1048575, '1.0 MiB'], // 1023.999 KiB rounds into the next unit
    [5 * 1024 ** 3, '5.0 GiB'],
    [3 * 1024 ** 4, '3.0 TiB'],
    [2048 * 1024 ** 5, '2048 PiB'],
  ])('%d -> %s', (bytes, expected) => {
    expect(humanSize(bytes)).toBe(expected);
  });
});

describe('utcMinute', () => {
  test.each<[number, string]>([
    [MTIME, '2026-12-01 14:03'],
    [0, '1970-01-01 00:00'],
    [Date.UTC(2026, 0, 2, 3, 4, 59, 999), '2026-01-02 03:04'], // truncated, not rounded
  ])('%d -> %s', (ms, expected) => {
    expect(utcMinute(ms)).toBe(expected);
  });
});

describe('entryHref: one percent-encoded segment per name', () => {
  test.each<[string, ListingEntry, string]>([
    ['/', file('a b.txt'), '/a%20b.txt'],
    ['/', file('100%.txt'), '/100%25.txt'],
    ['/', file('%41'), '/%2541'],
    ['/', file('#frag'), '/%23frag'],
    ['/', file('what?.txt'), '/what%3F.txt'],
    ['/', file('<b>'), '/%3Cb%3E'],
    ['/', file('say "hi"'), '/say%20%22hi%22'],
    ['/', file('été'), '/%C3%A9t%C3%A9'],
    ['/', file('😀'), '/%F0%9F%98%80'],
    ['/', file('a:b'), '/a%3Ab'],
    ['/', file('lone \uD800'), '/lone%20%EF%BF%BD'], // not encodable: U+FFFD instead of a throw
    ['/', folder('docs'), '/docs/'],
    ['/files/', folder('a b'), '/files/a%20b/'],
    ['/files/my docs/#1/', file('x?'), '/files/my%20docs/%231/x%3F'],
  ])('%s + %j -> %s', (folderUrlPath, entry, expected) => {
    expect(entryHref(folderUrlPath, entry)).toBe(expected);
  });
});

describe('renderHtmlListing', () => {
  const input: ListingInput = { folderUrlPath: '/files/a b/#2/', mountUrlPath: '/files/', entries: HOSTILE };
  const html = renderHtmlListing(input);

  test('every entry link decodes to the entry, its text is the entry name', () => {
    const links = tableLinks(html).filter(([href]) => href !== '../');
    const expected = sortEntries(HOSTILE).map((e) => (e.kind === 'folder' ? `${e.name}/` : e.name));
    expect(links.map(([, text]) => text)).toEqual(expected);
    for (const [href, text] of links) {
      expect(href).toMatch(/^[!-~]+$/); // printable ASCII only: everything else is encoded
      expect(decodePath(href)).toBe(input.folderUrlPath + text);
      // Resolved as a browser would, the link stays in this folder.
      expect(decodePath(new URL(href, `http://x${encodeURI(input.folderUrlPath)}`).pathname)).toBe(input.folderUrlPath + text);
    }
  });

  test('no name appears unescaped', () => {
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<x>');
    expect(html).not.toContain('say "hi"');
    expect(html).toContain('&lt;b&gt;bold');
    expect(html).toContain('a&amp;amp;b');
    expect(html).toContain('it&#39;s');
  });

  test('a complete, self-contained HTML5 document', () => {
    expect(html.startsWith('<!doctype html>\n')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<title>Index of /files/a b/#2/</title>');
    expect(html).toContain('prefers-color-scheme: dark');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    // One script, the page's own (allowed by hash); no inline handlers, no sources, no javascript: URLs.
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script[^>]*\ssrc=|\son\w+=|javascript:/i);
    // Every href stays on this server (or is the empty data: favicon).
    for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^(\/|\.\.\/$|data:,$)/);
  });

  test('sizes, folder dash and times', () => {
    const oneFile = renderHtmlListing({ folderUrlPath: '/', mountUrlPath: '/', entries: [file('f', 1229), folder('d')] });
    expect(oneFile).toContain('<td class="size">1.2 KiB</td>');
    expect(oneFile).toContain('<td class="size">—</td>');
    expect(oneFile).toContain('<time datetime="2026-12-01T14:03:27.500Z">2026-12-01 14:03</time>');
  });

  test('the inline style sheet is the one LISTING_CSP allows by hash', () => {
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(css).not.toBe('');
    const hash = createHash('sha256').update(css).digest('base64');
    expect(LISTING_CSP).toContain(`style-src 'sha256-${hash}'`);
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).not.toContain(' style="'); // attributes would need 'unsafe-hashes'
  });

  test('the inline script is the one LISTING_CSP allows by hash', () => {
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(script).not.toBe('');
    const hash = createHash('sha256').update(script).digest('base64');
    expect(LISTING_CSP).toContain(`script-src 'sha256-${hash}'`);
  });

  test('LISTING_CSP: nothing loads or runs but the page itself', () => {
    expect(LISTING_CSP).toMatch(
      /^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]{43}='; style-src 'sha256-[A-Za-z0-9+/]{43}='; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'$/,
    );
  });

  test.each<[string, string, Array<[string | null, string]>, boolean]>([
    ['/', '/', [[null, '/']], false],
    ['/files/', '/files/', [[null, '/files/']], false],
    ['/docs/', '/', [['/', '/'], [null, 'docs']], true],
    ['/files/a/b/', '/files/', [['/files/', '/files/'], ['/files/a/', 'a'], [null, 'b']], true],
    ['/files/a b/#2/', '/files/', [['/files/', '/files/'], ['/files/a%20b/', 'a b'], [null, '#2']], true],
    ['/m <x>/50%/', '/m <x>/', [['/m%20%3Cx%3E/', '/m <x>/'], [null, '50%']], true],
  ])('%s under mount %s: breadcrumbs %j, parent link %s', (folderUrlPath, mountUrlPath, expected, hasParent) => {
    const page = renderHtmlListing({ folderUrlPath, mountUrlPath, entries: [file('x')] });
    expect(crumbs(page)).toEqual(expected);
    // Each crumb link decodes to an ancestor of the folder, under the mount.
    for (const [href] of expected) {
      if (href === null) continue;
      expect(folderUrlPath.startsWith(decodePath(href))).toBe(true);
      expect(decodePath(href).startsWith(mountUrlPath)).toBe(true);
    }
    expect(tableLinks(page).some(([href, text]) => href === '../' && text === '../')).toBe(hasParent);
  });

  test('an empty folder says so', () => {
    expect(tableBody(renderHtmlListing({ folderUrlPath: '/', mountUrlPath: '/', entries: [] }))).toContain('This folder is empty.');
    expect(tableBody(html)).not.toContain('This folder is empty.');
  });
});

describe('renderJsonListing', () => {
  test('shape: path, entries sorted, folder size null, ISO mtime, encoded link', () => {
    const text = renderJsonListing({
      folderUrlPath: '/files/docs/',
      mountUrlPath: '/files/',
      entries: [file('b 2.txt', 1234), folder('sub'), file('b 10.txt', 0)],
    });
    expect(JSON.parse(text)).toEqual({
      path: '/files/docs/',
      entries: [
        { name: 'sub', kind: 'folder', size: null, mtime: '2026-12-01T14:03:27.500Z', link: '/files/docs/sub/' },
        { name: 'b 2.txt', kind: 'file', size: 1234, mtime: '2026-12-01T14:03:27.500Z', link: '/files/docs/b%202.txt' },
        { name: 'b 10.txt', kind: 'file', size: 0, mtime: '2026-12-01T14:03:27.500Z', link: '/files/docs/b%2010.txt' },
      ],
    });
  });

  test('hostile names: every link decodes to path + name', () => {
    const parsed = JSON.parse(renderJsonListing({ folderUrlPath: '/x y/', mountUrlPath: '/', entries: HOSTILE }));
    expect(parsed.path).toBe('/x y/');
    expect(parsed.entries.map((e: { name: string }) => e.name)).toEqual(sortEntries(HOSTILE).map((e) => e.name));
    for (const entry of parsed.entries) {
      expect(Object.keys(entry)).toEqual(['name', 'kind', 'size', 'mtime', 'link']);
      const suffix = entry.kind === 'folder' ? '/' : '';
      expect(decodePath(entry.link)).toBe(`/x y/${entry.name}${suffix}`);
    }
  });

  test('empty folder', () => {
    expect(renderJsonListing({ folderUrlPath: '/', mountUrlPath: '/', entries: [] })).toBe('{"path":"/","entries":[]}');
  });
});

describe('both renderers refuse input that breaks the contract', () => {
  test.each<[string, ListingInput]>([
    ['folder without leading /', { folderUrlPath: 'docs/', mountUrlPath: '/', entries: [] }],
    ['folder without trailing /', { folderUrlPath: '/docs', mountUrlPath: '/', entries: [] }],
    ['mount without trailing /', { folderUrlPath: '/files/', mountUrlPath: '/files', entries: [] }],
    ['folder outside the mount', { folderUrlPath: '/other/', mountUrlPath: '/files/', entries: [] }],
    ['name with a slash', { folderUrlPath: '/', mountUrlPath: '/', entries: [file('a/b')] }],
    ['name ..', { folderUrlPath: '/', mountUrlPath: '/', entries: [folder('..')] }],
    ['name .', { folderUrlPath: '/', mountUrlPath: '/', entries: [folder('.')] }],
    ['empty name', { folderUrlPath: '/', mountUrlPath: '/', entries: [file('')] }],
  ])('%s', (_, input) => {
    expect(() => renderHtmlListing(input)).toThrow(/^listing: /);
    expect(() => renderJsonListing(input)).toThrow(/^listing: /);
  });
});

describe('prefersJson: application/json weighs more than text/html', () => {
  test.each<[string | undefined, boolean]>([
    [undefined, false],
    ['', false],
    ['application/json', true],
    ['APPLICATION/JSON', true],
    ['application/json; charset=utf-8', true], // parameters other than q are ignored
    ['text/html', false],
    ['*/*', false], // curl: a tie goes to HTML
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', false], // a browser
    ['application/json, text/html', false], // tie
    ['text/html, application/json', false],
    ['application/json, text/html;q=0.9', true],
    ['text/html;q=0.5, application/json;q=0.6', true],
    ['text/html;q=0.6, application/json;q=0.5', false],
    ['application/json;q=0', false],
    ['application/json;q=0, */*', false],
    ['application/*', true],
    ['text/*', false],
    ['application/*;q=0.9, text/*;q=0.8', true],
    ['*/*;q=0.1, application/json', true],
    ['application/json;q=0.5, */*', false], // html takes */*'s 1, json its own 0.5
    ['application/json, */*;q=0.1', true],
    ['text/html;q=0, */*', true], // html refused outright, json takes */*'s 1
    ['application/json;q=2', false], // malformed weight: element ignored
    ['application/json;q=abc, text/html;q=0.1', false],
    ['application/json ; Q=0.9 , text/html ; q=0.8', true],
    ['application/json;q=0.2, application/json;q=0.9, text/html;q=0.5', true], // the more generous
    ['text/html;q=0.3, text/plain', false], // a range for another type says nothing of JSON
    ['application/jsonx', false],
    ['application/json-seq', false],
    ['json', false],
    ['*/json', false], // not a media range
    [',,application/json,,', true],
  ])('%j -> %s', (accept, expected) => {
    expect(prefersJson(accept)).toBe(expected);
  });
});

describe('what the page offers, rendered by the server', () => {
  const input: ListingInput = { folderUrlPath: '/files/a b/<x>/', mountUrlPath: '/files/', entries: [file('f.txt')] };

  test.each<[string, { upload: boolean; delete: boolean } | undefined, string, string, boolean]>([
    ['read only (the default)', undefined, 'refused', 'refused', false],
    ['uploads', { upload: true, delete: false }, 'allowed', 'refused', true],
    ['uploads and DELETE', { upload: true, delete: true }, 'allowed', 'allowed', true],
  ])('%s', (_what, writes, upload, remove, forms) => {
    const page = renderHtmlListing(input, writes);
    const body = /<body ([^>]*)>/.exec(page)?.[1] ?? '';
    expect(body).toBe(`data-folder="/files/a%20b/%3Cx%3E/" data-parent="yes" data-upload="${upload}" data-delete="${remove}"`);
    // The plain forms post multipart to the folder URL, which works without the script.
    const formTags = page.match(/<form [^>]*>/g) ?? [];
    expect(formTags).toEqual(
      forms
        ? [
            '<form id="upload" method="post" enctype="multipart/form-data" action="/files/a%20b/%3Cx%3E/">',
            '<form id="mkdir" method="post" enctype="multipart/form-data" action="/files/a%20b/%3Cx%3E/">',
          ]
        : [],
    );
    // Every input has a label.
    for (const [, id] of page.matchAll(/<input id="([^"]+)"/g)) expect(page).toContain(`<label for="${id}">`);
    // The no-script listing links each file for download too.
    expect(page).toContain('<a class="download" href="/files/a%20b/%3Cx%3E/f.txt" download aria-label="Download f.txt">Download</a>');
  });
});
