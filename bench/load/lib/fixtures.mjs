// The served tree, made fresh in a temporary folder and removed at the end. Every byte is
// derived from fixed seeds, so two runs (and two machines) serve the same files.
//
// Layout: BASE/site/files/ is ferroserve's --directory (it serves it under /files/); the Node
// peers and nginx serve BASE/site, so that every server answers the same URL with the same bytes
// without any path rewriting. BASE/work/ is beside the tree, for a server's own state (nginx's
// config, pid and temp files): on the same file system, so nginx's PUT renames like ferroserve's.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, open, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BIG_SIZE, HUGE_SIZE, LISTING_ENTRIES, MID_SIZE, SMALL_SIZE, TEXT_SIZE } from './cases.mjs';

/** Incompressible bytes from a seed: SHA-256 in counter mode (no randomness, same everywhere). */
export function seededBytes(seed, size) {
  const out = Buffer.allocUnsafe(size);
  for (let offset = 0, counter = 0; offset < size; offset += 32, counter += 1) {
    createHash('sha256').update(`${seed}:${counter}`).digest().copy(out, offset);
  }
  return out;
}

/** Text a compressor has work on: varied lines, not one line repeated. */
export function compressibleText(size) {
  let text = '';
  for (let i = 0; text.length < size; i += 1) {
    text += `line ${i}: the quick brown fox jumps over the lazy dog, ${(i * 7919) % 1000} times\n`;
  }
  return text.slice(0, size);
}

export const listingName = (index) => `f${String(index).padStart(4, '0')}.txt`;

async function writeHuge(path) {
  // 100 MiB written as 100 different MiB, not one held in memory: the range case reads from the
  // middle, so no two offsets need the same bytes, and the runner stays small.
  const chunks = HUGE_SIZE / BIG_SIZE;
  const handle = await open(path, 'w');
  try {
    for (let i = 0; i < chunks; i += 1) await handle.write(seededBytes(`huge-${i}`, BIG_SIZE));
  } finally {
    await handle.close();
  }
}

/**
 * Dates every served file in the past, as a deployed site's files are: ferroserve keeps a file in
 * memory only once it is older than its racy window (2 s: a write within the same clock tick
 * could leave size and mtime unchanged), so fixtures written a moment before the first file case
 * would be measured from disk for its first seconds. The .gz sibling stays a second newer than
 * its original (servers send a sibling only when it is not older).
 */
async function dateInThePast(folder) {
  const past = new Date('2026-01-01T00:00:00Z');
  const later = new Date('2026-01-01T00:00:01Z');
  const names = ['small.txt', 'mid.bin', 'big.bin', 'huge.bin', 'fly.txt', 'pre.txt'];
  for (const name of names) await utimes(join(folder, name), past, past);
  await utimes(join(folder, 'pre.txt.gz'), later, later);
  for (let i = 0; i < LISTING_ENTRIES; i += 1) await utimes(join(folder, 'many', listingName(i)), past, past);
}

export async function makeFixtures() {
  const base = await mkdtemp(join(tmpdir(), 'ferroserve-bench-'));
  const siteRoot = join(base, 'site');
  const folder = join(siteRoot, 'files');
  const work = join(base, 'work');
  await mkdir(join(folder, 'uploads'), { recursive: true });
  await mkdir(join(folder, 'many'), { recursive: true });
  await mkdir(work, { recursive: true });
  const line = 'ferroserve load benchmark: a small text file served from disk.\n';
  await writeFile(join(folder, 'small.txt'), line.repeat(Math.ceil(SMALL_SIZE / line.length)).slice(0, SMALL_SIZE));
  await writeFile(join(folder, 'mid.bin'), seededBytes('mid', MID_SIZE));
  await writeFile(join(folder, 'big.bin'), seededBytes('big', BIG_SIZE));
  await writeHuge(join(folder, 'huge.bin'));
  const text = compressibleText(TEXT_SIZE);
  // Two copies of one text: pre.txt has a .gz sibling to send as it is, fly.txt has none.
  await writeFile(join(folder, 'fly.txt'), text);
  await writeFile(join(folder, 'pre.txt'), text);
  // Written after pre.txt: servers send a sibling only when it is not older than the file.
  await writeFile(join(folder, 'pre.txt.gz'), gzipSync(text, { level: 9 }));
  for (let i = 0; i < LISTING_ENTRIES; i += 1) await writeFile(join(folder, 'many', listingName(i)), `${i}\n`);
  await dateInThePast(folder);
  return { base, siteRoot, folder, work, remove: () => rm(base, { recursive: true, force: true }) };
}
