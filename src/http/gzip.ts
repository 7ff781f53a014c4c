/**
 * gzip (RFC 1952) for in-memory bodies (echo), without zlib's stream machinery where it can be
 * avoided: `zlib.gzipSync` builds a whole zlib stream per call (about 24 µs on the reference
 * machine, whatever the size).
 *
 * Bodies up to STORED_LIMIT bytes are written as one gzip member holding a single *stored*
 * deflate block (RFC 1951 §3.2.4) — what zlib writes at level 0 — built here directly. At that
 * size deflate cannot shrink text anyway (the 18-byte gzip frame dominates: `abc` gzips to 23
 * bytes at level 6 and 26 stored). Larger bodies are compressed by zlib.
 */
import { crc32 as zlibCrc32, gzipSync } from 'node:zlib';

/** Largest body sent as a stored block; larger ones are compressed. */
export const STORED_LIMIT = 128;

export function gzipSmall(body: Buffer): Buffer {
  return body.length <= STORED_LIMIT ? gzipStored(body) : gzipSync(body);
}

const GZIP_HEADER = [
  0x1f, 0x8b, // magic
  0x08, // CM = deflate
  0x00, // FLG: no name, comment, extra
  0x00, 0x00, 0x00, 0x00, // MTIME: none
  0x00, // XFL
  0x03, // OS = Unix (as zlib writes it)
];

/** A gzip member with `body` in one stored deflate block; `body` must fit one block (65535 bytes). */
export function gzipStored(body: Buffer): Buffer {
  const length = body.length;
  if (length > 0xffff) throw new RangeError('a stored deflate block holds at most 65535 bytes');
  const out = Buffer.allocUnsafe(GZIP_HEADER.length + 5 + length + 8);
  let at = 0;
  for (const byte of GZIP_HEADER) out[at++] = byte;
  out[at++] = 0x01; // BFINAL = 1, BTYPE = 00 (stored)
  out.writeUInt16LE(length, at);
  out.writeUInt16LE(~length & 0xffff, at + 2);
  at += 4;
  at += body.copy(out, at);
  out.writeUInt32LE(crc32(body), at);
  out.writeUInt32LE(length, at + 4); // ISIZE
  return out;
}

/** CRC-32 (ISO 3309, as gzip uses): zlib's where Node has it (20.15+), else a table. */
const crc32: (data: Buffer) => number =
  typeof zlibCrc32 === 'function' ? (data) => zlibCrc32(data) >>> 0 : tableCrc32;

let crcTable: Uint32Array | null = null;

function tableCrc32(data: Buffer): number {
  if (crcTable === null) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export const forTests = { tableCrc32 };
