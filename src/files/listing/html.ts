/**
 * The HTML folder listing: one self-contained HTML5 document, no external assets, no
 * JavaScript, its only style the inline sheet below. Every name is HTML-escaped and every link
 * percent-encoded per segment (url-path.ts), so hostile file names stay text.
 */
import { createHash } from 'node:crypto';
import { checkListingInput, sortEntries, type ListingInput } from './entries.js';
import { humanSize, utcMinute } from './format.js';
import { encodeUrlPath, entryHref } from './url-path.js';

const CSS = `
:root { color-scheme: light dark; --fg: #1d1f21; --bg: #fdfdfd; --muted: #6a6f75; --link: #0550ae; --rule: #d8dbe0; --hover: #f0f3f6; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6e6e6; --bg: #16181b; --muted: #9aa0a6; --link: #79b8ff; --rule: #33373d; --hover: #22262b; }
}
body { margin: 0 auto; padding: 1rem; max-width: 60rem; font: 15px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 1.25rem; font-weight: 600; overflow-wrap: anywhere; }
a { color: var(--link); text-decoration: none; }
a:hover, a:focus-visible { text-decoration: underline; }
table { width: 100%; border-collapse: collapse; }
th, td { padding: .3rem .6rem; border-bottom: 1px solid var(--rule); text-align: left; }
th { color: var(--muted); font-weight: 500; }
tbody tr:hover { background: var(--hover); }
td.name { overflow-wrap: anywhere; }
td.size, td.time, th.size, th.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.size, th.size { text-align: right; }
td.empty { color: var(--muted); font-style: italic; }
`;

const CSS_HASH = createHash('sha256').update(CSS).digest('base64');

/**
 * Content-Security-Policy for a listing response. Nothing may load or run: no scripts,
 * frames, fonts or connections (default-src 'none'); the one inline style sheet by its hash,
 * so even an injected <style> would not apply; the empty data: favicon (the page names one so
 * the browser does not ask /favicon.ico); no <base> to redirect the relative '../' link; no
 * form may submit anywhere; and no other site may frame the page.
 */
export const LISTING_CSP =
  `default-src 'none'; style-src 'sha256-${CSS_HASH}'; img-src data:; base-uri 'none'; ` +
  `form-action 'none'; frame-ancestors 'none'`;

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe in text and in a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

/**
 * 'Index of' the folder, from the mount root: the root and each ancestor folder a link, the
 * folder itself plain text. Ancestors above the mount are not served, so the mount path is
 * one crumb.
 */
function breadcrumbs(folderUrlPath: string, mountUrlPath: string): string {
  const below = folderUrlPath.slice(mountUrlPath.length).split('/').filter((s) => s !== '');
  const crumbs: Array<{ label: string; urlPath: string }> = [{ label: mountUrlPath, urlPath: mountUrlPath }];
  let urlPath = mountUrlPath;
  for (const segment of below) {
    urlPath += `${segment}/`;
    crumbs.push({ label: segment, urlPath });
  }
  const last = crumbs.length - 1;
  return crumbs
    .map(({ label, urlPath }, i) => {
      const text = escapeHtml(label);
      const shown = i === last ? `<span aria-current="page">${text}</span>` : `<a href="${escapeHtml(encodeUrlPath(urlPath))}">${text}</a>`;
      // The root's label already ends with '/'; each folder below it gets one after it.
      return i === 0 ? shown : `${shown}/`;
    })
    .join('');
}

/** A complete HTML document listing the folder (entries in sortEntries order). */
export function renderHtmlListing(input: ListingInput): string {
  checkListingInput(input);
  const { folderUrlPath, mountUrlPath } = input;
  const rows: string[] = [];
  if (folderUrlPath !== mountUrlPath) {
    rows.push('<tr><td class="name"><a href="../">../</a></td><td class="size"></td><td class="time"></td></tr>');
  }
  for (const entry of sortEntries(input.entries)) {
    const isFolder = entry.kind === 'folder';
    const label = escapeHtml(entry.name) + (isFolder ? '/' : '');
    const iso = new Date(entry.mtimeMs).toISOString();
    rows.push(
      `<tr><td class="name"><a href="${escapeHtml(entryHref(folderUrlPath, entry))}">${label}</a></td>` +
        `<td class="size">${isFolder ? '—' : humanSize(entry.size)}</td>` +
        `<td class="time"><time datetime="${iso}">${utcMinute(entry.mtimeMs)}</time></td></tr>`,
    );
  }
  if (input.entries.length === 0) rows.push('<tr><td class="empty" colspan="3">This folder is empty.</td></tr>');
  const title = `Index of ${escapeHtml(folderUrlPath)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${title}</title>
<link rel="icon" href="data:,">
<style>${CSS}</style>
</head>
<body>
<h1>Index of ${breadcrumbs(folderUrlPath, mountUrlPath)}</h1>
<table>
<thead><tr><th class="name" scope="col">Name</th><th class="size" scope="col">Size</th><th class="time" scope="col">Modified (UTC)</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</body>
</html>
`;
}
