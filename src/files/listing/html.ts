/**
 * The HTML folder listing, a small web app: one self-contained HTML5 document, no external
 * assets, its only style the inline sheet below and its only script page-script.ts, both
 * allowed by hash. Without JavaScript it is the plain listing and a plain multipart form. Every
 * name is HTML-escaped and every link percent-encoded per segment (url-path.ts), so hostile
 * file names stay text.
 */
import { createHash } from 'node:crypto';
import { checkListingInput, sortEntries, type ListingInput } from './entries.js';
import { humanSize, utcMinute } from './format.js';
import { PAGE_SCRIPT } from './page-script.js';
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
td.actions, th.actions { white-space: nowrap; text-align: right; }
a:focus-visible, button:focus-visible, input:focus-visible { outline: 2px solid var(--link); outline-offset: 2px; }
button, input { font: inherit; color: inherit; }
button { padding: .2rem .7rem; border: 1px solid var(--rule); border-radius: 4px; background: var(--hover); cursor: pointer; }
button:hover { border-color: var(--muted); }
input[type=search], input[type=text] { padding: .2rem .4rem; border: 1px solid var(--rule); border-radius: 4px; background: var(--bg); }
th button.sort { border: 0; padding: 0; background: none; color: inherit; font-weight: 500; }
th[aria-sort=ascending] button.sort::after { content: " \\25B2"; font-size: .7em; }
th[aria-sort=descending] button.sort::after { content: " \\25BC"; font-size: .7em; }
button.delete { color: #b42318; }
td.actions button { padding: 0 .5rem; }
.tools { display: flex; flex-wrap: wrap; gap: .75rem 2rem; align-items: center; margin: 0 0 1rem; }
.tools form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: 0; }
.hint, .state { color: var(--muted); }
body.dropping { outline: 3px dashed var(--link); outline-offset: -6px; }
#transfers { list-style: none; padding: 0; margin: 0 0 1rem; }
#transfers li { display: flex; gap: .75rem; align-items: center; padding: .2rem 0; }
#transfers .file { overflow-wrap: anywhere; min-width: 8rem; }
#transfers progress { flex: 1; max-width: 20rem; }
#status:empty { display: none; }
.filter { margin: 0 0 .5rem; }
`;

const CSS_HASH = createHash('sha256').update(CSS).digest('base64');
const SCRIPT_HASH = createHash('sha256').update(PAGE_SCRIPT).digest('base64');

/**
 * Content-Security-Policy for a listing response. Nothing loads or runs but the page's own:
 * the one inline script and the one inline style sheet, each by its hash, so even an injected
 * <script> or <style> would not apply (default-src 'none': no frames, fonts, other scripts); the
 * script may talk to this server only (connect-src 'self': the JSON listing, uploads, DELETE);
 * the empty data: favicon (the page names one so the browser does not ask /favicon.ico); no
 * <base> to redirect the relative '../' link; forms submit to this server only; and no other
 * site may frame the page.
 */
export const LISTING_CSP =
  `default-src 'none'; script-src 'sha256-${SCRIPT_HASH}'; style-src 'sha256-${CSS_HASH}'; img-src data:; ` +
  `connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;

/** What the page offers besides reading: the server renders it, the script reads it. */
export interface PageWrites {
  /** A form POST to the folder stores files and makes folders. */
  readonly upload: boolean;
  /** DELETE of a file is answered (--allow-delete). */
  readonly delete: boolean;
}

const READ_ONLY: PageWrites = { upload: false, delete: false };

/** The upload and new-folder forms: plain multipart forms that work without the script. */
function tools(action: string): string {
  return `<section class="tools" aria-label="Add to this folder">
<form id="upload" method="post" enctype="multipart/form-data" action="${action}">
<label for="picker">Upload files</label>
<input id="picker" type="file" name="file" multiple required>
<button type="submit">Upload</button>
<span class="hint" data-needs-script hidden>or drop files anywhere on this page</span>
</form>
<form id="mkdir" method="post" enctype="multipart/form-data" action="${action}">
<label for="folder-name">New folder</label>
<input id="folder-name" type="text" name="mkdir" required maxlength="255" autocomplete="off">
<button type="submit">Create folder</button>
</form>
</section>
<ul id="transfers" aria-label="Uploads" hidden></ul>
`;
}

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
export function renderHtmlListing(input: ListingInput, writes: PageWrites = READ_ONLY): string {
  checkListingInput(input);
  const { folderUrlPath, mountUrlPath } = input;
  const hasParent = folderUrlPath !== mountUrlPath;
  const rows: string[] = [];
  if (hasParent) {
    rows.push('<tr><td class="name"><a href="../">../</a></td><td class="size"></td><td class="time"></td><td class="actions"></td></tr>');
  }
  for (const entry of sortEntries(input.entries)) {
    const isFolder = entry.kind === 'folder';
    const label = escapeHtml(entry.name) + (isFolder ? '/' : '');
    const iso = new Date(entry.mtimeMs).toISOString();
    const href = escapeHtml(entryHref(folderUrlPath, entry));
    const download = isFolder ? '' : `<a class="download" href="${href}" download aria-label="Download ${escapeHtml(entry.name)}">Download</a>`;
    rows.push(
      `<tr><td class="name"><a href="${href}">${label}</a></td>` +
        `<td class="size">${isFolder ? '—' : humanSize(entry.size)}</td>` +
        `<td class="time"><time datetime="${iso}">${utcMinute(entry.mtimeMs)}</time></td>` +
        `<td class="actions">${download}</td></tr>`,
    );
  }
  if (input.entries.length === 0) rows.push('<tr><td class="empty" colspan="4">This folder is empty.</td></tr>');
  const title = `Index of ${escapeHtml(folderUrlPath)}`;
  const folderHref = escapeHtml(encodeUrlPath(folderUrlPath));
  const data =
    `data-folder="${folderHref}" data-parent="${hasParent ? 'yes' : 'no'}" ` +
    `data-upload="${writes.upload ? 'allowed' : 'refused'}" data-delete="${writes.delete ? 'allowed' : 'refused'}"`;
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
<body ${data}>
<h1>Index of ${breadcrumbs(folderUrlPath, mountUrlPath)}</h1>
${writes.upload ? tools(folderHref) : ''}<p id="status" role="status" aria-live="polite"></p>
<div class="filter" data-needs-script hidden><label for="filter">Filter</label> <input id="filter" type="search" autocomplete="off" placeholder="part of a name"></div>
<table>
<thead><tr><th class="name" scope="col" data-key="name" aria-sort="ascending">Name</th><th class="size" scope="col" data-key="size" aria-sort="none">Size</th><th class="time" scope="col" data-key="mtime" aria-sort="none">Modified (UTC)</th><th class="actions" scope="col"><span class="hint">Actions</span></th></tr></thead>
<tbody id="rows">
${rows.join('\n')}
</tbody>
</table>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
