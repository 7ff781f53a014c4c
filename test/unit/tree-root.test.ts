/**
 * The served tree's root may move: `--directory current`, a symlink switched to the next
 * release. Containment follows it (resolved again when a path is found outside), and never
 * lets in what is outside both.
 */
import { mkdir, mkdtemp, realpath, rename, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { statusForFsError } from '../../src/files/fs-errors.js';
import { ServedTree } from '../../src/files/tree.js';

let base = '';
beforeAll(async () => {
  base = await realpath(await mkdtemp(path.join(os.tmpdir(), 'ferroserve-tree-root-')));
  for (const folder of ['release-1', 'release-2', 'outside']) await mkdir(path.join(base, folder));
  await symlink('release-1', path.join(base, 'current'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

test('containment follows the root when its symlink is switched, and nothing else', async () => {
  const current = path.join(base, 'current');
  const tree = new ServedTree(current, await realpath(current));
  const inRelease = (n: number) => path.join(base, `release-${n}`, 'a.txt');
  expect([tree.contains(inRelease(1)), tree.contains(inRelease(2))]).toEqual([true, false]);

  await symlink('release-2', path.join(base, 'current.next'));
  await rename(path.join(base, 'current.next'), current);
  expect([tree.contains(inRelease(2)), tree.contains(inRelease(1))]).toEqual([true, false]);
  expect(tree.containsFolder(path.join(base, 'release-2'))).toBe(true);
  expect(tree.contains(path.join(base, 'outside', 'a.txt'))).toBe(false);

  // A root missing for a while keeps its last real path.
  await rm(current);
  expect([tree.contains(inRelease(2)), tree.rootReal]).toEqual([true, path.join(base, 'release-2')]);
});

test.each([
  ['EMFILE', 503],
  ['ENFILE', 503],
  ['ENOSPC', 507],
  ['EDQUOT', 507],
  ['EROFS', 403],
  ['EIO', 500],
])('%s answers %i', (code, status) => {
  expect(statusForFsError(Object.assign(new Error(code), { code }))).toBe(status);
});
