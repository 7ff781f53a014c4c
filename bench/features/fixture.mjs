// The tree every server serves, made fresh in a temp folder for each server, so that one
// server's uploads (or a wrong overwrite) cannot change what the next one is asked about.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

/** Names in the index-less docs/ folder that a listing must escape, encode and sort naturally. */
export const DOCS_NAMES = {
  nine: '9.txt',
  ten: '10.txt',
  space: 'a b.txt',
  // `<b>bold</b>.txt` cannot exist: `/` is the one byte no file name may hold. An unclosed tag
  // shows the same thing: an unescaped listing renders the rest of the page bold.
  tag: '<b>bold.txt',
  percent: '100%.txt',
  hash: '#hash.txt',
  unicode: 'ünï.txt',
};

/** The gzip header's MTIME field (bytes 4..7) of pre.txt.gz: no on-the-fly gzip writes it, so equal bytes mean the sibling was sent. */
const SIBLING_GZIP_MTIME = 0x5eed_f00d;

/** A text that compresses well and is not one repeated line (so a compressor has some work). */
function compressibleText(minBytes) {
  const lines = [];
  let size = 0;
  for (let i = 0; size < minBytes; i++) {
    const line = `line ${i}: the quick brown fox jumps over the lazy dog, ${(i * 7919) % 1000} times\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('');
}

/** A PNG chunk: length, type, data, CRC over type and data. */
function pngChunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/**
 * A valid 1x1 grey PNG padded past 1 KiB with a compressible tEXt chunk: a server that compresses
 * by size alone would gzip it, one that knows PNG is already compressed would not.
 */
function png() {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0); // width
  header.writeUInt32BE(1, 4); // height
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('tEXt', Buffer.from(`Comment\0${'padding '.repeat(512)}`, 'latin1')),
    pngChunk('IDAT', zlib.deflateSync(Buffer.from([0, 0x80]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function siblingGzip(content) {
  const gz = zlib.gzipSync(content, { level: 9 });
  gz.writeUInt32LE(SIBLING_GZIP_MTIME, 4);
  return gz;
}

/** Every file of the fixture, relative path -> content. Order matters: siblings after their originals (fresher). */
function contents() {
  const big = Buffer.from(compressibleText(64 * 1024));
  const pre = Buffer.from(compressibleText(8 * 1024).toUpperCase());
  const docs = Object.fromEntries(Object.values(DOCS_NAMES).map((name) => [`docs/${name}`, Buffer.from(`this is ${name}\n`)]));
  return {
    ...docs,
    'site/index.html': Buffer.from('<!doctype html>\n<title>site</title>\n<p>site index page</p>\n'),
    'page.html': Buffer.from('<!doctype html>\n<title>page</title>\n<p>a page</p>\n'),
    'app.mjs': Buffer.from('export const answer = 42;\n'),
    'style.css': Buffer.from('body { color: #222; }\n'),
    'data.json': Buffer.from('{"answer": 42}\n'),
    // The eight-byte header of an empty module (magic, version 1): valid WebAssembly.
    'mod.wasm': Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]),
    'logo.svg': Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n'),
    'photo.png': png(),
    'big.txt': big,
    // Real gzip bytes: a server that labels them Content-Encoding: gzip makes a client unpack the archive.
    'archive.tar.gz': zlib.gzipSync(Buffer.from('not really a tar, but really gzip\n')),
    noext: Buffer.from('a file without an extension\n'),
    'put-target.txt': Buffer.from('already here\n'),
    '.env': Buffer.from('SECRET_TOKEN=do-not-serve-me\n'),
    '.git/config': Buffer.from('[core]\n\tsecret = do-not-serve-me-either\n'),
    'pre.txt': pre,
    'pre.txt.gz': siblingGzip(pre),
    'pre.txt.br': zlib.brotliCompressSync(pre, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }),
  };
}

/**
 * Writes the fixture into `tree/` of a new temp folder; the folder beside it (`path.dirname(root)`)
 * is the server's own to keep state in (nginx's config and logs). `root` is the real path (what a
 * server would leak); `files` maps each relative path the file system took to its bytes.
 */
export function makeFixture(label) {
  const base = realpathSync(mkdtempSync(path.join(os.tmpdir(), `ferroserve-features-${label}-`)));
  const root = path.join(base, 'tree');
  const files = {};
  for (const [relative, content] of Object.entries(contents())) {
    const target = path.join(root, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    try {
      writeFileSync(target, content);
      files[relative] = content;
    } catch {
      // A file system that refuses a name (`<`, `#`, `%` on some): the rows about it say so.
    }
  }
  return { root, files, remove: () => rmSync(base, { recursive: true, force: true }) };
}
