/**
 * The wire implementations every conformance test runs against: the TypeScript twin always,
 * and the native addon, which is required. When the addon cannot load, it is still listed, as
 * a stand-in whose every call throws with the loader's reason: each of its tests then fails
 * and says why, instead of being skipped.
 */
import { jsWire } from '../../src/wire/js/index.js';
import type { ChunkedDecoder, Wire } from '../../src/wire/types.js';

export type NativeLoad = { ok: true; wire: Wire } | { ok: false; reason: string };

async function loadNative(): Promise<NativeLoad> {
  try {
    // Imported dynamically so that a loader that is missing or broken is reported as the
    // reason the native wire is unavailable, and the TypeScript twin's tests still run.
    const loader = (await import('../../src/wire/index.js')) as {
      tryLoadNative(): NativeLoad;
    };
    return loader.tryLoadNative();
  } catch (error) {
    return { ok: false, reason: `src/wire/index.ts failed to load: ${String(error)}` };
  }
}

export const nativeLoad: NativeLoad = await loadNative();

function unavailable(reason: string): Wire {
  const fail = (): never => {
    throw new Error(`the native wire is required but cannot load: ${reason}`);
  };
  return {
    name: 'native',
    parse: fail,
    createChunkedDecoder: (): ChunkedDecoder => fail(),
    writeResponse: fail,
  };
}

export const nativeWire: Wire = nativeLoad.ok ? nativeLoad.wire : unavailable(nativeLoad.reason);

/** Every implementation under test, js first. */
export const implementations: readonly Wire[] = [jsWire, nativeWire];

export { jsWire };
