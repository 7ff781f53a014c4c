// What a GET or HEAD of a file answers (src/files/representation.ts), as a table of request
// fields -> answer. Range rows include pillarjs send's vectors on its 9-byte "123456789" fixture.
import { describe, expect, test } from 'vitest';
import { entityTag } from '../../src/http/etag.js';
import { formatHttpDate } from '../../src/http/http-date.js';
import { answerFor, type FileRequestFields } from '../../src/files/representation.js';

const MTIME = Date.UTC(2026, 10, 1, 12, 0, 0);
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const facts = (name: string, size: number, mtimeMs = MTIME) => ({
  name,
  identity: { ino: 42, size, mtimeMs },
  cacheControl: 'no-cache',
  nowMs: NOW,
});
const NINE = facts('nums.txt', 9);
const PAGE = facts('page.html', 4096);
const ETAG = entityTag(NINE.identity, 'identity');
const LAST_MODIFIED = formatHttpDate(MTIME);

type Expected =
  | { kind: 'full'; coding?: string }
  | { kind: 'range'; start: number; end: number }
  | { kind: 'ranges'; count: number }
  | { kind: 'not-modified' | 'precondition-failed' | 'unsatisfiable' };

function summary(answer: ReturnType<typeof answerFor>): Expected {
  switch (answer.kind) {
    case 'full':
      return { kind: 'full', coding: answer.coding };
    case 'range':
      return { kind: 'range', start: answer.range.start, end: answer.range.end };
    case 'ranges':
      return { kind: 'ranges', count: answer.ranges.length };
    default:
      return { kind: answer.kind };
  }
}

describe('answerFor: ranges (send vectors on "123456789")', () => {
  test.each<[string, FileRequestFields, Expected]>([
    ['bytes=0-4', { range: 'bytes=0-4' }, { kind: 'range', start: 0, end: 4 }],
    ['bytes=-3 (the last 3)', { range: 'bytes=-3' }, { kind: 'range', start: 6, end: 8 }],
    ['bytes=2- (to the end)', { range: 'bytes=2-' }, { kind: 'range', start: 2, end: 8 }],
    ['bytes=9- (past the end): 416', { range: 'bytes=9-' }, { kind: 'unsatisfiable' }],
    ['bytes=0-99 (clamped)', { range: 'bytes=0-99' }, { kind: 'range', start: 0, end: 8 }],
    ['bytes=1-1,3- : multipart', { range: 'bytes=1-1,3-' }, { kind: 'ranges', count: 2 }],
    ['bytes=1-1,2-2 : adjacent, merged into one', { range: 'bytes=1-1,2-2' }, { kind: 'range', start: 1, end: 2 }],
    ['asdf: ignored', { range: 'asdf' }, { kind: 'full', coding: 'identity' }],
    ['items=0-4: another unit, ignored', { range: 'items=0-4' }, { kind: 'full', coding: 'identity' }],
    ['If-Range with the ETag', { range: 'bytes=0-4', ifRange: ETAG }, { kind: 'range', start: 0, end: 4 }],
    ['If-Range with another ETag: the whole file', { range: 'bytes=0-4', ifRange: '"other"' }, { kind: 'full', coding: 'identity' }],
    ['If-Range with the Last-Modified', { range: 'bytes=0-4', ifRange: LAST_MODIFIED }, { kind: 'range', start: 0, end: 4 }],
    ['If-Range with an older date: the whole file', { range: 'bytes=0-4', ifRange: formatHttpDate(MTIME - 60_000) }, { kind: 'full', coding: 'identity' }],
  ])('%s', (_name, request, expected) => {
    expect(summary(answerFor(NINE, request, false))).toEqual(expected);
  });

  test('HEAD ignores Range', () => {
    expect(summary(answerFor(NINE, { range: 'bytes=0-4' }, true))).toEqual({ kind: 'full', coding: 'identity' });
  });

  test('416 says the size', () => {
    const answer = answerFor(NINE, { range: 'bytes=9-' }, false);
    expect(answer.kind === 'unsatisfiable' && answer.fields.slice(0, 2)).toEqual(['Content-Range', 'bytes */9']);
  });
});

