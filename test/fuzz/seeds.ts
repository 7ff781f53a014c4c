/**
 * Valid requests the mutators start from: the three recorded samples (bench/samples, the same
 * files as the project's shared request samples) and the requests of the HTTP-server challenge.
 * Each seed is built for one case id, so that an upload writes its own file
 * (`/files/fuzz-<id>`) and no two cases racing on one server ever touch the same name.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../e2e/server-process.js';

export interface Seed {
  readonly name: string;
  build(id: number): Buffer;
}

const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');
const sample = (file: string): Buffer => readFileSync(path.join(REPO_ROOT, 'bench', 'samples', file));

/** A sample whose upload target is renamed per case (`/files/upload-1` -> `/files/fuzz-<id>`). */
function sampleSeed(file: string): Seed {
  const bytes = sample(file).toString('latin1');
  return { name: file, build: (id) => latin1(bytes.replace('/files/upload-1', `/files/fuzz-${id}`)) };
}

const H = 'Host: localhost:4221\r\n';

function chunked(data: string, pieces: number): string {
  const size = Math.ceil(data.length / pieces);
  let out = '';
  for (let at = 0; at < data.length; at += size) {
    const piece = data.slice(at, at + size);
    out += `${piece.length.toString(16)}\r\n${piece}\r\n`;
  }
  return out + '0\r\n\r\n';
}

const fixed = (name: string, text: (id: number) => string): Seed => ({ name, build: (id) => latin1(text(id)) });

export const SEEDS: readonly Seed[] = [
  sampleSeed('a-curl-get.http'),
  sampleSeed('b-browser-get.http'),
  sampleSeed('c-post-1k.http'),
  fixed('challenge GET /', () => `GET / HTTP/1.1\r\n${H}\r\n`),
  fixed('challenge 404', () => `GET /abcdefg HTTP/1.1\r\n${H}\r\n`),
  fixed('challenge echo', (id) => `GET /echo/seed-${id} HTTP/1.1\r\n${H}\r\n`),
  fixed('challenge user-agent', () => `GET /user-agent HTTP/1.1\r\n${H}User-Agent: foobar/1.2.3\r\n\r\n`),
  fixed('challenge file', () => `GET /files/orange_mango_grape HTTP/1.1\r\n${H}\r\n`),
  fixed('challenge upload', (id) => `POST /files/fuzz-${id} HTTP/1.1\r\n${H}Content-Type: application/octet-stream\r\nContent-Length: 12\r\n\r\nhello world!`),
  fixed('challenge gzip echo', (id) => `GET /echo/gz-${id} HTTP/1.1\r\n${H}Accept-Encoding: invalid-encoding-1, gzip, invalid-encoding-2\r\n\r\n`),
  fixed('challenge close', () => `GET /echo/closing HTTP/1.1\r\n${H}Connection: close\r\n\r\n`),
  fixed('chunked upload', (id) => `PUT /files/fuzz-${id} HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n${chunked('a chunked body with a few pieces', 3)}`),
  fixed('upload with 100-continue', (id) => `POST /files/fuzz-${id} HTTP/1.1\r\n${H}Expect: 100-continue\r\nContent-Length: 5\r\n\r\nabcde`),
  fixed('HTTP/1.0 GET', () => `GET /echo/old HTTP/1.0\r\n\r\n`),
  fixed('OPTIONS *', () => `OPTIONS * HTTP/1.1\r\n${H}\r\n`),
  fixed('range', () => `GET /files/hello.txt HTTP/1.1\r\n${H}Range: bytes=0-4\r\n\r\n`),
  fixed('two pipelined', (id) => `GET /echo/one-${id} HTTP/1.1\r\n${H}\r\nGET /echo/two-${id} HTTP/1.1\r\n${H}\r\n`),
];
