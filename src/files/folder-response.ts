/**
 * GET and HEAD of a folder URL (one that ends in `/`, and the front page `/`): the folder's
 * `index.html` when it has one, answered exactly as that file would be (validators, ranges,
 * compression); else its listing, JSON when the request's Accept prefers application/json,
 * HTML otherwise.
 *
 * The folder's real path must be inside the directory (a symlinked folder leading outside is
 * 404, as a file would be). A listing is made fresh for every request: it is `no-cache` with a
 * weak ETag of its bytes (If-None-Match gets a 304 while nothing changed; the bytes of the last
 * rendering are reused while the entries read are the same, listing-memo.ts), varies on Accept
 * (and on Accept-Encoding once large enough to compress), and the HTML one carries a
 * Content-Security-Policy under which nothing in it can run or load.
 */
import type { ResponseOwner } from '../http/handler.js';
import { PendingResponse } from '../http/handler.js';
import { createHash } from 'node:crypto';
import { evaluateConditions } from '../http/conditional.js';
import { chooseCoding } from '../http/content-coding.js';
import type { Coding } from '../http/etag.js';
import type { ResponsePlan } from '../http/plan.js';
import { encodeBytes } from './compressed-body.js';
import { FileResponse, type FilesContext } from './file-response.js';
import { statusForFsError } from './fs-errors.js';
import { LISTING_CSP, prefersJson, renderHtmlListing, renderJsonListing, type ListingEntry, type PageWrites } from './listing/index.js';
import type { ListingMemo } from './listing-memo.js';
import { readFolder } from './read-folder.js';
import { COMPRESS_MIN_BYTES, ON_THE_FLY, type FileRequestFields } from './representation.js';
import type { ServedTree } from './tree.js';

export interface FolderContext {
  readonly files: FilesContext;
  readonly tree: ServedTree;
  /** `--dotfiles`: hidden names are listed too. */
  readonly showHidden: boolean;
  /** What the HTML listing's page offers (uploads, deletion). */
  readonly writes?: PageWrites;
  /** The last listings rendered (their bytes reused while the entries are the same). */
  readonly listings: ListingMemo;
}

/** What a folder answer depends on: the file fields (for its index.html) and Accept. */
export interface FolderRequestFields extends FileRequestFields {
  readonly accept?: string;
}

export interface FolderTarget {
  /** Absolute path of the folder on disk. */
  readonly path: string;
  /** Its URL path, decoded, beginning and ending with `/` (the listing's title and links). */
  readonly urlPath: string;
  /** The URL path the files are mounted at (the listing's first breadcrumb). */
  readonly mountUrlPath: string;
}

export const INDEX_FILE = 'index.html';

/**
 * A listing's ETag: weak (the same entries could be rendered to other bytes by another
 * version), from a digest of the identity bytes, and one per coding as for files.
 */
export function listingTag(identityBody: Buffer, coding: Coding): string {
  const digest = createHash('sha256').update(identityBody).digest('base64url').slice(0, 22);
  return coding === 'identity' ? `W/"${digest}"` : `W/"${digest}-${coding}"`;
}

type FolderState =
  | { readonly kind: 'looking' }
  /** The folder has an index.html: its answer is this one's. */
  | { readonly kind: 'index'; readonly file: FileResponse }
  | { readonly kind: 'listing' }
  | { readonly kind: 'done' };

export class FolderResponse extends PendingResponse implements ResponseOwner {
  private state: FolderState = { kind: 'looking' };

  constructor(
    private readonly context: FolderContext,
    private readonly target: FolderTarget,
    private readonly headOnly: boolean,
    private readonly fields: FolderRequestFields,
  ) {
    super();
  }

  protected start(): void {
    const refusal = this.context.tree.clearFolder(this.target.path);
    if (refusal === null) this.lookForIndex();
    else this.finish(this.context.files.responses.emptyPlan(refusal));
  }

