// Builds what `npm install` (`prepare`) must leave ready: the TypeScript in dist/ and, where a
// Rust toolchain is present, the native wire addon in native/wire.<platform>.node (loaded by
// src/wire/native.ts). Without cargo the install still succeeds, says so in one line, and the
// TypeScript twin serves. Nothing is downloaded: the addon is compiled here or not at all.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const TSC = 'node_modules/typescript/bin/tsc';
const NAPI = 'node_modules/@napi-rs/cli/dist/cli.js';
const ADDON_CRATE = 'crates/wire-node/Cargo.toml';
const NATIVE_DIR = 'native';

/** Runs a package's JS entry with this Node: no npx, no shell, the same on every platform. */
function runNode(script, args) {
  return spawnSync(process.execPath, [script, ...args], { stdio: 'inherit' }).status === 0;
}

if (!existsSync(TSC)) {
  // Installed as a dependency of another package: dist/ ships prebuilt from the tarball.
  process.exit(0);
}
if (!runNode(TSC, ['-p', 'tsconfig.json'])) process.exit(1);

if (!existsSync(ADDON_CRATE)) process.exit(0);

// An addon from an earlier build must not outlive a failed or skipped build: it would be
// loaded, built from other sources than these.
if (existsSync(NATIVE_DIR)) {
  for (const name of readdirSync(NATIVE_DIR)) {
    if (name.endsWith('.node')) rmSync(join(NATIVE_DIR, name));
  }
}
const hasCargo = spawnSync('cargo', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasCargo) {
  console.warn('ferroserve: no Rust toolchain found; skipping the native wire addon (the TypeScript parser will serve)');
  process.exit(0);
}

const built = runNode(NAPI, [
  'build', '--platform', '--release',
  '--manifest-path', ADDON_CRATE,
  '--package-json-path', 'package.json',
  '--output-dir', NATIVE_DIR,
  // src/wire/native.ts loads the addon and declares its types itself: no generated loader,
  // and the generated typings (which cannot see the hand-written exports) go out of the way.
  '--no-js',
  '--dts', '../target/napi/wire-node.generated.d.ts',
]);
if (!built) {
  console.warn('ferroserve: the native wire addon failed to build; the TypeScript parser will serve');
}
