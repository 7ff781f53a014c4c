import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { isStrictlyInside, resolveName } from '../../src/files/tree.js';

const ROOT = '/srv/files';

function resolve(raw: string): string {
  const buf = Buffer.from(`/files/${raw}?q`, 'latin1');
  const result = resolveName(ROOT, buf, 7, 7 + raw.length);
  return result.kind === 'refused' ? 'refused' : result.path;
}

describe('resolveName: /files/{name} -> path inside the directory, or refused', () => {
  test.each<[string, string]>([
    ['a.txt', '/srv/files/a.txt'],
    ['hello%20world.txt', '/srv/files/hello world.txt'],
    ['%C3%A9t%C3%A9.txt', '/srv/files/été.txt'],
    ['100%25.txt', '/srv/files/100%.txt'],
    ['%2541', '/srv/files/%41'], // decoded once only
    ['.hidden', '/srv/files/.hidden'],
    ['..foo', '/srv/files/..foo'],
    ['foo..', '/srv/files/foo..'],
    ['...', '/srv/files/...'],
    ['docs/a.txt', '/srv/files/docs/a.txt'],
    ['a:b', '/srv/files/a:b'],
    ['', 'refused'],
    ['..', 'refused'],
    ['.', 'refused'],
    ['../etc/passwd', 'refused'],
    ['docs/../a.txt', 'refused'],
    ['docs/./a.txt', 'refused'],
    ['%2e%2e', 'refused'],
    ['%2E%2E/x', 'refused'],
    ['%2e', 'refused'],
    ['a%2fb', 'refused'], // encoded slash
    ['a%2Fb', 'refused'],
    ['..%2fetc', 'refused'],
    ['a%5cb', 'refused'], // encoded backslash
    ['a%5Cb', 'refused'],
    ['a%00b', 'refused'], // NUL
    ['%00', 'refused'],
    ['a%ffb', 'refused'], // not UTF-8
    ['%C3', 'refused'],
    ['a%zzb', 'refused'], // malformed escape
    ['a%', 'refused'],
    ['/abs', 'refused'], // empty first segment
    ['docs//a.txt', 'refused'],
    ['docs/', 'refused'],
    ['%252e%252e', '/srv/files/%2e%2e'], // a name, not a dot-dot: decoded once
  ])('%j -> %s', (raw, expected) => {
    expect(resolve(raw)).toBe(expected);
  });
});

describe('isStrictlyInside', () => {
  test.each<[string, string, boolean]>([
    ['/srv/files', '/srv/files/a', true],
    ['/srv/files', '/srv/files/a/b', true],
    ['/srv/files', '/srv/files/..a', true],
    ['/srv/files', '/srv/files', false],
    ['/srv/files', '/srv', false],
    ['/srv/files', '/srv/files-other/a', false],
    ['/srv/files', '/etc/passwd', false],
    ['/', '/etc', true],
  ])('%s contains %s: %s', (root, candidate, expected) => {
    expect(isStrictlyInside(root, path.normalize(candidate))).toBe(expected);
  });
});
