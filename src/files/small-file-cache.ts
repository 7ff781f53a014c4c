/**
 * A bounded, least-recently-used cache of small files' contents, keyed by the file's path, with
 * the identity and version each copy was read at. A copy is only ever served after the path's
 * chain held and a fresh stat of the file matched it (file-store.ts, `matches`), so the cache
 * is never stale: any write, truncate, rename, link, chmod or replacement of the file changes
 * its inode, size, mtime or ctime.
 *
 * Each entry also remembers, per representation (identity, gzip, br), its bytes, its compiled
 * head and its full responses (head + body), one per preformatted head: a `HeadTemplate` gives
 * the same head Buffer until the Date changes, so a repeated request costs no formatting, no
 * compression and no copy.
 */
import type { Stats } from 'node:fs';
import type { ConnMode } from '../http/conn-mode.js';
import type { HeadTemplate } from '../http/compiled.js';
import type { Coding, FileIdentity } from '../http/etag.js';
import type { ResponseMemo } from '../http/plan.js';
import { JOINED_BODY_LIMIT } from '../http/render.js';
import type { PathChain } from './path-chain.js';

/** The identity and version of a file as one stat saw it. */
export interface FileVersion {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
}

/** Connection modes times two Date stamps (the old one may still be in flight): a small bound. */
const MAX_RESPONSES_PER_ENTRY = 4;
/** 304 heads an entry keeps at most (one per coding, sibling and Vary: past that, made again). */
const MAX_NOT_MODIFIED_HEADS = 2;
/**
 * What an entry costs besides its bytes (the object, the map slot, the response heads), 304
 * heads included (each its field lines, formatted per connection mode when first sent).
 */
const ENTRY_OVERHEAD_BYTES = 512 + MAX_NOT_MODIFIED_HEADS * 512;

/** A body and the whole responses made of it, one per preformatted head. */
export class MemoizedBody implements ResponseMemo {
  /** The heads (`HeadTemplate.prefix` Buffers) of the remembered responses. */
  private readonly responseHeads: Buffer[] = [];
  private readonly responseBytes: Buffer[] = [];
  /** The compiled head of this representation's 200, once made. */
  head: HeadTemplate | null = null;

  constructor(readonly bytes: Buffer) {}

  /** The whole response with `head` in `mode`, built once per preformatted head. */
  response(head: HeadTemplate, mode: ConnMode): Buffer {
    const prefix = head.prefix(mode);
    const known = this.responseHeads;
    for (let i = 0; i < known.length; i++) {
      if (known[i] === prefix) return this.responseBytes[i];
    }
    const bytes = head.bytes(mode, this.bytes.length, this.bytes);
    if (known.length === MAX_RESPONSES_PER_ENTRY) {
      // Heads are replaced each second with --date: forget the older ones.
      known.length = 0;
      this.responseBytes.length = 0;
    }
    known.push(prefix);
    this.responseBytes.push(bytes);
    return bytes;
  }
}

