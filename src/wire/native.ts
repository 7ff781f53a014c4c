/**
 * The native wire: crates/wire through the napi-rs addon crates/wire-node, built by
 * `npm install` (scripts/build.mjs) into native/wire.<platform>.node. Nothing is downloaded:
 * where the addon was not built or cannot load, `loadNativeAddon` says why in one line.
 *
 * The adapter adds nothing on the hot path: the Wire's `parse` IS the addon's function.
 * The other parts are native only where bench/RESULTS.md measured native faster (DESIGN.md:
 * "keep the native writer only where the benchmark shows it wins").
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { jsWire } from './js/index.js';
import type { ChunkedDecoder, ChunkedDecoderOptions, Wire } from './types.js';

/** What crates/wire-node exports (crates/wire-node/src/lib.rs). */
export interface NativeAddon {
  parse(buf: Buffer, start: number, end: number, out: Uint32Array): number;
  ChunkedDecoder: new (maxHeaders: number, maxHeadBytes: number, lenientBareLf: boolean) => ChunkedDecoder;
  writeResponse(status: number, headers: readonly string[], contentLength: number, body?: Buffer): Buffer;
  /** Layout constants and error codes of crates/wire, for test/wire/layout.test.ts. */
  layout(): { constants: Record<string, number>; errors: Record<string, number> };
}

export type NativeAddonLoad = { ok: true; addon: NativeAddon } | { ok: false; reason: string };
export type NativeWireLoad = { ok: true; wire: Wire } | { ok: false; reason: string };

/** Which implementation serves each part of a native wire other than `parse`. */
export interface NativeParts {
  writer: 'native' | 'js';
  chunked: 'native' | 'js';
}

/**
 * The parts that serve in the product, from bench/RESULTS.md: the native writer is 1.6-5x
 * slower than the TypeScript one (every header string is a Node-API round trip and the Buffer
 * is made by Node-API), and the native chunked decoder is slower on every body shape but one
 * made of tiny chunks (its construction and each call cross the boundary, while the TypeScript
 * decoder skips chunk data in O(1) too).
 */
export const PRODUCT_PARTS: Readonly<NativeParts> = Object.freeze({ writer: 'js', chunked: 'js' });
/** Everything from crates/wire: what differential tests compare with the TypeScript twin. */
export const ALL_NATIVE: Readonly<NativeParts> = Object.freeze({ writer: 'native', chunked: 'native' });

/** native/ at the package root: two levels above src/wire/ and dist/wire/. */
const NATIVE_DIR = fileURLToPath(new URL('../../native/', import.meta.url));
const ADDON_EXPORTS = ['parse', 'ChunkedDecoder', 'writeResponse', 'layout'] as const;

/**
 * The platform parts of the file name, as `napi build --platform` spells them. The addon is
 * built on this machine, so on Linux whichever of the glibc and musl names exists is this
 * machine's: no libc detection is needed.
 */
export function platformSuffixes(): string[] {
  const { platform, arch } = process;
  if (platform === 'win32') return [`win32-${arch}-msvc`];
  if (platform === 'linux') {
    return arch === 'arm'
      ? ['linux-arm-gnueabihf', 'linux-arm-musleabihf']
      : [`linux-${arch}-gnu`, `linux-${arch}-musl`];
  }
  return [`${platform}-${arch}`];
}

let addonLoad: NativeAddonLoad | undefined;

/** Loads the addon once per process; the result (or the reason it failed) is kept. */
export function loadNativeAddon(): NativeAddonLoad {
  if (addonLoad === undefined) {
    const candidates = platformSuffixes().map((suffix) => `${NATIVE_DIR}wire.${suffix}.node`);
    addonLoad = loadAddonFile(candidates.find((path) => existsSync(path)) ?? candidates[0]);
  }
  return addonLoad;
}

function loadAddonFile(path: string): NativeAddonLoad {
  if (!existsSync(path)) {
    return { ok: false, reason: `the native addon is not built (${path} is missing: ${builtFiles()}; with a Rust toolchain, run \`npm run build\`)` };
  }
  let addon: Partial<NativeAddon>;
  try {
    addon = createRequire(import.meta.url)(path) as Partial<NativeAddon>;
  } catch (error) {
    return { ok: false, reason: `the native addon failed to load: ${oneLine(error)}` };
  }
  const missing = ADDON_EXPORTS.filter((name) => typeof addon[name] !== 'function');
  if (missing.length > 0) {
    return { ok: false, reason: `the native addon is stale (no ${missing.join(', ')}); run \`npm run build\`` };
  }
  return { ok: true, addon: addon as NativeAddon };
}

function builtFiles(): string {
  const files = existsSync(NATIVE_DIR) ? readdirSync(NATIVE_DIR).filter((name) => name.endsWith('.node')) : [];
  return files.length === 0 ? 'no addon built at all' : `found only ${files.join(', ')}`;
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Adapts the addon to the `Wire` interface, with `parts` saying who serves what. */
export function nativeWireFrom(addon: NativeAddon, parts: Readonly<NativeParts>): Wire {
  const { ChunkedDecoder: NativeChunkedDecoder } = addon;
  return {
    name: 'native',
    parse: addon.parse,
    createChunkedDecoder:
      parts.chunked === 'native'
        ? (options: ChunkedDecoderOptions): ChunkedDecoder =>
            new NativeChunkedDecoder(options.maxHeaders, options.maxHeadBytes, options.lenientBareLf)
        : jsWire.createChunkedDecoder,
    writeResponse: parts.writer === 'native' ? addon.writeResponse : jsWire.writeResponse,
  };
}

/**
 * The native wire, or why it cannot be had. By default every part comes from crates/wire, so
 * that tests comparing "native" with the TypeScript twin exercise all of the Rust code;
 * `loadWire` (the server's path) asks for PRODUCT_PARTS.
 */
export function tryLoadNative(parts: Readonly<NativeParts> = ALL_NATIVE): NativeWireLoad {
  const load = loadNativeAddon();
  return load.ok ? { ok: true, wire: nativeWireFrom(load.addon, parts) } : load;
}
