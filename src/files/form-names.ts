/**
 * Names that arrive inside a form (a file part's filename, a `mkdir` field) rather than in the
 * URL. A browser may send a path (`C:\Users\me\a.txt`, `photos/a.jpg` from a folder picker) or
 * a hostile one (`../../x`): only the last segment is kept, split at both `/` and `\`. The
 * result then goes through the same rules as a name in a URL (tree.ts resolveName, then the
 * dotfile rule), so a form can create nothing a PUT could not.
 */
import { encodeSegment } from './listing/url-path.js';
import type { ResolvedName, ServedTree } from './tree.js';

/** The last segment of a name a client sent, at `/` or `\` (`a\b` -> `b`, `../../x` -> `x`). */
export function lastSegment(sent: string): string {
  const cut = Math.max(sent.lastIndexOf('/'), sent.lastIndexOf('\\'));
  return sent.slice(cut + 1);
}

export type FormName =
  | { readonly kind: 'inside'; readonly name: string; readonly target: Extract<ResolvedName, { kind: 'inside' }> }
  /** 400: not a name (empty after reduction, `.`, `..`, NUL, invalid text); 404: a dotfile without --dotfiles. */
  | { readonly kind: 'refused'; readonly status: 400 | 404 };

/**
 * The file `sent` names inside the folder `folderRelative` (decoded, '' for the served
 * directory's root, else without a trailing `/`), by the rules of every other name.
 */
export function formName(tree: ServedTree, folderRelative: string, sent: string, showHidden: boolean): FormName {
  const name = lastSegment(sent);
  if (name === '' || name === '.' || name === '..') return { kind: 'refused', status: 400 };
  // Encoded as a URL segment, then resolved like one: NUL, bad text and the rest are refused there.
  const prefix = folderRelative === '' ? '' : `${folderRelative.split('/').map(encodeSegment).join('/')}/`;
  const raw = Buffer.from(prefix + encodeSegment(name), 'latin1');
  const target = tree.resolve(raw, 0, raw.length);
  if (target.kind === 'refused') return { kind: 'refused', status: 400 };
  if (!showHidden && name.charCodeAt(0) === 0x2e) return { kind: 'refused', status: 404 };
  return { kind: 'inside', name, target };
}
