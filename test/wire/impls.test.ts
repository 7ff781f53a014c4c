/** The native wire is required: this fails, with the loader's reason, when it cannot load. */
import { expect, test } from 'vitest';
import { implementations, nativeLoad } from './impls.js';

test('the native wire loads', () => {
  expect(nativeLoad.ok ? 'loaded' : nativeLoad.reason).toBe('loaded');
});

test('both implementations are under test, js first', () => {
  expect(implementations.map((wire) => wire.name)).toEqual(['js', 'native']);
});
