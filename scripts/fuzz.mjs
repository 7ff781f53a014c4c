// `npm run fuzz -- --seconds N [--seed S] [--case I]`: the network fuzzer of
// test/fuzz/network-fuzz.test.ts for as long as asked. It runs that vitest file (the
// servers, the fixture and the oracle are the test's) with the run's settings in the
// environment; the report (counts, every failing input escaped, its seed) prints at the end.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const USAGE = `Usage: npm run fuzz -- --seconds N [--seed S] [--case I]

  --seconds N   how long the seeded run lasts (default 60)
  --seed S      replay a run (the seed is printed by every run)
  --case I      with --seed: replay one case of that run`;

function fail(message) {
  console.error(`fuzz: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    args: process.argv.slice(2),
    options: { seconds: { type: 'string', default: '60' }, seed: { type: 'string' }, case: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  }));
} catch (error) {
  fail(error.message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const integer = (name, text, min) => {
  if (!/^\d+$/.test(text) || Number(text) < min) fail(`--${name} must be an integer >= ${min}, got ${JSON.stringify(text)}`);
  return text;
};
const env = { ...process.env, FERROSERVE_FUZZ_SECONDS: integer('seconds', values.seconds, 1) };
if (values.seed !== undefined) env.FERROSERVE_FUZZ_SEED = integer('seed', values.seed, 0);
if (values.case !== undefined) {
  if (values.seed === undefined) fail('--case needs the --seed of its run');
  env.FERROSERVE_FUZZ_CASE = integer('case', values.case, 0);
}
const result = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/fuzz/network-fuzz.test.ts', '-t', 'seeded fuzz'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
