/**
 * The JSON folder listing, an API: clients may rely on this shape.
 *
 *   {
 *     "path": "/files/docs/",          // the folder's URL path, decoded
 *     "entries": [                     // folders first, then names in natural order
 *       {
 *         "name": "a b.txt",           // the entry's own name, decoded; never a path on disk
 *         "kind": "file",              // "file" or "folder"
 *         "size": 1234,                // bytes; null for a folder
 *         "mtime": "2026-12-01T14:03:00.000Z", // last modification, ISO 8601, UTC
 *         "link": "/files/docs/a%20b.txt"       // its URL path, percent-encoded; a folder's ends with '/'
 *       }
 *     ]
 *   }
 *
 * Served as application/json; charset=utf-8. Dotfiles are filtered by the caller.
 */
import { checkListingInput, sortEntries, type ListingInput } from './entries.js';
import { entryHref } from './url-path.js';

export interface JsonListing {
  readonly path: string;
  readonly entries: ReadonlyArray<{
    readonly name: string;
    readonly kind: 'file' | 'folder';
    readonly size: number | null;
    readonly mtime: string;
    readonly link: string;
  }>;
}

export function renderJsonListing(input: ListingInput): string {
  checkListingInput(input);
  const listing: JsonListing = {
    path: input.folderUrlPath,
    entries: sortEntries(input.entries).map((entry) => ({
      name: entry.name,
      kind: entry.kind,
      size: entry.kind === 'folder' ? null : entry.size,
      mtime: new Date(entry.mtimeMs).toISOString(),
      link: entryHref(input.folderUrlPath, entry),
    })),
  };
  return JSON.stringify(listing);
}
