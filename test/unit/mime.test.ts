import { describe, expect, test } from 'vitest';
import { contentTypeFor, isCompressible } from '../../src/files/mime.js';

describe('contentTypeFor: file name -> Content-Type', () => {
  test.each<[string, string]>([
    ['index.html', 'text/html; charset=utf-8'],
    ['INDEX.HTM', 'text/html; charset=utf-8'], // extensions compare case-insensitively
    ['style.css', 'text/css; charset=utf-8'],
    ['app.js', 'text/javascript; charset=utf-8'], // RFC 9239, not application/javascript
    ['module.mjs', 'text/javascript; charset=utf-8'],
    ['data.json', 'application/json; charset=utf-8'],
    ['app.js.map', 'application/json; charset=utf-8'],
    ['site.webmanifest', 'application/manifest+json; charset=utf-8'],
    ['notes.txt', 'text/plain; charset=utf-8'],
    ['table.csv', 'text/csv; charset=utf-8'],
    ['README.md', 'text/markdown; charset=utf-8'],
    ['feed.xml', 'application/xml'], // XML declares its own encoding: no charset parameter
    ['logo.svg', 'image/svg+xml'],
    ['lib.wasm', 'application/wasm'],
    ['photo.png', 'image/png'],
    ['photo.jpg', 'image/jpeg'],
    ['photo.JPEG', 'image/jpeg'],
    ['anim.gif', 'image/gif'],
    ['photo.webp', 'image/webp'],
    ['photo.avif', 'image/avif'],
    ['song.mp3', 'audio/mpeg'],
    ['sound.wav', 'audio/wav'],
    ['clip.mp4', 'video/mp4'],
    ['clip.webm', 'video/webm'],
    ['font.woff2', 'font/woff2'],
    ['doc.pdf', 'application/pdf'],
    ['bundle.zip', 'application/zip'],
    ['backup.tar.gz', 'application/gzip'], // the gzip stream itself: no Content-Encoding
    ['log.gz', 'application/gzip'],
    // No extension (the challenge's files), or one nobody knows: never empty.
    ['a1b2c3', 'application/octet-stream'],
    ['Makefile', 'application/octet-stream'],
    ['html', 'application/octet-stream'], // a bare word is a name, not an extension
    ['json', 'application/octet-stream'],
    ['.bashrc', 'application/octet-stream'], // a dotfile's name is not its extension
    ['.html', 'application/octet-stream'],
    ['trailing.', 'application/octet-stream'],
    ['archive.unknownext', 'application/octet-stream'],
    ['x.__proto__', 'application/octet-stream'],
    ['x.constructor', 'application/octet-stream'],
    ['', 'application/octet-stream'],
    ['weird name <b>.html', 'text/html; charset=utf-8'],
  ])('%j -> %s', (name, expected) => {
    expect(contentTypeFor(name)).toBe(expected);
  });
});

describe('isCompressible: Content-Type -> worth gzipping', () => {
  test.each<[string, boolean]>([
    ['text/html; charset=utf-8', true],
    ['text/css; charset=utf-8', true],
    ['text/javascript; charset=utf-8', true],
    ['text/plain', true],
    ['TEXT/PLAIN ; charset=utf-8', true],
    ['text/x-unknown-to-mime-db', true], // text/* by default
    ['application/json; charset=utf-8', true],
    ['application/manifest+json; charset=utf-8', true],
    ['application/vnd.example+json', true], // unknown, structured suffix
    ['application/vnd.example+xml', true],
    ['application/xml', true],
    ['image/svg+xml', true],
    ['application/wasm', true],
    ['image/bmp', true], // uncompressed bitmap: mime-db's flag stands
    ['image/png', false],
    ['image/jpeg', false],
    ['image/gif', false],
    ['image/webp', false],
    ['image/avif', false],
    ['audio/mpeg', false],
    ['audio/wav', false],
    ['video/mp4', false],
    ['video/webm', false],
    ['font/woff2', false],
    ['application/pdf', false],
    ['application/zip', false],
    ['application/gzip', false],
    ['application/x-7z-compressed', false],
    ['application/x-bzip2', false],
    ['application/octet-stream', false], // mime-db says true; unknown bytes say otherwise
    ['application/x-unknown', false],
    ['__proto__', false],
    ['', false],
  ])('%j -> %s', (type, expected) => {
    expect(isCompressible(type)).toBe(expected);
  });

  test.each<[string, boolean]>([
    ['page.html', true],
    ['app.js', true],
    ['logo.svg', true],
    ['photo.png', false],
    ['backup.tar.gz', false], // never gzip a gzip file again
    ['a1b2c3', false],
  ])('isCompressible(contentTypeFor(%j)) -> %s', (name, expected) => {
    expect(isCompressible(contentTypeFor(name))).toBe(expected);
  });
});
