/**
 * Chooses the wire: the native addon (crates/wire) or its TypeScript twin (src/wire/js/).
 *
 * `auto` prefers native and falls back to the twin with one line on stderr saying why;
 * `native` and `js` force a choice, and forcing `native` where it cannot load is an error,
 * never a silent fallback. FERROSERVE_PARSER=native|js sets the choice from the environment.
 */
import { jsWire } from './js/index.js';
import { PRODUCT_PARTS, tryLoadNative, type NativeWireLoad } from './native.js';
import type { Wire } from './types.js';

export { ALL_NATIVE, PRODUCT_PARTS, tryLoadNative } from './native.js';
export type { NativeParts, NativeWireLoad } from './native.js';
export type { Wire, WireName } from './types.js';

export const WIRE_CHOICES = ['auto', 'native', 'js'] as const;
export type WireChoice = (typeof WIRE_CHOICES)[number];

export const PARSER_ENV = 'FERROSERVE_PARSER';

/** The choice FERROSERVE_PARSER makes: unset (or empty) -> `auto`; `native` | `js`; else an Error. */
export function envChoice(env: NodeJS.ProcessEnv = process.env): WireChoice {
  const value = env[PARSER_ENV];
  if (value === undefined || value === '') return 'auto';
  if (value === 'native' || value === 'js') return value;
  throw new Error(`${PARSER_ENV} must be "native" or "js", got ${JSON.stringify(value)}`);
}

/** What `selectWire` needs from the outside, injectable so that every path is testable. */
export interface WireSources {
  loadNative: () => NativeWireLoad;
  js: Wire;
  warn: (line: string) => void;
}

const defaultSources: WireSources = {
  // The server's native wire: native parsing, and the writer and decoder that measured fastest.
  loadNative: () => tryLoadNative(PRODUCT_PARTS),
  js: jsWire,
  warn: (line) => process.stderr.write(`${line}\n`),
};

/** The wire for `choice`: see the module comment. */
export function loadWire(choice: WireChoice = envChoice()): Wire {
  return selectWire(choice, defaultSources);
}

export function selectWire(choice: WireChoice, sources: WireSources): Wire {
  switch (choice) {
    case 'js':
      return sources.js;
    case 'native': {
      const native = sources.loadNative();
      if (native.ok) return native.wire;
      throw new Error(`the native parser was asked for but cannot load: ${native.reason}`);
    }
    case 'auto': {
      const native = sources.loadNative();
      if (native.ok) return native.wire;
      sources.warn(`ferroserve: using the TypeScript parser, because ${native.reason}`);
      return sources.js;
    }
    default:
      throw new Error(`the parser must be one of ${WIRE_CHOICES.join(', ')}, got ${JSON.stringify(choice)}`);
  }
}
