/**
 * Which wire `loadWire` / `selectWire` give for each choice and each loader outcome, and which
 * choice FERROSERVE_PARSER makes (src/wire/index.ts).
 */
import { describe, expect, test } from 'vitest';
import {
  ALL_NATIVE,
  envChoice,
  loadWire,
  PRODUCT_PARTS,
  selectWire,
  tryLoadNative,
  type WireChoice,
  type WireSources,
} from '../../src/wire/index.js';
import { loadNativeAddon, nativeWireFrom, type NativeAddon } from '../../src/wire/native.js';
import { R_STATUS, STATUS_PARTIAL } from '../../src/wire/layout.js';
import { jsWire } from '../../src/wire/js/index.js';
import type { Wire } from '../../src/wire/types.js';

const fakeNative: Wire = { ...jsWire, name: 'native' };
const REASON = 'the native addon is not built (native/wire.test.node is missing)';

/** Sources whose native loader succeeds or fails as told, recording every warning line. */
function sources(nativeLoads: boolean): WireSources & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    loadNative: () => (nativeLoads ? { ok: true, wire: fakeNative } : { ok: false, reason: REASON }),
    js: jsWire,
    warn: (line) => warnings.push(line),
  };
}

describe('selectWire', () => {
  test.each([
    // choice, native loads, expected wire, warning lines
    ['auto', true, 'native', 0],
    ['auto', false, 'js', 1],
    ['js', true, 'js', 0],
    ['js', false, 'js', 0],
    ['native', true, 'native', 0],
  ] as const)('%s with native loading=%s -> %s wire, %i warning line(s)', (choice, loads, expected, warningCount) => {
    const from = sources(loads);
    expect(selectWire(choice, from).name).toBe(expected);
    expect(from.warnings).toHaveLength(warningCount);
  });

  test('auto falling back warns once, on one line, with the reason', () => {
    const from = sources(false);
    selectWire('auto', from);
    expect(from.warnings).toEqual([`ferroserve: using the TypeScript parser, because ${REASON}`]);
    expect(from.warnings[0]).not.toContain('\n');
  });

  test('native that cannot load is an error that says why, not a fallback', () => {
    const from = sources(false);
    expect(() => selectWire('native', from)).toThrow(`the native parser was asked for but cannot load: ${REASON}`);
    expect(from.warnings).toEqual([]);
  });

  test.each(['fast', 'NATIVE', ''])('an unknown choice %j is an error', (choice) => {
    expect(() => selectWire(choice as WireChoice, sources(true))).toThrow(/the parser must be one of auto, native, js/);
  });
});

describe('envChoice (FERROSERVE_PARSER)', () => {
  test.each([
    [undefined, 'auto'],
    ['', 'auto'],
    ['native', 'native'],
    ['js', 'js'],
  ] as const)('%j -> %s', (value, expected) => {
    expect(envChoice(value === undefined ? {} : { FERROSERVE_PARSER: value })).toBe(expected);
  });

  test.each(['auto', 'Native', 'rust', ' js', 'typescript'])('%j is refused with a clear error', (value) => {
    expect(() => envChoice({ FERROSERVE_PARSER: value })).toThrow(
      `FERROSERVE_PARSER must be "native" or "js", got ${JSON.stringify(value)}`,
    );
  });
});

describe('loadWire with the real loader', () => {
  const native = tryLoadNative();

  test('js is always the TypeScript twin', () => {
    expect(loadWire('js')).toBe(jsWire);
  });

  test('native loads (with the product parts), or fails with the loader reason', () => {
    if (native.ok) {
      const wire = loadWire('native');
      expect(wire.name).toBe('native');
      expect(wire.writeResponse).toBe(PRODUCT_PARTS.writer === 'js' ? jsWire.writeResponse : native.wire.writeResponse);
    } else {
      expect(() => loadWire('native')).toThrow(native.reason);
    }
  });

  test('the addon loads as the native wire, or (never under CI) says why in one line', () => {
    if (native.ok) {
      expect(native.wire.name).toBe('native');
    } else {
      expect(process.env.CI, `under CI, where cargo is required, the addon must load: ${native.reason}`).toBeFalsy();
      expect(native.reason).toMatch(/^[^\n]+$/);
    }
  });
});

describe('the parts of the native wire', () => {
  const addon = loadNativeAddon();

  test('by default tryLoadNative gives every part from crates/wire (what differential tests need)', () => {
    const native = tryLoadNative();
    if (!addon.ok || !native.ok) {
      expect(native.ok).toBe(false);
      return;
    }
    expect(native.wire.writeResponse).toBe(addon.addon.writeResponse);
  });

  test.each([
    ['product', PRODUCT_PARTS],
    ['all native', ALL_NATIVE],
  ] as const)('%s: parse goes to the addon; writer and decoder as the parts say', (_label, parts) => {
    const native = tryLoadNative(parts);
    if (!addon.ok || !native.ok) {
      expect(native).toEqual({ ok: false, reason: addon.ok ? 'unexpected' : addon.reason });
      return;
    }
    expect(native.wire.parse).not.toBe(jsWire.parse);
    expect(native.wire.writeResponse).toBe(parts.writer === 'native' ? addon.addon.writeResponse : jsWire.writeResponse);
    const decoder = native.wire.createChunkedDecoder({ maxHeaders: 100, maxHeadBytes: 16384, lenientBareLf: false });
    expect(decoder instanceof addon.addon.ChunkedDecoder).toBe(parts.chunked === 'native');
  });
});

describe('the native wire\'s parse over the addon\'s', () => {
  test('hands the addon the ArrayBuffer of out and returns out[R_STATUS]', () => {
    const calls: unknown[][] = [];
    const fake = {
      parse: (...args: unknown[]) => {
        calls.push(args);
        (new Uint32Array(args[3] as ArrayBuffer))[R_STATUS] = STATUS_PARTIAL;
      },
    } as unknown as NativeAddon;
    const wire = nativeWireFrom(fake, PRODUCT_PARTS);
    const buf = Buffer.from('GET / HTTP/1.1\r\n');
    const out = new Uint32Array(64);
    expect(wire.parse(buf, 2, 9, out)).toBe(STATUS_PARTIAL);
    expect(calls).toEqual([[buf, 2, 9, out.buffer]]);
    expect(calls[0][3]).toBe(out.buffer);
  });
});
