/**
 * GET and HEAD of a file: the answer representation.ts decides (200, 206, 304, 412, 416), with
 * the file's type, validators and coding; small files from memory in one write with their head
 * (each representation remembered whole by the small-file cache), larger ones streamed
 * (FileBody, RangesBody) or encoded as they are sent (CompressedBody). 404 when missing, not a
 * regular file or outside the directory (FileStore decides).
 */
import { randomBytes } from 'node:crypto';
import type { HeadTemplate, Responses } from '../http/compiled.js';
import type { Coding } from '../http/etag.js';
import { PendingResponse } from '../http/handler.js';
import type { BodySource, PlanBody, ResponsePlan } from '../http/plan.js';
import { byteRangesBody, generateBoundary } from '../http/range.js';
import { CompressedBody, encodeBytes } from './compressed-body.js';
import { FileBody } from './file-body.js';
import { DescriptorFile, HandleFile, READ_NOW_BYTES } from './open-file.js';
import type { FileStore, OpenedFile } from './file-store.js';
import type { PlainHeads } from './plain-heads.js';
import { findSiblings, findSiblingsNow, freshSiblings, type Sibling, type Siblings } from './precompressed.js';
import type { TreeFs } from './tree-fs.js';
import { RangesBody, rangesBytes } from './ranges-body.js';
import { encodeUrlPath } from './listing/url-path.js';
import { answerFor, type FileAnswer, type FileRequestFields, mayEncode, NO_FIELDS, onlyIfNoneMatch } from './representation.js';
import type { CachedFile, FileVersion } from './small-file-cache.js';

export interface FilesContext {
  readonly responses: Responses;
  readonly store: FileStore;
  /** The served tree's file system (precompressed siblings are looked up through it). */
  readonly fs: TreeFs;
  /** `Cache-Control` of every file answer. */
  readonly cacheControl: string;
  /** The URL path the files are mounted at (a folder's redirect is under it). */
  readonly mount: string;
  /** Heads of plain GETs of streamed files, per version. */
  readonly plainHeads: PlainHeads;
}

/** Where a folder found at a file's name redirects to: its URL with the trailing `/`. */
export interface FolderUrl {
  /** The name, decoded, relative to the mount. */
  readonly relative: string;
  /** The request's query with its `?`, or ''. */
  readonly query: string;
}

const NO_SIBLINGS: Siblings = Object.freeze({});
const NO_CONTENT: PlanBody = { kind: 'none' };

/** The body of a HEAD answer: its length is the file's, and nothing is ever read. */
const NOTHING_TO_SEND: BodySource = {
  pipeTo: (_out, done) => done(false),
  dispose: () => undefined,
};

export class FileResponse extends PendingResponse {
  /** The plan's body while it is not sent yet (released if the connection goes first). */
  private body: BodySource | null = null;
  private readonly name: string;
  /** A sibling that changed between its lookup and its opening makes the response start over, once. */
  private retried = false;

  constructor(
    private readonly context: FilesContext,
    private readonly path: string,
    private readonly headOnly: boolean,
    /** The request's fields the answer depends on, copied (the request view moves on). */
    private readonly fields: FileRequestFields,
    /** Where a folder found at `path` redirects to; null: 404. */
    private readonly folderUrl: FolderUrl | null = null,
  ) {
    super();
    this.name = path.slice(path.lastIndexOf('/') + 1);
  }

  /**
   * Opens the file; the response settles when it is known. A small file whose cached copy is
   * current, or a larger one opened before and unchanged, settles at once, within this call
   * (no thread-pool trip, no promise; the larger one's bytes are read as they are sent).
   */
  protected start(): void {
    // A HEAD reads the bytes only when an encoded representation's length may be needed.
    const encodable = mayEncode(this.name, this.fields.acceptEncoding);
    const wantBody = !this.headOnly || encodable;
    const { store, fs } = this.context;
    const now = store.openNow(this.path, wantBody);
    if (now !== undefined) {
      this.answer(now, encodable ? findSiblingsNow(fs, this.path) : NO_SIBLINGS);
      return;
    }
    const opening = store.open(this.path, wantBody);
    const failed = (): void => this.answer({ kind: 'refused', status: 500 }, {});
    if (!encodable) {
      opening.then((opened) => this.answer(opened, NO_SIBLINGS), failed);
      return;
    }
    Promise.all([opening, findSiblings(fs, this.path)]).then(([opened, found]) => this.answer(opened, found), failed);
  }

  protected release(): void {
    this.body?.dispose();
  }

