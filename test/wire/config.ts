/**
 * The caller's side of the control block (docs/wire-spec.md §1): limits and leniency a test
 * runs with, and the `out` array prepared from them.
 */
import {
  C_CAPACITY,
  C_FLAGS,
  C_MAX_HEAD,
  C_MAX_HEADERS,
  C_MAX_TARGET,
  DEFAULT_MAX_HEAD,
  DEFAULT_MAX_HEADERS,
  DEFAULT_MAX_TARGET,
  HEADER_WORDS,
  LENIENT_BARE_LF,
  REC_FIXED,
  RECORDS_START,
} from '../../src/wire/layout.js';

export interface WireConfig {
  maxHead: number;
  maxTarget: number;
  maxHeaders: number;
  lenientBareLf: boolean;
  /** C_CAPACITY in words; when absent, room for several records with maxHeaders each. */
  capacity?: number;
  /** The chunked decoder's line cap; when absent, the decoder's default (4096). */
  maxLineBytes?: number;
}

export const DEFAULT_CONFIG: Readonly<WireConfig> = Object.freeze({
  maxHead: DEFAULT_MAX_HEAD,
  maxTarget: DEFAULT_MAX_TARGET,
  maxHeaders: DEFAULT_MAX_HEADERS,
  lenientBareLf: false,
});

export function withDefaults(partial: Partial<WireConfig> = {}): WireConfig {
  return { ...DEFAULT_CONFIG, ...partial };
}

/** Words one record may need at most: the parser's capacity stop rule reserves this. */
export function recordReserve(config: WireConfig): number {
  return REC_FIXED + HEADER_WORDS * config.maxHeaders;
}

export function capacityOf(config: WireConfig): number {
  return config.capacity ?? RECORDS_START + 4 * recordReserve(config);
}

/** Words past C_CAPACITY are filled with this, and must stay so. */
export const BEYOND_CAPACITY = 0xa5a5a5a5;

/**
 * A fresh `out` whose control block holds `config`. It is longer than C_CAPACITY by a margin
 * that the parser must leave alone.
 */
export function makeOut(config: WireConfig, margin = 8): Uint32Array {
  const capacity = capacityOf(config);
  const out = new Uint32Array(capacity + margin);
  out.fill(BEYOND_CAPACITY, capacity);
  out[C_MAX_HEAD] = config.maxHead;
  out[C_MAX_TARGET] = config.maxTarget;
  out[C_MAX_HEADERS] = config.maxHeaders;
  out[C_FLAGS] = config.lenientBareLf ? LENIENT_BARE_LF : 0;
  out[C_CAPACITY] = capacity;
  return out;
}
