// Folder listings: pure rendering, no file-system access. The caller reads and stats the
// folder, filters out dotfiles and whatever else must not be listed, and sends the result with
// LISTING_CSP (HTML) or as application/json; charset=utf-8 (JSON).
export { sortEntries, type ListingEntry, type ListingInput } from './entries.js';
export { renderHtmlListing, LISTING_CSP, type PageWrites } from './html.js';
export { renderJsonListing, type JsonListing } from './json.js';
export { prefersJson } from './accept.js';
