/**
 * What a GET or HEAD of a file answers, decided from the file's identity and the request's
 * fields alone (pure: no file system, tested as a table). In RFC 9110's order (and pillarjs
 * send's): choose the representation (identity, or a content coding for a compressible type,
 * never for a Range request: a Range gets the identity bytes, §14.1.1), then its validators,
 * then the preconditions (§13.2.2: 412, or 304 for a read), then the Range (§14: 206, 416, or
 * the whole file).
 *
 * Every answer carries the header fields it must: Content-Type with `nosniff`, the chosen
 * representation's own ETag, Last-Modified (never in the future: §8.8.2.1), Cache-Control,
 * `Accept-Ranges: bytes`, and `Vary: Accept-Encoding` wherever the answer could have differed
 * by coding, 304s included (§15.4.5 lists the fields a 304 repeats).
 */
import { evaluateConditions, ifRangeAllows } from '../http/conditional.js';
import { chooseCoding, type OfferedCoding } from '../http/content-coding.js';
import { entityTag, type Coding, type FileIdentity } from '../http/etag.js';
import { formatHttpDate } from '../http/http-date.js';
import { contentRange, parseRange, unsatisfiedRange, type ByteRange } from '../http/range.js';
import { contentTypeFor, isCompressible } from './mime.js';
import type { Siblings } from './precompressed.js';

/** The request fields a file answer depends on (absent: undefined). */
export interface FileRequestFields {
  readonly ifMatch?: string;
  readonly ifNoneMatch?: string;
  readonly ifModifiedSince?: string;
  readonly ifUnmodifiedSince?: string;
  readonly range?: string;
  readonly ifRange?: string;
  readonly acceptEncoding?: string;
}

/** A request with none of the fields (shared: a file answer may then take its remembered head). */
export const NO_FIELDS: FileRequestFields = Object.freeze({});

/** Whether If-None-Match is the request's only field of these (a cache revalidating with the ETag it kept). */
export function onlyIfNoneMatch(fields: FileRequestFields): boolean {
  return (
    fields.ifNoneMatch !== undefined &&
    fields.ifMatch === undefined &&
    fields.ifModifiedSince === undefined &&
    fields.ifUnmodifiedSince === undefined &&
    fields.range === undefined &&
    fields.ifRange === undefined &&
    fields.acceptEncoding === undefined
  );
}

/** The lower-case names of those fields, in FileRequestFields' order. */
export const FILE_REQUEST_FIELDS = [
  ['ifMatch', 'if-match'],
  ['ifNoneMatch', 'if-none-match'],
  ['ifModifiedSince', 'if-modified-since'],
  ['ifUnmodifiedSince', 'if-unmodified-since'],
  ['range', 'range'],
  ['ifRange', 'if-range'],
  ['acceptEncoding', 'accept-encoding'],
] as const;

/** Below this size compression saves too little to be worth a coding (and its own ETag). */
export const COMPRESS_MIN_BYTES = 1024;
/** Codings ferroserve can produce on the fly, best first. */
export const ON_THE_FLY: readonly OfferedCoding[] = ['br', 'gzip'];

export interface FileFacts {
  /** The file's base name (its extension gives the type). */
  readonly name: string;
  readonly identity: FileIdentity;
  /** `Cache-Control` of every file answer (`no-cache` by default: revalidate each time). */
  readonly cacheControl: string;
  readonly nowMs: number;
  /** Fresh precompressed siblings: each coding they have is served from them, with their own ETag. */
  readonly precompressed?: Siblings;
}

