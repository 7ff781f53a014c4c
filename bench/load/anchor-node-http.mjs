#!/usr/bin/env node
// The benchmark's anchor: ferroserve's routes on plain `node:http`, written the way a careful
// Node developer would write them — files streamed with backpressure, small echo bodies gzipped
// in one synchronous call, uploads written to a temporary file and renamed into place, an exact
// Content-Length on every response.
//
// node:http's defaults are left as a user would have them: it adds `Date`, `Connection:
// keep-alive` and `Keep-Alive: timeout=5` to every response (ferroserve sends no Date unless
// `--date`), keeps idle connections 5 s, and answers `Expect: 100-continue` itself.
//
// Usage: node bench/load/anchor-node-http.mjs --port 0 --directory DIR [--host ADDR] [--workers N]
// Prints one stdout line: `node:http anchor listening on http://HOST:PORT (directory: DIR, parser: llhttp)`.
import cluster from 'node:cluster';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const { values: flags } = parseArgs({
  options: {
    port: { type: 'string', default: '4221' },
    host: { type: 'string', default: '127.0.0.1' },
    directory: { type: 'string' },
    workers: { type: 'string', default: '1' },
  },
});
const root = flags.directory === undefined ? undefined : resolve(flags.directory);
const workerCount = Math.max(1, Number.parseInt(flags.workers, 10) || 1);

/** RFC 9110 §12.5.3: does this Accept-Encoding list accept gzip (q > 0, explicitly or by `*`)? */
function acceptsGzip(header) {
  if (header === undefined) return false;
  let star;
  for (const item of header.toLowerCase().split(',')) {
    const [coding, ...params] = item.split(';').map((part) => part.trim());
    const qParam = params.find((param) => param.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (coding === 'gzip' || coding === 'x-gzip') return q > 0;
    if (coding === '*') star = q > 0;
  }
  return star === true;
}

/** Maps `/files/{name}` to a path inside the served folder, or undefined when the name is refused. */
function fileTarget(rawName) {
  if (root === undefined) return undefined;
  let name;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    return undefined;
  }
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) return undefined;
  const target = join(root, name);
  return target.startsWith(root + sep) ? target : undefined;
}

function send(res, status, headers, body) {
  res.writeHead(status, { ...headers, 'Content-Length': body === undefined ? 0 : body.length });
  res.end(body);
}

function notAllowed(res, allow) {
  send(res, 405, { Allow: allow });
}

function echo(req, res, rawText) {
  let text;
  try {
    text = decodeURIComponent(rawText);
  } catch {
    return send(res, 400);
  }
  const body = Buffer.from(text);
  if (acceptsGzip(req.headers['accept-encoding'])) {
    return send(
      res,
      200,
      { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' },
      gzipSync(body),
    );
  }
  send(res, 200, { 'Content-Type': 'text/plain' }, body);
}

async function serveFile(req, res, target) {
  let handle;
  try {
    handle = await open(target, 'r');
    const info = await handle.stat();
    if (!info.isFile()) {
      await handle.close();
      return send(res, 404);
    }
    // Revalidation as a careful app does it: Last-Modified, and 304 for an If-Modified-Since
    // at or after it (second precision).
    const lastModified = new Date(Math.floor(info.mtimeMs / 1000) * 1000);
    const since = Date.parse(req.headers['if-modified-since'] ?? '');
    if (!Number.isNaN(since) && lastModified.getTime() <= since) {
      await handle.close();
      res.writeHead(304, { 'Last-Modified': lastModified.toUTCString() });
      return res.end();
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': info.size, 'Last-Modified': lastModified.toUTCString() });
    if (req.method === 'HEAD') {
      await handle.close();
      return res.end();
    }
    await pipeline(handle.createReadStream(), res);
  } catch (error) {
    if (handle !== undefined) await handle.close().catch(() => {});
    if (res.headersSent) return res.destroy();
    send(res, error.code === 'ENOENT' || error.code === 'EISDIR' ? 404 : 500);
  }
}

let uploadCounter = 0;

async function receiveFile(req, res, target) {
  // The temporary file sits beside the target so that rename() is atomic.
  const temporary = `${target}.${process.pid}.${uploadCounter++}.upload`;
  try {
    await pipeline(req, createWriteStream(temporary, { flags: 'wx' }));
    await rename(temporary, target);
    send(res, 201);
  } catch {
    await rm(temporary, { force: true });
    if (!res.headersSent && !req.destroyed) send(res, 500);
    else res.destroy();
  }
}

function handle(req, res) {
  const path = req.url.split('?', 1)[0];
  const readOnly = req.method === 'GET' || req.method === 'HEAD';
  if (path === '/') return readOnly ? send(res, 200) : notAllowed(res, 'GET, HEAD');
  if (path === '/user-agent') {
    if (!readOnly) return notAllowed(res, 'GET, HEAD');
    return send(res, 200, { 'Content-Type': 'text/plain' }, Buffer.from(req.headers['user-agent'] ?? ''));
  }
  if (path.startsWith('/echo/')) {
    return readOnly ? echo(req, res, path.slice('/echo/'.length)) : notAllowed(res, 'GET, HEAD');
  }
  if (path.startsWith('/files/')) {
    const target = fileTarget(path.slice('/files/'.length));
    if (req.method === 'POST') return target === undefined ? send(res, 404) : receiveFile(req, res, target);
    if (!readOnly) return notAllowed(res, 'GET, HEAD, POST');
    return target === undefined ? send(res, 404) : serveFile(req, res, target);
  }
  send(res, 404);
}

function banner(address) {
  const where = `http://${address.address}:${address.port}`;
  return `node:http anchor listening on ${where} (directory: ${root ?? '(none)'}, parser: llhttp)`;
}

function listen() {
  const server = createServer(handle);
  server.listen(Number(flags.port), flags.host, () => {
    if (cluster.isPrimary) console.log(banner(server.address()));
  });
  const stop = () => {
    server.close(() => process.exit(0));
    // Idle keep-alive sockets would hold close() open; a user stopping the server wants it gone.
    server.closeIdleConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function primary() {
  let listening = 0;
  let stopping = false;
  const fork = () => cluster.fork();
  cluster.on('listening', (_worker, address) => {
    listening += 1;
    if (listening === workerCount) console.log(banner({ ...address, address: address.address ?? flags.host }));
  });
  cluster.on('exit', () => {
    if (!stopping) fork();
    else if (Object.keys(cluster.workers).length === 0) process.exit(0);
  });
  const stop = () => {
    stopping = true;
    // Each worker closes its own server (see listen()); the primary leaves once all are gone.
    for (const worker of Object.values(cluster.workers)) worker.process.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  for (let i = 0; i < workerCount; i += 1) fork();
}

if (root !== undefined && !(await stat(root).catch(() => undefined))?.isDirectory()) {
  console.error(`anchor: --directory ${root} is not a folder`);
  process.exit(2);
}
if (workerCount > 1 && cluster.isPrimary) primary();
else listen();