describe('answerFor: preconditions before ranges (RFC 9110 §13.2.2)', () => {
  test.each<[string, FileRequestFields, Expected]>([
    ['If-None-Match matching: 304, even with a Range', { ifNoneMatch: ETAG, range: 'bytes=0-1' }, { kind: 'not-modified' }],
    ['If-Match failing: 412, even with a Range', { ifMatch: '"x"', range: 'bytes=0-1' }, { kind: 'precondition-failed' }],
    ['If-Modified-Since = Last-Modified: 304', { ifModifiedSince: LAST_MODIFIED }, { kind: 'not-modified' }],
    ['If-Unmodified-Since before Last-Modified: 412', { ifUnmodifiedSince: formatHttpDate(MTIME - 1000) }, { kind: 'precondition-failed' }],
    ['If-Match matching, then the Range', { ifMatch: ETAG, range: 'bytes=0-1' }, { kind: 'range', start: 0, end: 1 }],
  ])('%s', (_name, request, expected) => {
    expect(summary(answerFor(NINE, request, false))).toEqual(expected);
  });
});

describe('answerFor: representation', () => {
  test.each<[string, ReturnType<typeof facts>, FileRequestFields, string]>([
    ['gzip for a compressible page', PAGE, { acceptEncoding: 'gzip' }, 'gzip'],
    ['br first', PAGE, { acceptEncoding: 'gzip, br' }, 'br'],
    ['identity when asked', PAGE, { acceptEncoding: 'identity' }, 'identity'],
    ['identity when nothing is acceptable (not 406)', PAGE, { acceptEncoding: 'identity;q=0, *;q=0' }, 'identity'],
    ['identity below 1 KiB', facts('small.html', 1023), { acceptEncoding: 'gzip' }, 'identity'],
    ['identity for an image', facts('photo.png', 1 << 20), { acceptEncoding: 'gzip' }, 'identity'],
    ['identity for an archive', facts('a.tar.gz', 1 << 20), { acceptEncoding: 'gzip' }, 'identity'],
    ['identity for the challenge\'s extensionless files', facts('orange_mango', 1 << 20), { acceptEncoding: 'gzip' }, 'identity'],
  ])('%s', (_name, file, request, coding) => {
    const answer = answerFor(file, request, false);
    expect(answer.kind === 'full' && answer.coding).toBe(coding);
  });

  test('a Range gets the identity bytes: 206, no Content-Encoding, the identity ETag', () => {
    const answer = answerFor(PAGE, { acceptEncoding: 'gzip', range: 'bytes=0-99' }, false);
    expect(answer.kind).toBe('range');
    const fields = answer.kind === 'range' ? answer.fields : [];
    expect(fields).not.toContain('Content-Encoding');
    expect(fields[fields.indexOf('ETag') + 1]).toBe(entityTag(PAGE.identity, 'identity'));
  });

  test('fields of a gzip answer, in order', () => {
    const answer = answerFor(PAGE, { acceptEncoding: 'gzip' }, false);
    expect(answer.kind === 'full' && answer.fields).toEqual([
      'Content-Type', 'text/html; charset=utf-8',
      'X-Content-Type-Options', 'nosniff',
      'Content-Encoding', 'gzip',
      'ETag', entityTag(PAGE.identity, 'gzip'),
      'Last-Modified', formatHttpDate(MTIME),
      'Cache-Control', 'no-cache',
      'Accept-Ranges', 'bytes',
      'Vary', 'Accept-Encoding',
    ]);
  });

  test('a 304 repeats ETag, Last-Modified, Cache-Control and Vary, nothing about content', () => {
    const etag = entityTag(PAGE.identity, 'gzip');
    const answer = answerFor(PAGE, { acceptEncoding: 'gzip', ifNoneMatch: etag }, false);
    expect(answer.kind === 'not-modified' && answer.fields).toEqual([
      'ETag', etag, 'Last-Modified', formatHttpDate(MTIME), 'Cache-Control', 'no-cache', 'Vary', 'Accept-Encoding',
    ]);
  });

  test('a Last-Modified in the future is clamped to now (RFC 9110 §8.8.2.1)', () => {
    const answer = answerFor(facts('x.txt', 10, NOW + 3_600_000), {}, false);
    expect(answer.kind === 'full' && answer.fields[answer.fields.indexOf('Last-Modified') + 1]).toBe(formatHttpDate(NOW));
  });
});
