/**
 * Differential tests: the native wire and the TypeScript twin, fed the same seeded random
 * inputs, must write the same words (parser control block and records; decoder status, errors
 * and spans) and the same response bytes. Each implementation must also give the same result
 * whether a stream arrives whole or cut in two. A disagreement prints the input as a JS string
 * ready to become a corpus row, with the limits and the seed that replays the run.
 */
import { expect, test } from 'vitest';
import type { Wire } from '../../src/wire/types.js';
import type { WireConfig } from './config.js';
import { decodeInChunks } from './decode.js';
import { drive, WHOLE, type DriveResult } from './drive.js';
import { jsString } from './escape.js';
import { chunkedStream, decoderOptionsOf, mutate, randomConfig, validStream } from './generate.js';
import { jsWire, nativeWire } from './impls.js';
import { Prng, runSeed } from './prng.js';
import { firstDifference, tracing, type TraceEntry } from './trace.js';

const SEED = runSeed();
console.log(`wire differential seed ${SEED} (FERROSERVE_DIFF_SEED=${SEED} replays this run)`);

const STREAMS = 20_000;
const BODIES = 5_000;
const RESPONSES = 5_000;
/** Generous: these run in a few seconds, but the machine is shared and speed is not asserted. */
const TIMEOUT_MS = 60_000;
/** Stop collecting after this many disagreements: the first ones are the useful ones. */
const MAX_REPORTED = 5;

function randomCuts(rng: Prng, length: number, most: number): number[] {
  const cuts = Array.from({ length: rng.range(1, most) }, () => rng.range(1, Math.max(1, length - 1)));
  return [...new Set(cuts)].sort((a, b) => a - b);
}

function traced(wire: Wire, run: (wire: Wire) => unknown): { trace: TraceEntry[]; result: unknown } {
  const trace: TraceEntry[] = [];
  return { trace, result: run(tracing(wire, trace)) };
}

function report(kind: string, input: string, config: unknown, cuts: readonly number[], detail: string): string {
  return [
    `${kind} (seed ${SEED})`,
    `  input:  ${jsString(input)}`,
    `  config: ${JSON.stringify(config)}`,
    `  cuts:   ${JSON.stringify(cuts)}`,
    `  ${detail}`,
  ].join('\n');
}

function traceDetail(js: readonly TraceEntry[], native: readonly TraceEntry[]): string {
  const i = firstDifference(js, native);
  return `call ${i}: js ${JSON.stringify(js[i])} / native ${JSON.stringify(native[i])}`;
}

test(`parser: native and js agree on ${STREAMS} random streams, whole and cut`, () => {
  const rng = new Prng(SEED);
  const problems: string[] = [];
  for (let i = 0; i < STREAMS && problems.length < MAX_REPORTED; i++) {
    const config: WireConfig = randomConfig(rng);
    const valid = validStream(rng, config.lenientBareLf);
    const input = rng.chance(0.6) ? mutate(rng, valid) : valid;
    const buf = Buffer.from(input, 'latin1');
    const cuts = randomCuts(rng, buf.length, 3);
    const options = { decoderSpans: rng.pick([1, 2, 64]) };
    const results: Record<string, unknown[]> = { js: [], native: [] };
    for (const feed of [WHOLE, cuts]) {
      const js = traced(jsWire, (wire) => drive(wire, buf, feed, config, options));
      const native = traced(nativeWire, (wire) => drive(wire, buf, feed, config, options));
      results.js.push(js.result);
      results.native.push(native.result);
      if (firstDifference(js.trace, native.trace) >= 0) {
        problems.push(report('native and js disagree', input, config, feed, traceDetail(js.trace, native.trace)));
        break;
      }
    }
    for (const [name, [whole, cut]] of Object.entries(results)) {
      if (cut !== undefined && JSON.stringify(whole) !== JSON.stringify(cut)) {
        const ends = `whole ${JSON.stringify((whole as DriveResult).end)} / cut ${JSON.stringify((cut as DriveResult).end)}`;
        problems.push(report(`${name}: cutting the input changes the result`, input, config, cuts, ends));
      }
    }
  }
  expect(problems).toEqual([]);
}, TIMEOUT_MS);

