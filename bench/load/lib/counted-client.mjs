// Sends exactly `count` requests of one case on one keep-alive connection and waits for every
// response: a load whose size is a number of requests, not a number of seconds, for measures
// taken per request (bench/load/instructions.mjs). Requests go one at a time, or for the pipe
// case PIPELINE_DEPTH per write, byte for byte what wrk sends for the same case.
import { connect } from 'node:net';
import { PIPELINE_DEPTH } from './cases.mjs';

const UPLOAD_NAMES = 64; // as lua/post.lua
const UPLOAD_BODY = Buffer.from('ferroserve-bench!'.repeat(64).slice(0, 1024));
const TIMEOUT_MS = 120_000; // a server under valgrind answers a few hundred requests a second

/** The bytes of request number `index` of `testCase` (a case of cases.mjs). */
export function requestBytes(testCase, index, host) {
  const head = (method, path, headers) =>
    `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\n${headers.map((header) => `${header}\r\n`).join('')}\r\n`;
  switch (testCase.name) {
    case 'post':
      return Buffer.concat([
        Buffer.from(
          head('POST', `/files/upload-${(index + 1) % UPLOAD_NAMES}`, [
            'Content-Type: application/octet-stream',
            `Content-Length: ${UPLOAD_BODY.length}`,
          ]),
        ),
        UPLOAD_BODY,
      ]);
    case 'pipe':
      return Buffer.from(head('GET', '/echo/abc', []).repeat(PIPELINE_DEPTH));
    default:
      return Buffer.from(head('GET', testCase.path, testCase.headers));
  }
}

/**
 * Counts complete responses in a byte stream, framed by Content-Length (every server measured
 * sends one; a response without it is an error, never a guess).
 */
export class ResponseCounter {
  #pending = Buffer.alloc(0);
  #bodyLeft = 0;
  count = 0;
  errors = 0;

  push(chunk) {
    let buf = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    for (;;) {
      if (this.#bodyLeft > 0) {
        const take = Math.min(this.#bodyLeft, buf.length);
        this.#bodyLeft -= take;
        buf = buf.subarray(take);
        if (this.#bodyLeft > 0) break;
        this.count += 1;
        continue;
      }
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) break;
      const head = buf.toString('latin1', 0, end);
      const status = Number(head.slice(9, 12));
      if (!(status >= 200 && status < 400)) this.errors += 1;
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (status === 304 || status === 204) {
        // No content, whatever the fields say (RFC 9110 §6.4.1).
        buf = buf.subarray(end + 4);
        this.count += 1;
        continue;
      }
      if (length === null) throw new Error(`a response without Content-Length: ${JSON.stringify(head)}`);
      this.#bodyLeft = Number(length[1]);
      buf = buf.subarray(end + 4);
      if (this.#bodyLeft === 0) this.count += 1;
    }
    this.#pending = Buffer.from(buf);
  }
}

/**
 * Sends `count` requests of `testCase` to `url` (the pipe case: count / PIPELINE_DEPTH writes)
 * and resolves with the responses counted and how many were not 2xx/3xx.
 */
export function sendCounted({ url, testCase, count }) {
  const { hostname, port } = new URL(url);
  const host = `${hostname}:${port}`;
  const perWrite = testCase.name === 'pipe' ? PIPELINE_DEPTH : 1;
  const writes = Math.ceil(count / perWrite);
  return new Promise((resolve, reject) => {
    const counter = new ResponseCounter();
    const socket = connect(Number(port), hostname);
    let sent = 0;
    const sendNext = () => {
      socket.write(requestBytes(testCase, sent, host));
      sent += 1;
    };
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    socket.on('connect', sendNext);
    socket.on('data', (chunk) => {
      try {
        counter.push(chunk);
      } catch (error) {
        socket.destroy(error);
        return;
      }
      if (counter.count < sent * perWrite) return;
      if (sent < writes) sendNext();
      else socket.end();
    });
    socket.on('error', reject);
    socket.on('close', () => {
      if (counter.count === writes * perWrite) resolve({ responses: counter.count, errors: counter.errors });
      else reject(new Error(`${testCase.name}: the connection closed after ${counter.count} of ${writes * perWrite} responses`));
    });
  });
}