  private answer(opened: OpenedFile, siblings: Siblings): void {
    if (this.cancelled) {
      if (opened.kind === 'handle') opened.file.close();
      return;
    }
    if (opened.kind === 'refused') {
      this.settle(this.context.responses.emptyPlan(opened.status));
      return;
    }
    if (opened.kind === 'folder') {
      // RFC 9110 §15.4.2: the folder's own URL ends with '/', so that relative links in its page resolve inside it.
      const url = this.folderUrl;
      if (url === null) this.settle(this.context.responses.emptyPlan(404));
      else this.settle({ status: 301, headers: ['Location', `${encodeUrlPath(this.context.mount + url.relative)}/${url.query}`], body: { kind: 'none' } });
      return;
    }
    if (this.fields === NO_FIELDS && opened.kind === 'contents' && opened.cached !== null && opened.cached.identity.head !== null) {
      // A plain GET of a cached file (no conditions, range or codings asked): the answer is the
      // one remembered for this version, head and all, as answerFor would make it again.
      const known = opened.cached.identity;
      this.settle({ status: 200, headers: known.head!, body: { kind: 'bytes', bytes: known.bytes, memo: known } });
      return;
    }
    if (opened.kind === 'contents' && opened.cached !== null && onlyIfNoneMatch(this.fields)) {
      // A cache revalidating a cached file with the ETag it kept, as the last one did: the same 304.
      const head = opened.cached.notModifiedFor(this.fields.ifNoneMatch!);
      if (head !== undefined) {
        this.settle({ status: 304, headers: head, body: NO_CONTENT });
        return;
      }
    }
    if (this.fields === NO_FIELDS && opened.kind === 'handle') {
      const head = this.context.plainHeads.get(this.path, opened.version);
      if (head !== undefined) {
        const size = opened.version.size;
        this.settle({ status: 200, headers: head, body: this.keep(new FileBody(opened.file, size), size) });
        return;
      }
    }
    const precompressed = freshSiblings(siblings, opened.version);
    const facts = { name: this.name, identity: opened.version, cacheControl: this.context.cacheControl, nowMs: Date.now(), precompressed };
    const answer = answerFor(facts, this.fields, this.headOnly);
    if (answer.kind === 'full' && answer.coding !== 'identity' && precompressed[answer.coding] !== undefined) {
      if (opened.kind === 'handle') opened.file.close();
      this.fromSibling(precompressed[answer.coding]!, answer.coding, answer.fields, opened.kind === 'contents' ? opened.cached : null);
      return;
    }
    const plan = this.plan(opened, answer);
    if (plan !== null) this.settle(plan);
  }

  /** The plan for `answer` from what was opened; null when it settles later (encoding in memory). */
  private plan(opened: Exclude<OpenedFile, { kind: 'refused' | 'folder' }>, answer: FileAnswer): ResponsePlan | null {
    const responses = this.context.responses;
    const file = opened.kind === 'handle' ? opened.file : null;
    const size = opened.version.size;
    switch (answer.kind) {
      case 'precondition-failed':
        file?.close();
        return responses.emptyPlan(412);
      case 'not-modified': {
        file?.close();
        // A cached (settled) version's 304 fields repeat for its key: its head is compiled once.
        const cached = opened.kind === 'contents' ? opened.cached : null;
        if (cached === null) return { status: 304, headers: answer.fields, body: NO_CONTENT };
        const head = cached.notModifiedHead(answer.key, () => responses.head(304, answer.fields));
        if (onlyIfNoneMatch(this.fields)) cached.rememberNotModified(this.fields.ifNoneMatch!, head);
        return { status: 304, headers: head, body: NO_CONTENT };
      }
      case 'unsatisfiable':
        file?.close();
        return { status: 416, headers: answer.fields, body: NO_CONTENT };
      case 'range': {
        const { start, end } = answer.range;
        const length = end - start + 1;
        if (opened.kind === 'contents') {
          return { status: 206, headers: answer.fields, body: { kind: 'bytes', bytes: opened.bytes.subarray(start, end + 1) } };
        }
        const bytes = file !== null && length <= READ_NOW_BYTES ? file.readNow(length, start) : undefined;
        if (bytes !== undefined) {
          file!.close();
          return { status: 206, headers: answer.fields, body: { kind: 'bytes', bytes } };
        }
        return { status: 206, headers: answer.fields, body: this.keep(file === null ? NOTHING_TO_SEND : new FileBody(file, length, start), length) };
      }
      case 'ranges': {
        const body = byteRangesBody(answer.ranges, size, answer.contentType, generateBoundary(randomBytes));
        const headers = ['Content-Type', body.contentType, ...answer.fields];
        if (opened.kind === 'contents') return { status: 206, headers, body: { kind: 'bytes', bytes: rangesBytes(opened.bytes, body) } };
        return { status: 206, headers, body: this.keep(file === null ? NOTHING_TO_SEND : new RangesBody(file, body), body.length) };
      }
      case 'full':
        return this.whole(opened, answer.coding, answer.fields);
    }
  }