test(`chunked decoder: native and js agree on ${BODIES} random bodies`, () => {
  const rng = new Prng(SEED ^ 0x5eed);
  const problems: string[] = [];
  for (let i = 0; i < BODIES && problems.length < MAX_REPORTED; i++) {
    const config = randomConfig(rng);
    const input = chunkedStream(rng, config.lenientBareLf);
    const buf = Buffer.from(input, 'latin1');
    const cuts = rng.chance(0.3) ? WHOLE : randomCuts(rng, buf.length, 6);
    const spans = rng.pick([1, 3, 64]);
    const options = decoderOptionsOf(config);
    const js = traced(jsWire, (wire) => decodeInChunks(wire, buf, cuts, options, spans));
    const native = traced(nativeWire, (wire) => decodeInChunks(wire, buf, cuts, options, spans));
    if (firstDifference(js.trace, native.trace) >= 0) {
      problems.push(report('decoders disagree', input, options, cuts, traceDetail(js.trace, native.trace)));
    }
    const whole = decodeInChunks(jsWire, buf, WHOLE, options);
    if (JSON.stringify(whole) !== JSON.stringify(js.result)) {
      problems.push(report('js decoder: cutting the body changes the result', input, options, cuts, `whole ${JSON.stringify(whole)} / cut ${JSON.stringify(js.result)}`));
    }
  }
  expect(problems).toEqual([]);
}, TIMEOUT_MS);

const NAME_CHARS = "!#$%&'*+-.^_`|~abcXYZ019";
const ODD_CHARS = ['\r', '\n', '\x00', ' ', ':', '\t', '\x01', '\x7f', '\xe9', '\u0100', '\u20ac', '(', '"'];

function randomHeaders(rng: Prng): string[] {
  const headers: string[] = [];
  for (let n = rng.range(0, 4); n > 0; n--) {
    let name = rng.string(NAME_CHARS, rng.range(0, 10));
    let value = rng.string('abc XYZ 019\t!"#;=,', rng.range(0, 12));
    if (rng.chance(0.1)) name = name.slice(0, 2) + rng.pick(ODD_CHARS) + name.slice(2);
    if (rng.chance(0.15)) value = value.slice(0, 3) + rng.pick(ODD_CHARS) + value.slice(3);
    headers.push(name, value);
  }
  return headers;
}

test(`writer: native and js agree on ${RESPONSES} random responses`, () => {
  const rng = new Prng(SEED ^ 0xbeef);
  const problems: string[] = [];
  const outcome = (wire: Wire, args: Parameters<Wire['writeResponse']>): string => {
    try {
      return `bytes ${jsString(wire.writeResponse(...args).toString('latin1'))}`;
    } catch (error) {
      return `throws ${(error as Error).constructor.name}`;
    }
  };
  for (let i = 0; i < RESPONSES && problems.length < MAX_REPORTED; i++) {
    const status = rng.chance(0.9) ? rng.range(100, 599) : rng.pick([0, 99, 600, 1000, -1, 200.5, Number.NaN]);
    const contentLength = rng.pick([-1, -1, 0, rng.range(1, 100000), 2 ** 53 - 1, -2, 1.5]);
    const body = rng.chance(0.3) ? Buffer.from(rng.string('ab\r\n\x00\xff', rng.range(0, 20)), 'latin1') : undefined;
    const headers = randomHeaders(rng);
    if (rng.chance(0.02)) headers.push('Odd');
    const args: Parameters<Wire['writeResponse']> = [status, headers, contentLength, body];
    const [js, native] = [outcome(jsWire, args), outcome(nativeWire, args)];
    if (js !== native) {
      problems.push(`writers disagree (seed ${SEED}) on ${JSON.stringify(args.slice(0, 3))} body ${body ? jsString(body.toString('latin1')) : 'none'}\n  js ${js}\n  native ${native}`);
    }
  }
  expect(problems).toEqual([]);
}, TIMEOUT_MS);
