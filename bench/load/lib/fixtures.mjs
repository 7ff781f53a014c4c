// The served folder: small.txt (1 KiB of text) and big.bin (1 MiB of random bytes), in a fresh
// temporary folder that is removed at the end. Uploads of the post case land there too.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIG_SIZE, SMALL_SIZE } from './cases.mjs';

export async function makeFixtures() {
  const folder = await mkdtemp(join(tmpdir(), 'ferroserve-bench-'));
  const line = 'ferroserve load benchmark: a small text file served from disk.\n';
  await writeFile(join(folder, 'small.txt'), line.repeat(Math.ceil(SMALL_SIZE / line.length)).slice(0, SMALL_SIZE));
  await writeFile(join(folder, 'big.bin'), randomBytes(BIG_SIZE));
  return { folder, remove: () => rm(folder, { recursive: true, force: true }) };
}
