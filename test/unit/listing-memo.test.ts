import { describe, expect, test } from 'vitest';
import { ListingMemo } from '../../src/files/listing-memo.js';
import type { ListingEntry } from '../../src/files/listing/index.js';

const A: ListingEntry = { name: 'a.txt', kind: 'file', size: 10, mtimeMs: 1000 };
const B: ListingEntry = { name: 'b', kind: 'folder', size: 0, mtimeMs: 2000 };

describe('ListingMemo', () => {
  // [what changed between two readings, the second reading, rendered again?]
  test.each<[string, ListingEntry[], boolean]>([
    ['nothing (a new array of equal entries)', [{ ...A }, { ...B }], false],
    ['a file grew', [{ ...A, size: 11 }, B], true],
    ['a file was modified at the same size', [{ ...A, mtimeMs: 1001 }, B], true],
    ['an entry was renamed', [{ ...A, name: 'c.txt' }, B], true],
    ['a file became a folder', [{ ...A, kind: 'folder' }, B], true],
    ['an entry was added', [A, B, { ...A, name: 'd.txt' }], true],
    ['an entry was removed', [A], true],
    ['the order changed', [B, A], true],
  ])('%s: rendered again = %s', (_what, second, again) => {
    const memo = new ListingMemo();
    let renders = 0;
    const render = (): Buffer => Buffer.from(`rendering ${++renders}`);
    const first = memo.listing('html /dir', [A, B], render);
    const next = memo.listing('html /dir', second, render);
    expect(renders).toBe(again ? 2 : 1);
    expect(next.body.toString()).toBe(again ? 'rendering 2' : 'rendering 1');
    expect(next === first).toBe(!again);
  });

  test('each key is its own listing (format, folder)', () => {
    const memo = new ListingMemo();
    let renders = 0;
    const render = (): Buffer => Buffer.from(`rendering ${++renders}`);
    memo.listing('html /dir', [A], render);
    expect(memo.listing('json /dir', [A], render).body.toString()).toBe('rendering 2');
    expect(memo.listing('html /other', [A], render).body.toString()).toBe('rendering 3');
    expect(memo.listing('html /dir', [A], render).body.toString()).toBe('rendering 1');
  });
});
