/**
 * The native wire: crates/wire through the napi-rs addon crates/wire-node, built by
 * `npm install` (scripts/build.mjs) into native/wire.<platform>.node. Nothing is downloaded:
 * where the addon was not built or cannot load, `loadNativeAddon` says why in one line.
 *
 * The adapter adds next to nothing on the hot path: `parse` hands the addon the ArrayBuffer of
 * `out` (kept from the previous call when `out` is the same) and reads the status from
 * `out[R_STATUS]`, which saves the addon two Node-API calls per chunk (see `nativeParse`).
 * The other parts are native only where bench/RESULTS.md measured native faster (DESIGN.md:
 * "keep the native writer only where the benchmark shows it wins").
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { jsWire } from './js/index.js';
import { R_STATUS } from './layout.js';
import type { ChunkedDecoder, ChunkedDecoderOptions, Wire } from './types.js';

/** What crates/wire-node exports (crates/wire-node/src/lib.rs). */
export interface NativeAddon {
  /** Fills the words of `outBuffer` (the ArrayBuffer of a whole Uint32Array), status in R_STATUS. */
  parse(buf: Buffer, start: number, end: number, outBuffer: ArrayBuffer): void;
  /** `maxLineBytes` left out (undefined) is DEFAULT_MAX_CHUNK_LINE. */
  ChunkedDecoder: new (maxHeaders: number, maxHeadBytes: number, lenientBareLf: boolean, maxLineBytes?: number) => ChunkedDecoder;
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

/**
 * The contract's `parse(buf, start, end, out) -> R_STATUS` over the addon's. The addon takes
 * `out` as its ArrayBuffer and returns nothing: looking up a typed array and returning a number
 * are the two dearest Node-API calls of a `parse` (~45 and ~20 ns of ~150, bench/RESULTS.md).
 * So `out` must be a Uint32Array of its own (as `new Uint32Array(n)` makes), checked once per
 * `out` and not per call: a typed array never changes its buffer, and a buffer detached since
 * has no words, which the addon refuses.
 */
function nativeParse(addon: NativeAddon): Wire['parse'] {
  let boundOut: Uint32Array | null = null;
  let boundBuffer: ArrayBuffer | null = null;
  return (buf, start, end, out) => {
    if (out !== boundOut) {
      boundBuffer = wordsOf(out);
      boundOut = out;
    }
    addon.parse(buf, start, end, boundBuffer as ArrayBuffer);
    return out[R_STATUS];
  };
}

function wordsOf(out: Uint32Array): ArrayBuffer {
  if (!(out instanceof Uint32Array)) throw new TypeError('parse: out must be a Uint32Array');
  const buffer = out.buffer;
  if (!(buffer instanceof ArrayBuffer) || out.byteOffset !== 0 || out.byteLength !== buffer.byteLength) {
    throw new TypeError('parse: out must be a Uint32Array of its own, spanning all of its ArrayBuffer (new Uint32Array(n))');
  }
  return buffer;
}

/** Adapts the addon to the `Wire` interface, with `parts` saying who serves what. */
export function nativeWireFrom(addon: NativeAddon, parts: Readonly<NativeParts>): Wire {
  const { ChunkedDecoder: NativeChunkedDecoder } = addon;
  return {
    name: 'native',
    parse: nativeParse(addon),
    createChunkedDecoder:
      parts.chunked === 'native'
        ? (options: ChunkedDecoderOptions): ChunkedDecoder =>
            new NativeChunkedDecoder(options.maxHeaders, options.maxHeadBytes, options.lenientBareLf, options.maxLineBytes)
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