export type FileAnswer =
  /** The whole representation: the file's bytes, or them encoded with `coding`. */
  | { readonly kind: 'full'; readonly coding: Coding; readonly fields: string[] }
  /** 206 with one range of the identity bytes. */
  | { readonly kind: 'range'; readonly range: ByteRange; readonly fields: string[] }
  /** 206 multipart/byteranges: `fields` has no Content-Type (the body's boundary decides it). */
  | { readonly kind: 'ranges'; readonly ranges: readonly ByteRange[]; readonly contentType: string; readonly fields: string[] }
  /** `key`: the 304's fields are the same for every answer with the same key (for a settled version). */
  | { readonly kind: 'not-modified'; readonly fields: string[]; readonly key: string }
  | { readonly kind: 'precondition-failed' }
  /** 416 with `Content-Range: bytes *\/size`. */
  | { readonly kind: 'unsatisfiable'; readonly fields: string[] };

/** Decides the answer to a GET (`head` false) or HEAD of the file described by `facts`. */
export function answerFor(facts: FileFacts, request: FileRequestFields, head: boolean): FileAnswer {
  const { identity, name } = facts;
  const contentType = contentTypeFor(name);
  const siblings = facts.precompressed ?? {};
  const hasSibling = siblings.br !== undefined || siblings.gzip !== undefined;
  const varies = isCompressible(contentType) && (identity.size >= COMPRESS_MIN_BYTES || hasSibling);
  // A Range selects identity bytes (HEAD ignores Range, but answers like the GET without it).
  const wantsRange = request.range !== undefined && !head;
  const chosen = varies && !wantsRange ? chooseCoding(request.acceptEncoding, ON_THE_FLY) : 'identity';
  // `none` (even identity refused): identity anyway, as RFC 9110 §12.5.3 allows, rather than 406.
  const coding: Coding = chosen === 'none' ? 'identity' : chosen;
  // A precompressed sibling is its own representation: its ETag comes from its own identity.
  const sibling = coding === 'identity' ? undefined : siblings[coding];
  const etag = entityTag(sibling?.identity ?? identity, coding);
  const lastModifiedMs = Math.min(identity.mtimeMs, facts.nowMs);
  const validators = ['ETag', etag, 'Last-Modified', formatHttpDate(lastModifiedMs), 'Cache-Control', facts.cacheControl];
  const vary = varies ? ['Vary', 'Accept-Encoding'] : [];

  const current = { etag, lastModifiedMs };
  const condition = evaluateConditions('read', request, current);
  if (condition.kind === 'precondition-failed') return { kind: 'precondition-failed' };
  if (condition.kind === 'not-modified') return { kind: 'not-modified', fields: [...validators, ...vary], key: varies ? `${etag} vary` : etag };

  const typed = ['Content-Type', contentType, 'X-Content-Type-Options', 'nosniff'];
  const full = (): FileAnswer => ({
    kind: 'full',
    coding,
    fields: [...typed, ...(coding === 'identity' ? [] : ['Content-Encoding', coding]), ...validators, 'Accept-Ranges', 'bytes', ...vary],
  });
  if (!wantsRange || !ifRangeAllows(request.ifRange, current, facts.nowMs)) return full();
  const size = identity.size;
  const ranges = parseRange(size, request.range!);
  switch (ranges.kind) {
    case 'malformed':
    case 'other-unit':
    case 'too-many':
      // Ignored: the whole file, 200 (the DoS bound on parts is documented in range.ts).
      return full();
    case 'unsatisfiable':
      return { kind: 'unsatisfiable', fields: ['Content-Range', unsatisfiedRange(size), ...validators, 'Accept-Ranges', 'bytes', ...vary] };
    case 'ranges': {
      const partFields = [...validators, 'Accept-Ranges', 'bytes', ...vary];
      if (ranges.ranges.length === 1) {
        const range = ranges.ranges[0];
        return { kind: 'range', range, fields: [...typed, 'Content-Range', contentRange(range, size), ...partFields] };
      }
      return { kind: 'ranges', ranges: ranges.ranges, contentType, fields: ['X-Content-Type-Options', 'nosniff', ...partFields] };
    }
  }
}

/** Whether a HEAD of `name` may need the file's bytes: to tell the Content-Length of an encoded representation. */
export function mayEncode(name: string, acceptEncoding: string | undefined): boolean {
  return acceptEncoding !== undefined && isCompressible(contentTypeFor(name));
}
