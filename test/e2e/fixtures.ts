/**
 * The folder the end-to-end tests serve, made fresh in os.tmpdir() for each suite and removed
 * after it. It holds hostile names (spaces, unicode, `%`, `#`, dotfiles), a subfolder, symlinks
 * inside and pointing outside, a 0-byte file and a 5 MiB file. Beside it, `outside/` holds what
 * the server must never read or write.
 */
import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

export const SECRET = 'outside the served folder: never served\n';
export const BIG_SIZE = 5 * 1024 * 1024;

const SITE_JS = Buffer.from(`export function site() {\n${'  console.log("precompressed");\n'.repeat(80)}}\n`);
const STALE_CSS = Buffer.from('body { color: black } /* the current build */\n'.repeat(60));

/** Regular files in the served folder: name on disk (relative, `/`-separated) -> content. */
function servedFiles(big: Buffer): ReadonlyMap<string, Buffer> {
  return new Map<string, Buffer>([
    ['hello.txt', Buffer.from('Hello, ferroserve!\n')],
    ['with space.txt', Buffer.from('a name with a space\n')],
    ['été ünïcødé ✓.txt', Buffer.from('unicode name, unicode body: ✓\n')],
    ['100%.txt', Buffer.from('a percent sign in the name\n')],
    ['a#b.txt', Buffer.from('a hash in the name\n')],
    ['.hidden', Buffer.from('a dotfile\n')],
    ['empty.bin', Buffer.alloc(0)],
    ['big.bin', big],
    ['sub/nested.txt', Buffer.from('in a subfolder\n')],
    // Folders: natural order (9 before 10), a name that is markup, a site with its index.html,
    // a dot-folder with a secret and the one dot-folder that is served.
    ['numbers/9.txt', Buffer.from('nine\n')],
    ['numbers/10.txt', Buffer.from('ten\n')],
    ['numbers/a b/inner.txt', Buffer.from('in a folder with a space\n')],
    ['<b>bold.txt', Buffer.from('markup in the name\n')],
    ['site/index.html', Buffer.from('<!doctype html><title>site</title><p>the site\n')],
    ['site/style.css', Buffer.from('p { color: green }\n')],
    ['.git/config', Buffer.from('[remote "origin"] url = secret\n')],
    ['.well-known/security.txt', Buffer.from('Contact: mailto:security@example.com\n')],
    ['binary.bin', Buffer.from(Array.from({ length: 256 }, (_, i) => i))],
    // The challenge's files: a name without an extension.
    ['orange_mango_grape', Buffer.from('a name like the challenge gives, no extension\n')],
    // Types, and compressible text above and below the compression threshold (1 KiB) and the
    // small-file size (1 MiB, above it text is encoded as it is sent).
    ['page.html', Buffer.from(`<!doctype html><title>page</title>\n${'<p>compressible paragraph</p>\n'.repeat(150)}`)],
    ['app.mjs', Buffer.from(`export const values = [${Array.from({ length: 400 }, (_, i) => i).join(', ')}];\n`)],
    ['tiny.css', Buffer.from('body { color: black }\n')],
    ['data.json', Buffer.from(JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item ${i}` })) }))],
    ['story.txt', Buffer.from(Array.from({ length: 24000 }, (_, i) => `line ${i}: the quick brown fox jumps over the lazy dog\n`).join(''))],
    ['archive.tar.gz', gzipSync(Buffer.from('an archive, already compressed\n'.repeat(100)))],
    ['photo.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(4096)])],
    // Precompressed siblings: fresh ones are served as they are (gzip level 1: bytes on-the-fly
    // encoding would not make); a stale one (made older at setup) never is.
    ['site.js', SITE_JS],
    ['site.js.gz', gzipSync(SITE_JS, { level: 1 })],
    ['site.js.br', brotliCompressSync(SITE_JS)],
    ['stale.css', STALE_CSS],
    ['stale.css.gz', gzipSync(Buffer.from('body { color: red } /* an old build */\n'.repeat(60)), { level: 1 })],
  ]);
}

export interface Fixture {
  /** The temporary root holding `served/` and `outside/`. */
  readonly root: string;
  /** The folder given to `--directory`. */
  readonly served: string;
  /** Never to be read or written by the server. */
  readonly outside: string;
  readonly secretPath: string;
  readonly files: ReadonlyMap<string, Buffer>;
  readonly big: Buffer;
  /** Every entry under root (symlinks not followed): relative path -> kind and content hash. */
  snapshot(): Promise<Record<string, string>>;
  cleanup(): Promise<void>;
}

/** A path under /files/ for a name on disk: each segment percent-encoded once. */
export function filesPath(name: string): string {
  return '/files/' + name.split('/').map(encodeURIComponent).join('/');
}

/** An entry the server removed between readdir and reading it (a temp file being cleaned up) is skipped. */
async function unlessVanished<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function walk(dir: string, base: string, into: Record<string, string>): Promise<void> {
  for (const entry of (await unlessVanished(() => readdir(dir))) ?? []) {
    const full = path.join(dir, entry);
    const relative = base ? `${base}/${entry}` : entry;
    const info = await unlessVanished(() => lstat(full));
    if (info === undefined) continue;
    if (info.isSymbolicLink()) {
      const target = await unlessVanished(() => readlink(full));
      if (target !== undefined) into[relative] = `link -> ${target}`;
    } else if (info.isDirectory()) {
      into[relative] = 'dir';
      await walk(full, relative, into);
    } else {
      const content = await unlessVanished(() => readFile(full));
      if (content !== undefined) into[relative] = `file ${content.length} ${createHash('sha1').update(content).digest('hex')}`;
    }
  }
}

export async function createFixture(): Promise<Fixture> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ferroserve-e2e-'));
  const served = path.join(root, 'served');
  const outside = path.join(root, 'outside');
  const secretPath = path.join(outside, 'secret.txt');
  for (const folder of ['sub', 'numbers/a b', 'site', '.git', '.well-known']) await mkdir(path.join(served, folder), { recursive: true });
  await mkdir(outside);
  await writeFile(secretPath, SECRET);
  const big = randomBytes(BIG_SIZE);
  const files = servedFiles(big);
  for (const [name, content] of files) await writeFile(path.join(served, name), content);
  // A sibling left by an earlier build: older than its original.
  const anHourAgo = new Date(Date.now() - 3_600_000);
  await utimes(path.join(served, 'stale.css.gz'), anHourAgo, anHourAgo);
  // Made at setup, as a checkout cannot be trusted to keep symlinks.
  await symlink('hello.txt', path.join(served, 'link-inside'));
  await symlink(secretPath, path.join(served, 'link-outside'));
  await symlink(outside, path.join(served, 'link-outside-dir'));
  await symlink('sub', path.join(served, 'link-sub'));
  await symlink('no-such-file', path.join(served, 'link-missing'));
  return {
    root,
    served,
    outside,
    secretPath,
    files,
    big,
    async snapshot() {
      const entries: Record<string, string> = {};
      await walk(root, '', entries);
      return entries;
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