  protected release(): void {
    if (this.state.kind === 'index') this.state.file.cancel();
    this.state = { kind: 'done' };
  }

  /** The index.html's answer is settled: it is this folder's. */
  onSettled(): void {
    const state = this.state;
    if (state.kind !== 'index' || state.file.outcome.kind !== 'plan') return;
    this.settle(state.file.outcome.plan);
  }

  onSinkDrain(): void {}

  private lookForIndex(): void {
    const indexPath = `${this.target.path.endsWith('/') ? this.target.path : `${this.target.path}/`}${INDEX_FILE}`;
    this.context.tree.fs.stat(indexPath, (error, stats) => {
      if (this.cancelled) return;
      if (error === null && stats.isFile()) {
        const file = new FileResponse(this.context.files, indexPath, this.headOnly, this.fields);
        this.state = { kind: 'index', file };
        file.attach(this);
        file.begin();
        // Settled within begin() (a cached index.html): it did not call onSettled.
        this.onSettled();
      } else this.list();
    });
  }

  private list(): void {
    this.state = { kind: 'listing' };
    readFolder(this.context.tree, this.target.path, this.context.showHidden, (result) => {
      if (this.cancelled) return;
      if (result.kind === 'failed') this.finish(this.context.files.responses.emptyPlan(statusForFsError(result.error)));
      else this.render(result.entries);
    });
  }

  private render(entries: readonly ListingEntry[]): void {
    const input = { folderUrlPath: this.target.urlPath, mountUrlPath: this.target.mountUrlPath, entries };
    const json = prefersJson(this.fields.accept);
    const key = `${json ? 'json' : 'html'} ${this.target.path} ${this.target.urlPath} ${this.target.mountUrlPath}`;
    const rendered = this.context.listings.listing(key, entries, () => Buffer.from(json ? renderJsonListing(input) : renderHtmlListing(input, this.context.writes)));
    const body = rendered.body;
    const typed = json
      ? ['Content-Type', 'application/json; charset=utf-8', 'X-Content-Type-Options', 'nosniff']
      : ['Content-Type', 'text/html; charset=utf-8', 'X-Content-Type-Options', 'nosniff', 'Content-Security-Policy', LISTING_CSP];
    const compressible = body.length >= COMPRESS_MIN_BYTES;
    const chosen = compressible ? chooseCoding(this.fields.acceptEncoding, ON_THE_FLY) : 'identity';
    const coding = chosen === 'br' || chosen === 'gzip' ? chosen : 'identity';
    const cacheFields = ['ETag', (rendered.tags[coding] ??= listingTag(body, coding)), 'Cache-Control', 'no-cache', 'Vary', compressible ? 'Accept, Accept-Encoding' : 'Accept'];
    // Only the entity-tag conditions apply: a listing has no modification date of its own.
    const { ifMatch, ifNoneMatch } = this.fields;
    const condition = evaluateConditions('read', { ifMatch, ifNoneMatch }, { etag: cacheFields[1], lastModifiedMs: 0 });
    if (condition.kind === 'not-modified') {
      this.finish({ status: 304, headers: cacheFields, body: { kind: 'none' } });
      return;
    }
    if (condition.kind === 'precondition-failed') {
      this.finish(this.context.files.responses.emptyPlan(412));
      return;
    }
    if (coding === 'identity') {
      this.finish({ status: 200, headers: [...typed, ...cacheFields], body: { kind: 'bytes', bytes: body } });
      return;
    }
    encodeBytes(body, coding, false).then(
      (encoded) => this.finish({ status: 200, headers: [...typed, 'Content-Encoding', coding, ...cacheFields], body: { kind: 'bytes', bytes: encoded } }),
      () => this.finish(this.context.files.responses.emptyPlan(500)),
    );
  }

  private finish(plan: ResponsePlan): void {
    if (this.cancelled) return;
    this.state = { kind: 'done' };
    this.settle(plan);
  }
}
