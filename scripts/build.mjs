// Builds what `npm install` must leave ready: the TypeScript in dist/ and, where a Rust
// toolchain is present, the native wire addon in native/. Without cargo the install still
// succeeds, says so in one line, and the TypeScript twin serves.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function run(cmd, args) {
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  return result.status === 0;
}

if (!existsSync('node_modules/typescript')) {
  // Installed as a dependency of another package: dist/ ships prebuilt from the tarball.
  process.exit(0);
}
if (!run('npx', ['--no-install', 'tsc', '-p', 'tsconfig.json'])) process.exit(1);

const hasCargo = spawnSync('cargo', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasCargo) {
  console.warn('ferroserve: no Rust toolchain found; skipping the native wire addon (the TypeScript parser will serve)');
  process.exit(0);
}
if (existsSync('crates/wire-node/Cargo.toml')) {
  const ok = run('npx', ['--no-install', 'napi', 'build', '--platform', '--release',
    '--manifest-path', 'crates/wire-node/Cargo.toml', '--output-dir', 'native', '--no-js', '--no-dts-cache']);
  if (!ok) {
    console.warn('ferroserve: the native wire addon failed to build; the TypeScript parser will serve');
  }
}
