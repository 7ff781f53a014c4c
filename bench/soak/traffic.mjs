// The kinds of traffic the soak mixes, each a round that checks every answer byte for byte.
// A round throws a SoakError (no whole answer) or a WrongAnswer (an answer, but not the right
// one); aborted rounds abort on purpose and expect no answer.
import { createHash } from 'node:crypto';
import { BIG, SMALL } from './server.mjs';
import { Connection } from './client.mjs';

export class WrongAnswer extends Error {
  kind = 'wrong-answer';
}

const HOST = 'Host: 127.0.0.1\r\n';
const UPLOAD_SIZE = 64 * 1024;
const PIPELINE_DEPTH = 16;

const head = (method, target, extra = '') => Buffer.from(`${method} ${target} HTTP/1.1\r\n${HOST}${extra}\r\n`, 'latin1');

function expectAnswer(response, status, body, what) {
  const statuses = Array.isArray(status) ? status : [status];
  if (!statuses.includes(response.status)) throw new WrongAnswer(`${what}: status ${response.status}, expected ${statuses.join(' or ')}`);
  if (body !== undefined && !response.body.equals(body)) {
    throw new WrongAnswer(`${what}: body of ${response.body.length} bytes differs from the expected ${body.length}`);
  }
}

/** A body unique to (client, round), so a stale or mixed-up file is caught. */
function uploadBody(client, round) {
  const seed = createHash('sha256').update(`${client}/${round}`).digest();
  const body = Buffer.alloc(UPLOAD_SIZE);
  for (let at = 0; at < UPLOAD_SIZE; at += seed.length) seed.copy(body, at);
  return body;
}

/**
 * Each kind: `keepAlive` says whether one connection serves the rounds (reopened after an
 * error); `round(conn, ctx)` does one round and returns how many requests it got answered.
 */
export const KINDS = {
  'small GET, keep-alive': {
    keepAlive: true,
    async round(conn) {
      conn.write(head('GET', '/files/small.txt'));
      const [response] = await conn.readResponses(1);
      expectAnswer(response, 200, SMALL, 'GET small.txt');
      return 1;
    },
  },
  'small GET, one per connection': {
    keepAlive: false,
    async round(conn) {
      conn.write(head('GET', '/files/small.txt', 'Connection: close\r\n'));
      const [response] = await conn.readResponses(1);
      expectAnswer(response, 200, SMALL, 'GET small.txt, Connection: close');
      return 1;
    },
  },
  '1 MiB GET, keep-alive': {
    keepAlive: true,
    async round(conn) {
      conn.write(head('GET', '/files/big.bin'));
      const [response] = await conn.readResponses(1);
      expectAnswer(response, 200, BIG, 'GET big.bin');
      return 1;
    },
  },
  'upload, read back, delete': {
    keepAlive: true,
    async round(conn, ctx) {
      const name = `/files/up-${ctx.client}-${ctx.round % 4}.bin`;
      const body = uploadBody(ctx.client, ctx.round);
      conn.write(Buffer.concat([head('PUT', name, `Content-Length: ${body.length}\r\n`), body]));
      const [put] = await conn.readResponses(1);
      expectAnswer(put, [201, 204], undefined, `PUT ${name}`);
      conn.write(head('GET', name));
      const [got] = await conn.readResponses(1);
      expectAnswer(got, 200, body, `GET ${name} after its PUT`);
      if (ctx.round % 2 === 1) {
        conn.write(head('DELETE', name));
        const [deleted] = await conn.readResponses(1);
        expectAnswer(deleted, 204, undefined, `DELETE ${name}`);
        return 3;
      }
      return 2;
    },
  },
  'pipelined burst of 16': {
    keepAlive: true,
    async round(conn, ctx) {
      const tags = Array.from({ length: PIPELINE_DEPTH }, (_, i) => `p${ctx.client}-${ctx.round}-${i}`);
      conn.write(Buffer.concat(tags.map((tag) => head('GET', `/echo/${tag}`))));
      const responses = await conn.readResponses(PIPELINE_DEPTH);
      responses.forEach((response, i) => expectAnswer(response, 200, Buffer.from(tags[i]), `pipelined GET /echo/${tags[i]}`));
      return PIPELINE_DEPTH;
    },
  },
  'upload aborted mid-body': {
    keepAlive: false,
    aborts: true,
    async round(conn, ctx) {
      const body = uploadBody(ctx.client, ctx.round);
      conn.write(Buffer.concat([head('PUT', `/files/aborted-${ctx.client}.bin`, `Content-Length: ${body.length * 4}\r\n`), body]));
      await new Promise((resolve) => setTimeout(resolve, 5));
      return 0;
    },
  },
  'request aborted mid-head': {
    keepAlive: false,
    aborts: true,
    async round(conn) {
      conn.write(Buffer.from(`GET /files/small.txt HTTP/1.1\r\n${HOST}X-Half: `, 'latin1'));
      await new Promise((resolve) => setTimeout(resolve, 5));
      return 0;
    },
  },
  '1 MiB GET aborted mid-response': {
    keepAlive: false,
    aborts: true,
    async round(conn) {
      conn.write(head('GET', '/files/big.bin'));
      await conn.waitBytes(64 * 1024, 30_000);
      return 0;
    },
  },
};

export const KIND_NAMES = Object.keys(KINDS);
