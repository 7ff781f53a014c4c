/**
 * The shared constants agree across the boundary: crates/wire's layout.rs and error.rs, as the
 * addon's `layout()` reports them, equal src/wire/layout.ts and src/wire/errors.ts. When the
 * addon cannot load, the test fails with the loader's reason.
 */
import { expect, test } from 'vitest';
import { WireError } from '../../src/wire/errors.js';
import * as layout from '../../src/wire/layout.js';
import { loadNativeAddon } from '../../src/wire/native.js';

function nativeLayout(): { constants: Record<string, number>; errors: Record<string, number> } {
  const load = loadNativeAddon();
  if (!load.ok) throw new Error(`the native addon is required for this check: ${load.reason}`);
  return load.addon.layout();
}

test('every layout constant has the same name and value in layout.ts and layout.rs', () => {
  expect(nativeLayout().constants).toEqual({ ...layout });
});

test('every error code has the same name and number in errors.ts and error.rs', () => {
  expect(nativeLayout().errors).toEqual({ ...WireError });
});

test('layout.ts exports only numbers, so the comparison above covers all of it', () => {
  const notNumbers = Object.entries(layout).filter(([, value]) => typeof value !== 'number');
  expect(notNumbers).toEqual([]);
});
