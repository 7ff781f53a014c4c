import { describe, expect, test } from 'vitest';
import { formName, lastSegment } from '../../src/files/form-names.js';
import { ServedTree } from '../../src/files/tree.js';

const tree = new ServedTree('/srv/files', '/srv/files');

describe('names sent in a form', () => {
  test.each<[string, string]>([
    ['a.txt', 'a.txt'],
    ['../../x', 'x'],
    ['a\\b', 'b'],
    ['C:\\Users\\me\\photo.jpg', 'photo.jpg'],
    ['photos/2026/a.jpg', 'a.jpg'],
    ['mixed\\dirs/and/back\\slash.txt', 'slash.txt'],
    ['dir/', ''],
    ['', ''],
  ])('lastSegment(%j) = %j', (sent, expected) => {
    expect(lastSegment(sent)).toBe(expected);
  });

  test.each<[string, string, boolean, string | number]>([
    ['', 'a.txt', false, '/srv/files/a.txt'],
    ['docs/a b', '../../x', false, '/srv/files/docs/a b/x'],
    ['', '100%.txt', false, '/srv/files/100%.txt'],
    ['', '<b>bold.txt', false, '/srv/files/<b>bold.txt'],
    ['', 'été ✓.txt', false, '/srv/files/été ✓.txt'],
    ['', 'a#b?.txt', false, '/srv/files/a#b?.txt'],
    ['', '.env', false, 404],
    ['', 'x/.env', false, 404],
    ['', '.env', true, '/srv/files/.env'],
    ['', '..', false, 400],
    ['', '.', false, 400],
    ['', 'dir/', false, 400],
    ['', '', false, 400],
    ['', 'a\u0000b', false, 400],
  ])('in %j, %j (dotfiles %s) -> %j', (folder, sent, dotfiles, expected) => {
    const named = formName(tree, folder, sent, dotfiles);
    expect(named.kind === 'inside' ? named.target.path : named.status).toBe(expected);
  });
});
