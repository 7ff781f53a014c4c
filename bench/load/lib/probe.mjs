// Before a server is measured, one request per case checks that it answers correctly: a fast
// wrong answer (a 404, a missing gzip) must not pass for speed. Returns a list of problems.
import { request } from 'node:http';
import { connect } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { listingName } from './fixtures.mjs';

const PROBE_TIMEOUT_MS = 5_000;

function exchange(url, { method = 'GET', path, headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method, headers, agent: false, timeout: PROBE_TIMEOUT_MS }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends `depth` pipelined GET /echo/abc in one write and counts the 200 responses that come back. */
function pipelined(url, depth) {
  const { hostname, port } = new URL(url);
  const one = `GET /echo/abc HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    const finish = (count) => {
      socket.destroy();
      resolve(count);
    };
    const count = () => received.split('HTTP/1.1 200 OK\r\n').length - 1;
    socket.setTimeout(PROBE_TIMEOUT_MS, () => finish(count()));
    socket.on('connect', () => socket.write(one.repeat(depth)));
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (count() >= depth && received.endsWith('abc')) finish(count());
    });
    socket.on('error', reject);
  });
}

function headerList(lines) {
  // Split at the first colon only: a value may hold colons (an HTTP-date's time, a URL).
  return Object.fromEntries(lines.map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  }));
}

/** A PUT of `size` bytes, then a GET of the same name: stored, and stored whole. */
async function probePut(url, testCase, size) {
  const path = `${testCase.path}probe-${testCase.name}`;
  const put = await exchange(url, { method: 'PUT', path, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(size, 0x61) });
  // 201 for a new file, 204 when it replaced one (a second probe of the same run).
  if (put.status !== 201 && put.status !== 204) return [`PUT status ${put.status}, expected 201 or 204`];
  const back = await exchange(url, { path });
  return back.status === 200 && back.body.length === size ? [] : [`read back: status ${back.status}, ${back.body.length} bytes, expected 200 and ${size}`];
}

/** A listing names every entry: the first, the last, and as many distinct names as there are files. */
function listingProblems(text, entries) {
  const names = new Set(text.match(/f\d{4}\.txt/g) ?? []);
  if (!text.includes(listingName(0)) || !text.includes(listingName(entries - 1)) || names.size !== entries) {
    return [`listing names ${names.size} of ${entries} entries`];
  }
  return [];
}

/**
 * The request headers that revalidate `testCase.path` on this server, from its own answer to a
 * GET: If-None-Match with its ETag, else If-Modified-Since with its exact Last-Modified (what a
 * browser sends back), else the case's fixed headers.
 */
export async function validatorHeaders(url, testCase) {
  const res = await exchange(url, { path: testCase.path });
  if (typeof res.headers.etag === 'string') return [`If-None-Match: ${res.headers.etag}`];
  if (typeof res.headers['last-modified'] === 'string') return [`If-Modified-Since: ${res.headers['last-modified']}`];
  return testCase.headers;
}

async function probeCase(url, testCase, headers = testCase.headers) {
  const expect = testCase.expect;
  if (expect.put !== undefined) return probePut(url, testCase, expect.put);
  if (expect.pipelined !== undefined) {
    const answered = await pipelined(url, expect.pipelined);
    return answered === expect.pipelined ? [] : [`${answered} of ${expect.pipelined} pipelined responses were 200`];
  }
  const body = expect.upload === undefined ? undefined : Buffer.alloc(expect.upload, 0x61);
  const method = expect.upload === undefined ? 'GET' : 'POST';
  const path = expect.upload === undefined ? testCase.path : '/files/probe-upload';
  const res = await exchange(url, { method, path, headers: headerList(headers), body });
  const problems = [];
  if (res.status !== expect.status) problems.push(`status ${res.status}, expected ${expect.status}`);
  if ('encoding' in expect && res.headers['content-encoding'] !== expect.encoding) {
    problems.push(`Content-Encoding ${res.headers['content-encoding'] ?? '(none)'}, expected ${expect.encoding ?? '(none)'}`);
  }
  const text = res.headers['content-encoding'] === 'gzip' ? gunzipSync(res.body).toString() : res.body.toString();
  if (expect.body !== undefined && text !== expect.body) problems.push(`body ${JSON.stringify(text.slice(0, 40))}, expected ${JSON.stringify(expect.body)}`);
  if (expect.length !== undefined && res.body.length !== expect.length) problems.push(`body of ${res.body.length} bytes, expected ${expect.length}`);
  if (expect.decodedLength !== undefined && res.headers['content-encoding'] === 'gzip' && text.length !== expect.decodedLength) {
    problems.push(`decoded body of ${text.length} bytes, expected ${expect.decodedLength}`);
  }
  if (expect.listing !== undefined) problems.push(...listingProblems(text, expect.listing));
  return problems;
}

/** One case on one server: its problems (empty when the answer is right), a failed exchange included. */
export async function probeOne(url, testCase, headers) {
  try {
    return await probeCase(url, testCase, headers);
  } catch (error) {
    return [error.message];
  }
}

/** @returns {Promise<string[]>} one line per problem, "case: what" */
export async function probe(url, cases) {
  const problems = [];
  for (const testCase of cases) {
    if (testCase.kind !== 'wrk') continue;
    try {
      problems.push(...(await probeCase(url, testCase)).map((problem) => `${testCase.name}: ${problem}`));
    } catch (error) {
      problems.push(`${testCase.name}: ${error.message}`);
    }
  }
  return problems;
}