/** Whether two versions are the same file in the same state (inode, device, size, mtime, ctime). */
export function sameVersion(a: FileVersion, b: FileVersion): boolean {
  return a.ino === b.ino && a.dev === b.dev && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

/** Whether `stats` is of a regular file, the very one `version` was taken of, unchanged. */
export function isFileAt(stats: Stats, version: FileVersion): boolean {
  return stats.isFile() && sameVersion(stats, version);
}

export class CachedFile {
  readonly identity: MemoizedBody;
  /** Encoded representations, made on first demand (never larger than the file: see `cost`). */
  private readonly encoded = new Map<Coding, MemoizedBody>();
  /** Precompressed siblings' bytes (`.gz`, `.br`), each with the identity it was read at. */
  private readonly siblings = new Map<Coding, { readonly identity: FileIdentity; readonly body: MemoizedBody }>();
  /** The last revalidation by If-None-Match alone and its 304 head (see notModifiedFor). */
  private lastRevalidation: { readonly ifNoneMatch: string; readonly head: HeadTemplate } | null = null;
  /** Compiled 304 heads, by the answer's key (its ETag, and whether it varies): a revalidation's. */
  private readonly notModified = new Map<string, HeadTemplate>();

  constructor(
    readonly path: string,
    /** The entries the path went through when the copy was read (path-chain.ts). */
    readonly chain: PathChain,
    readonly version: FileVersion,
    readonly bytes: Buffer,
  ) {
    this.identity = new MemoizedBody(bytes);
  }

  /**
   * The most this entry may hold: its bytes plus every response it may remember, for the
   * identity and for the encoded representations (each kept only when smaller than the file).
   */
  get cost(): number {
    // Whole responses are remembered only for bodies joined to their head (render.ts).
    const copies = this.bytes.length <= JOINED_BODY_LIMIT ? 1 + MAX_RESPONSES_PER_ENTRY : 1;
    return 3 * this.bytes.length * copies + ENTRY_OVERHEAD_BYTES;
  }

  /** The representation with `coding`, if it was made. */
  representation(coding: Coding): MemoizedBody | undefined {
    return coding === 'identity' ? this.identity : this.encoded.get(coding);
  }

  /** Keeps an encoded representation (ignored when it is not smaller than the file). */
  keep(coding: Coding, bytes: Buffer): MemoizedBody {
    const body = new MemoizedBody(bytes);
    if (bytes.length < this.bytes.length) this.encoded.set(coding, body);
    return body;
  }

  /**
   * The 304 head answered to a request whose only field was `If-None-Match: ifNoneMatch`, when
   * that was the last such request (answerFor's decision is the same for the same version).
   */
  notModifiedFor(ifNoneMatch: string): HeadTemplate | undefined {
    const last = this.lastRevalidation;
    return last !== null && last.ifNoneMatch === ifNoneMatch ? last.head : undefined;
  }

  rememberNotModified(ifNoneMatch: string, head: HeadTemplate): void {
    this.lastRevalidation = { ifNoneMatch, head };
  }

  /** The bytes kept of the `coding` sibling, when they were read from the sibling `identity` (as lstat sees it now). */
  sibling(coding: Coding, identity: FileIdentity): MemoizedBody | undefined {
    const kept = this.siblings.get(coding);
    if (kept === undefined) return undefined;
    const was = kept.identity;
    return was.ino === identity.ino && was.size === identity.size && was.mtimeMs === identity.mtimeMs && was.ctimeMs === identity.ctimeMs ? kept.body : undefined;
  }

  /**
   * Keeps a sibling's bytes (when smaller than the file, as `keep`; it then takes the place of
   * an encoding made on the fly, which a sibling makes unneeded, so that `cost` still bounds the entry).
   */
  keepSibling(coding: Coding, identity: FileIdentity, bytes: Buffer): MemoizedBody {
    const body = new MemoizedBody(bytes);
    if (bytes.length < this.bytes.length) {
      this.encoded.delete(coding);
      this.siblings.set(coding, { identity, body });
    }
    return body;
  }

  /** The 304 head for `key`, compiled by `make` once (a few keys at most: one per coding, sibling and Vary). */
  notModifiedHead(key: string, make: () => HeadTemplate): HeadTemplate {
    let head = this.notModified.get(key);
    if (head === undefined) {
      if (this.notModified.size >= MAX_NOT_MODIFIED_HEADS) this.notModified.clear();
      head = make();
      this.notModified.set(key, head);
    }
    return head;
  }

  /** Whether `stats` (taken now, following symlinks) describes the very file this copy was read from. */
  matches(stats: Stats): boolean {
    return isFileAt(stats, this.version);
  }
}

export class SmallFileCache {
  /** Map order is recency order: the first entry is the least recently used. */
  private readonly entries = new Map<string, CachedFile>();
  private usedBytes = 0;

  constructor(private readonly capacityBytes: number) {}

  /** Bytes currently accounted for (an upper bound of what the entries hold). */
  get bytesUsed(): number {
    return this.usedBytes;
  }

  get count(): number {
    return this.entries.size;
  }

  /** The entry for `path` without touching its recency (it is not yet known to be valid). */
  peek(path: string): CachedFile | undefined {
    return this.entries.get(path);
  }

  /** Marks `entry` as just used. */
  touch(entry: CachedFile): void {
    if (this.entries.get(entry.path) !== entry) return;
    this.entries.delete(entry.path);
    this.entries.set(entry.path, entry);
  }

  /** Adds (or replaces) an entry, evicting the least recently used ones to stay within bounds. */
  put(entry: CachedFile): void {
    if (entry.cost > this.capacityBytes) return;
    this.remove(entry.path);
    this.entries.set(entry.path, entry);
    this.usedBytes += entry.cost;
    for (const oldest of this.entries.values()) {
      if (this.usedBytes <= this.capacityBytes) break;
      this.remove(oldest.path);
    }
  }

  /** Forgets `path` (only if the entry is still `entry`, when given). */
  remove(path: string, entry?: CachedFile): void {
    const current = this.entries.get(path);
    if (current === undefined || (entry !== undefined && current !== entry)) return;
    this.entries.delete(path);
    this.usedBytes -= current.cost;
  }
}
