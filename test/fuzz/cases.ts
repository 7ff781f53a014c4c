/**
 * The case stream: case `index` of a run with `seed` is always the same input, whatever ran
 * before it or beside it, so one failing case replays alone from its seed and index.
 */
import { Prng } from '../wire/prng.js';
import { mutate } from './mutators.js';
import { SEEDS } from './seeds.js';
import { SHAPES, type Expectation } from './shapes.js';

export interface FuzzCase {
  readonly index: number;
  /** Unique in a run: names the case's upload file and its marker. */
  readonly id: number;
  readonly origin: string;
  readonly input: Buffer;
  /** Write sizes (the rest in one write); empty: the input goes in one write. */
  readonly pieces: readonly number[];
  readonly expect: Expectation;
  /**
   * Bytes at the start of `input` that are a plain keep-alive request (answered 200) sent before
   * the shape, so that the shape meets a connection that has served one already; 0 for none.
   */
  readonly prefixLength: number;
}

/** Share of the cases drawn from the smuggling table; the rest are mutated seeds. */
const SHAPE_SHARE = 0.35;

function casePrng(seed: number, index: number): Prng {
  return new Prng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
}

export function fuzzCase(seed: number, index: number): FuzzCase {
  const prng = casePrng(seed, index);
  const id = index + 1;
  const pieces = prng.chance(0.3) ? Array.from({ length: prng.range(1, 8) }, () => prng.range(1, 32)) : [];
  if (prng.chance(SHAPE_SHARE)) {
    const shape = prng.pick(SHAPES);
    const prefix = prng.chance(0.3) ? Buffer.from(`GET /echo/first-${id} HTTP/1.1\r\nHost: localhost:4221\r\n\r\n`, 'latin1') : Buffer.alloc(0);
    const origin = `shape: ${shape.name}${prefix.length > 0 ? ', after a keep-alive GET' : ''}`;
    return { index, id, origin, input: Buffer.concat([prefix, shape.build(id)]), pieces, expect: shape.expect, prefixLength: prefix.length };
  }
  const seedRequest = prng.pick(SEEDS);
  const { bytes, steps } = mutate(seedRequest.build(id), prng);
  return { index, id, origin: `mutation of ${seedRequest.name}: ${steps.join(', ')}`, input: bytes, pieces, expect: 'either', prefixLength: 0 };
}