  private whole(opened: Exclude<OpenedFile, { kind: 'refused' | 'folder' }>, coding: Coding, fields: string[]): ResponsePlan | null {
    switch (opened.kind) {
      case 'size':
        return { status: 200, headers: fields, body: { kind: 'sized', length: opened.version.size, source: NOTHING_TO_SEND } };
      case 'handle':
        if (coding === 'identity') {
          const remembered = this.fields === NO_FIELDS ? this.context.plainHeads.remember(this.path, opened.version, () => this.context.responses.head(200, fields), Date.now()) : null;
          const headers: HeadTemplate | string[] = remembered ?? fields;
          return { status: 200, headers, body: this.keep(new FileBody(opened.file, opened.version.size), opened.version.size) };
        }
        this.body = new CompressedBody(opened.file, coding);
        return { status: 200, headers: fields, body: { kind: 'stream', source: this.body } };
      case 'contents':
        return this.fromMemory(opened.bytes, opened.cached, opened.version, coding, fields);
    }
  }

  /** A small file's representation: from its cached copy when there is one, encoded at most once. */
  private fromMemory(bytes: Buffer, cached: CachedFile | null, version: FileVersion, coding: Coding, fields: string[]): ResponsePlan | null {
    const responses = this.context.responses;
    const known = cached?.representation(coding);
    if (known !== undefined) {
      // The compiled head is made once per cached version and representation: the fields are
      // fixed by them (the Last-Modified of a cached file is in the past).
      known.head ??= responses.head(200, fields);
      return { status: 200, headers: known.head, body: { kind: 'bytes', bytes: known.bytes, memo: known } };
    }
    if (coding === 'identity') return { status: 200, headers: fields, body: { kind: 'bytes', bytes } };
    encodeBytes(bytes, coding, cached !== null).then(
      (encoded) => {
        if (this.cancelled) return;
        const body = cached !== null && cached.version === version ? cached.keep(coding, encoded) : null;
        if (body !== null) body.head = responses.head(200, fields);
        this.settle({ status: 200, headers: body?.head ?? fields, body: { kind: 'bytes', bytes: encoded, memo: body ?? undefined } });
      },
      () => {
        if (!this.cancelled) this.settle(responses.emptyPlan(500));
      },
    );
    return null;
  }

  /**
   * The representation is a precompressed sibling: its bytes, checked to be the file that was
   * looked up; kept with the original's cached copy (`cached`), when it has one, while the
   * sibling stays as it was read.
   */
  private fromSibling(sibling: Sibling, coding: Coding, fields: string[], cached: CachedFile | null): void {
    const { size } = sibling.identity;
    if (this.headOnly) {
      this.settle({ status: 200, headers: fields, body: { kind: 'sized', length: size, source: NOTHING_TO_SEND } });
      return;
    }
    const kept = cached?.sibling(coding, sibling.identity);
    if (kept !== undefined) {
      kept.head ??= this.context.responses.head(200, fields);
      this.settle({ status: 200, headers: kept.head, body: { kind: 'bytes', bytes: kept.bytes, memo: kept } });
      return;
    }
    if (this.siblingNow(sibling, coding, fields, cached)) return;
    this.context.fs.openForReadNoFollow(sibling.path).then(async (handle) => {
      const stats = await handle.stat();
      if (this.cancelled || !stats.isFile() || stats.ino !== sibling.identity.ino || stats.size !== size) {
        await handle.close();
        if (this.cancelled) return;
        throw new Error('the sibling changed');
      }
      this.settle({ status: 200, headers: fields, body: this.keep(new FileBody(new HandleFile(handle), size), size) });
    }).catch(() => {
      if (this.cancelled) return;
      // Replaced meanwhile (a new build): decide again from what is on disk now.
      if (!this.retried) {
        this.retried = true;
        this.start();
      } else this.settle(this.context.responses.emptyPlan(500));
    });
  }

  /**
   * The sibling opened and checked with direct calls, and a small one read at once; false when
   * any of it fails or differs (the asynchronous opening then decides, and starts over if the
   * sibling changed).
   */
  private siblingNow(sibling: Sibling, coding: Coding, fields: string[], cached: CachedFile | null): boolean {
    const { path, identity } = sibling;
    const { ino, size } = identity;
    const fs = this.context.fs;
    const fd = fs.openNoFollowNow(path);
    if (fd === undefined) return false;
    const file = new DescriptorFile(fd);
    const stats = fs.fstatNow(fd);
    if (stats === undefined || !stats.isFile() || stats.ino !== ino || stats.size !== size) {
      file.close();
      return false;
    }
    if (size > READ_NOW_BYTES) {
      this.settle({ status: 200, headers: fields, body: this.keep(new FileBody(file, size), size) });
      return true;
    }
    const bytes = file.readNow(size, 0);
    file.close();
    if (bytes === undefined) return false;
    if (cached === null) {
      this.settle({ status: 200, headers: fields, body: { kind: 'bytes', bytes } });
      return true;
    }
    const body = cached.keepSibling(coding, identity, bytes);
    body.head = this.context.responses.head(200, fields);
    this.settle({ status: 200, headers: body.head, body: { kind: 'bytes', bytes, memo: body } });
    return true;
  }

  private keep(source: BodySource, length: number): { kind: 'sized'; length: number; source: BodySource } {
    this.body = source;
    return { kind: 'sized', length, source };
  }
}
