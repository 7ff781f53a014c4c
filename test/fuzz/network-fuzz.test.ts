/**
 * The network fuzzer: smuggling shapes and seeded mutations of valid requests, sent over real
 * sockets to the real CLI on both parsers, each input followed by a marker request on its
 * connection. A failure prints the seed and case index that replay it
 * (`npm run fuzz -- --seed S --case I`).
 */
import { describe, expect, test } from 'vitest';
import { serveFixture } from '../e2e/harness.js';
import { exchange } from './exchange.js';
import { checkPair, conflictingFraming, signature } from './oracle.js';
import { escapeInput, formatReport, runFuzz } from './runner.js';
import { EXCHANGE_DEADLINE_MS, SERVER_ARGS, fuzzSettings } from './settings.js';
import { SHAPES } from './shapes.js';

const native = serveFixture('native', { args: SERVER_ARGS });
const js = serveFixture('js', { args: SERVER_ARGS });

describe('smuggling shapes, each on both parsers', () => {
  // Ids from 1,000,000 up: apart from the random run's, so no two cases share an upload name.
  test.each(SHAPES.map((shape, i) => [shape.name, shape, 1_000_000 + i] as const))('%s', async (_name, shape, id) => {
    const input = shape.build(id);
    const run = (port: number) => exchange({ port, id, input, pieces: [], deadlineMs: EXCHANGE_DEADLINE_MS });
    const [a, b] = await Promise.all([run(native.port), run(js.port)]);
    const problems = checkPair(a, b, { id, expect: shape.expect, conflict: conflictingFraming(input), prefixAnswers: 0 });
    expect(problems, `native ${signature(a)}, js ${signature(b)}; input ${escapeInput(input)}`).toEqual([]);
  }, EXCHANGE_DEADLINE_MS + 5000);
});

const settings = fuzzSettings();

test(`seeded fuzz for ${settings.seconds} s (seed ${settings.seed})`, async () => {
  const report = await runFuzz({
    seed: settings.seed,
    seconds: settings.seconds,
    maxCases: 1_000_000,
    onlyCase: settings.onlyCase,
    servers: { native: native.server, js: js.server },
    concurrency: 6,
    deadlineMs: EXCHANGE_DEADLINE_MS,
  });
  const summary = formatReport(report);
  console.log(summary);
  expect(report.failures.length, `replay with FERROSERVE_FUZZ_SEED=${settings.seed}\n${summary}`).toBe(0);
  expect(report.cases, 'the run is not empty').toBeGreaterThan(0);
}, settings.seconds * 1000 + 60_000);
