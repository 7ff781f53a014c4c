// Before a server is measured, one request per case checks that it answers correctly: a fast
// wrong answer (a 404, a missing gzip) must not pass for speed. Returns a list of problems.
import { request } from 'node:http';
import { connect } from 'node:net';
import { gunzipSync } from 'node:zlib';

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

async function probeCase(url, testCase) {
  const expect = testCase.expect;
  if (expect.pipelined !== undefined) {
    const answered = await pipelined(url, expect.pipelined);
    return answered === expect.pipelined ? [] : [`${answered} of ${expect.pipelined} pipelined responses were 200`];
  }
  const body = expect.upload === undefined ? undefined : Buffer.alloc(expect.upload, 0x61);
  const method = expect.upload === undefined ? 'GET' : 'POST';
  const path = expect.upload === undefined ? testCase.path : '/files/probe-upload';
  const res = await exchange(url, { method, path, headers: headerList(testCase.headers), body });
  const problems = [];
  if (res.status !== expect.status) problems.push(`status ${res.status}, expected ${expect.status}`);
  if ('encoding' in expect && res.headers['content-encoding'] !== expect.encoding) {
    problems.push(`Content-Encoding ${res.headers['content-encoding'] ?? '(none)'}, expected ${expect.encoding ?? '(none)'}`);
  }
  const text = res.headers['content-encoding'] === 'gzip' ? gunzipSync(res.body).toString() : res.body.toString();
  if (expect.body !== undefined && text !== expect.body) problems.push(`body ${JSON.stringify(text.slice(0, 40))}, expected ${JSON.stringify(expect.body)}`);
  if (expect.length !== undefined && res.body.length !== expect.length) problems.push(`body of ${res.body.length} bytes, expected ${expect.length}`);
  return problems;
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
