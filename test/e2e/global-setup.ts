/**
 * vitest globalSetup: compiles the TypeScript (dist/) once before any test runs, because the
 * end-to-end suites start the real CLI, `node bin/server.js`, which imports dist/cli.js.
 * A type error does not stop the run when tsc still emitted dist/cli.js (typechecking is
 * `npm run typecheck`'s job); a missing dist/cli.js does.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export default function setup(): void {
  const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: REPO_ROOT, encoding: 'utf8' });
  const cli = path.join(REPO_ROOT, 'dist', 'cli.js');
  if (result.status === 0) return;
  const report = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (!existsSync(cli)) throw new Error(`tsc failed and dist/cli.js is missing:\n${report}`);
  console.warn(`global-setup: tsc reported errors (dist/ was still emitted):\n${report}`);
}
