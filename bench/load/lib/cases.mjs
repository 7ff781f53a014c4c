// The benchmark's cases (issue 4's table): what wrk sends for each, and what one correct
// response looks like (checked once per server start, so that a fast wrong answer is caught).
import { fileURLToPath } from 'node:url';

const lua = (name) => fileURLToPath(new URL(`../lua/${name}`, import.meta.url));

export const USER_AGENT = 'ferroserve-bench/1 (wrk)';
export const SMALL_SIZE = 1024;
export const BIG_SIZE = 1024 * 1024;
export const MID_SIZE = 64 * 1024;
export const HUGE_SIZE = 100 * 1024 * 1024;
// Compressible text for the gzip cases: big enough that every server compresses it (ferroserve
// and nginx from 1 KiB), at the size where ferroserve still keeps what it encoded (<= 64 KiB).
export const TEXT_SIZE = 64 * 1024;
export const LISTING_ENTRIES = 1000;
// 64 KiB from the middle of the 100 MiB file: far from the start, so no read-ahead of the head helps.
export const RANGE_START = 50 * 1024 * 1024;
export const RANGE_LENGTH = 64 * 1024;
// Uploads rotate over this many names in files/uploads/: disk use stays under names x size.
export const UPLOAD_NAMES = 64;
export const PIPELINE_DEPTH = 16;
export const REVALIDATE_SINCE = 'Fri, 01 Jan 2100 00:00:00 GMT';

/**
 * kind 'wrk': a wrk run; `script` is a Lua file (report.lua alone sends `path` with `headers`).
 * kind 'idle': idle keep-alive connections, RSS and latency (lib/idle.mjs).
 * `expect` describes the answer to one request, for the probe.
 * `files`: the case needs the served folder. The others run against servers started without
 * `--directory`: there `/` is the challenge's empty 200 (with a directory it is the folder's
 * front page, a listing), the in-memory route these cases measure.
 */
export const CASES = Object.freeze([
  { name: 'root', kind: 'wrk', path: '/', headers: [], script: lua('report.lua'), expect: { status: 200, body: '' } },
  { name: 'echo', kind: 'wrk', path: '/echo/abc', headers: [], script: lua('report.lua'), expect: { status: 200, body: 'abc', encoding: undefined } },
  { name: 'gzip', kind: 'wrk', path: '/echo/abc', headers: ['Accept-Encoding: gzip'], script: lua('report.lua'), expect: { status: 200, body: 'abc', encoding: 'gzip' } },
  { name: 'ua', kind: 'wrk', path: '/user-agent', headers: [`User-Agent: ${USER_AGENT}`], script: lua('report.lua'), expect: { status: 200, body: USER_AGENT } },
  { name: 'small', kind: 'wrk', files: true, path: '/files/small.txt', headers: [], script: lua('report.lua'), expect: { status: 200, length: SMALL_SIZE } },
  { name: 'mid', kind: 'wrk', files: true, path: '/files/mid.bin', headers: [], script: lua('report.lua'), expect: { status: 200, length: MID_SIZE } },
  // A cache revalidating the small file: 304, no body. `headers` is what bench:instructions sends
  // (the date is after any fixture's mtime); bench:load sends each server the validator that
  // server gave (`validators`: If-None-Match with its ETag, else If-Modified-Since with its
  // Last-Modified), as a browser does, since nginx only honours an exact If-Modified-Since.
  { name: 'revalidate', kind: 'wrk', files: true, path: '/files/small.txt', headers: [`If-Modified-Since: ${REVALIDATE_SINCE}`], validators: true, script: lua('report.lua'), expect: { status: 304, length: 0 } },
  { name: 'big', kind: 'wrk', files: true, path: '/files/big.bin', headers: [], script: lua('report.lua'), expect: { status: 200, length: BIG_SIZE } },
  { name: 'post', kind: 'wrk', files: true, path: '/', headers: [], script: lua('post.lua'), expect: { status: 201, upload: 1024 } },
  // Issue 12: files at nginx speed, the same URLs on every server (fixtures.mjs).
  {
    name: 'range',
    kind: 'wrk',
    files: true,
    path: '/files/huge.bin',
    headers: [`Range: bytes=${RANGE_START}-${RANGE_START + RANGE_LENGTH - 1}`],
    script: lua('report.lua'),
    expect: { status: 206, length: RANGE_LENGTH },
  },
  // gzip of a text file that has a precompressed pre.txt.gz beside it, and of one that has none.
  { name: 'gzstatic', kind: 'wrk', files: true, path: '/files/pre.txt', headers: ['Accept-Encoding: gzip'], script: lua('report.lua'), expect: { status: 200, encoding: 'gzip', decodedLength: TEXT_SIZE } },
  { name: 'gzfly', kind: 'wrk', files: true, path: '/files/fly.txt', headers: ['Accept-Encoding: gzip'], script: lua('report.lua'), expect: { status: 200, encoding: 'gzip', decodedLength: TEXT_SIZE } },
  // PUT, the method both ferroserve and nginx's DAV module store a body with (lua/put.lua).
  { name: 'put1k', kind: 'wrk', files: true, path: '/files/uploads/', headers: [], script: lua('put.lua'), scriptArgs: ['1024', 'put1k'], expect: { put: 1024 } },
  { name: 'put1m', kind: 'wrk', files: true, path: '/files/uploads/', headers: [], script: lua('put.lua'), scriptArgs: [String(1024 * 1024), 'put1m'], expect: { put: 1024 * 1024 } },
  { name: 'listing', kind: 'wrk', files: true, path: '/files/many/', headers: [], script: lua('report.lua'), expect: { status: 200, listing: LISTING_ENTRIES } },
  { name: 'pipe', kind: 'wrk', path: '/', headers: [], script: lua('pipe.lua'), expect: { status: 200, pipelined: PIPELINE_DEPTH } },
  { name: 'idle', kind: 'idle' },
]);

export const CASE_NAMES = CASES.map((entry) => entry.name);

export const caseNamed = (name) => CASES.find((entry) => entry.name === name);

/** `cases` in two groups, each served by its own server start: without and with the served folder. */
export function byFolderNeed(cases) {
  return [cases.filter((entry) => !entry.files), cases.filter((entry) => entry.files === true)].filter((group) => group.length > 0);
}
