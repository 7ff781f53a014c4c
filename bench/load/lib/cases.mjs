// The benchmark's cases (issue 4's table): what wrk sends for each, and what one correct
// response looks like (checked once per server start, so that a fast wrong answer is caught).
import { fileURLToPath } from 'node:url';

const lua = (name) => fileURLToPath(new URL(`../lua/${name}`, import.meta.url));

export const USER_AGENT = 'ferroserve-bench/1 (wrk)';
export const SMALL_SIZE = 1024;
export const BIG_SIZE = 1024 * 1024;
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
  // A cache revalidating the small file: 304, no body (the date is after any fixture's mtime).
  { name: 'revalidate', kind: 'wrk', files: true, path: '/files/small.txt', headers: [`If-Modified-Since: ${REVALIDATE_SINCE}`], script: lua('report.lua'), expect: { status: 304, length: 0 } },
  { name: 'big', kind: 'wrk', files: true, path: '/files/big.bin', headers: [], script: lua('report.lua'), expect: { status: 200, length: BIG_SIZE } },
  { name: 'post', kind: 'wrk', files: true, path: '/', headers: [], script: lua('post.lua'), expect: { status: 201, upload: 1024 } },
  { name: 'pipe', kind: 'wrk', path: '/', headers: [], script: lua('pipe.lua'), expect: { status: 200, pipelined: PIPELINE_DEPTH } },
  { name: 'idle', kind: 'idle' },
]);

export const CASE_NAMES = CASES.map((entry) => entry.name);

export const caseNamed = (name) => CASES.find((entry) => entry.name === name);

/** `cases` in two groups, each served by its own server start: without and with the served folder. */
export function byFolderNeed(cases) {
  return [cases.filter((entry) => !entry.files), cases.filter((entry) => entry.files === true)].filter((group) => group.length > 0);
}
