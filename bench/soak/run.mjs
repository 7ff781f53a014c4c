// `npm run soak -- --minutes N`: mixed load against one ferroserve process, its RSS and open
// descriptors sampled all along. Prints the samples, the slope of both over the second half of
// the run (per minute, least squares), requests and errors by kind; exits 1 on any wrong or
// missing answer. Everything it starts is killed on exit.
import { readdirSync } from 'node:fs';
import { readOptions, USAGE } from './args.mjs';
import { Connection } from './client.mjs';
import { sampleProcess } from './probe.mjs';
import { startServer } from './server.mjs';
import { mib, sampleLine, SAMPLE_HEADER, secondHalf, slope } from './stats.mjs';
import { KINDS, KIND_NAMES } from './traffic.mjs';

let options;
try {
  options = readOptions(process.argv.slice(2));
} catch (error) {
  console.error(`soak: ${error.message}\n\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}

const durationMs = options.minutes * 60_000;
const server = await startServer(options.parser);
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));
let stopping = false;
server.child.once('exit', (code, signal) => {
  if (stopping) return;
  console.error(`soak: FAILED, the server exited during the run (code ${code}, signal ${signal})`);
  process.exit(1);
});
console.log(`soak: ferroserve (parser ${options.parser}, pid ${server.pid}, port ${server.port}) for ${options.minutes} min, ${options.clients} clients of each of ${KIND_NAMES.length} kinds, a sample every ${options.sampleSeconds} s`);

const answered = Object.fromEntries(KIND_NAMES.map((kind) => [kind, 0]));
const rounds = Object.fromEntries(KIND_NAMES.map((kind) => [kind, 0]));
const errors = {};
const wrong = [];
let total = 0;
const started = Date.now();
const stopAt = started + durationMs;
const samples = [];

function takeSample() {
  const { rssKiB, fds } = sampleProcess(server.pid);
  return { atMs: Date.now() - started, rssKiB, fds, requests: total };
}

/** A sample under load: these make the table and the slopes. */
function sample() {
  const s = takeSample();
  samples.push(s);
  console.log(sampleLine(s));
}

/** One client of one kind: rounds until the end of the run, a fresh connection when the kind (or an error) needs one. */
async function client(kind, index) {
  const spec = KINDS[kind];
  let conn = null;
  for (let round = 0; Date.now() < stopAt; round++) {
    try {
      conn ??= await Connection.open(server.port);
      const got = await spec.round(conn, { client: `${kind.replace(/\W+/g, '')}${index}`, round });
      answered[kind] += got;
      total += got;
      rounds[kind]++;
      if (!spec.keepAlive) {
        conn.destroy();
        conn = null;
      }
    } catch (error) {
      const why = error.kind ?? 'exception';
      const key = `${kind}: ${why}`;
      errors[key] = (errors[key] ?? 0) + 1;
      // A wrong answer fails the run; so does a request left without its answer (the aborting kinds expect none).
      if (why === 'wrong-answer' || why === 'exception' || why === 'malformed' || !spec.aborts) wrong.push(`${key}: ${error.message}`);
      conn?.destroy();
      conn = null;
    }
  }
  conn?.destroy();
}

console.log(SAMPLE_HEADER);
sample();
const sampler = setInterval(sample, options.sampleSeconds * 1000);
await Promise.all(KIND_NAMES.flatMap((kind) => Array.from({ length: options.clients }, (_, i) => client(kind, i))));
clearInterval(sampler);
// Once the load stops and the server settles (sockets closed, aborted uploads removed), what is
// still held is what a leak would be.
await new Promise((resolve) => setTimeout(resolve, 2000));
const settled = takeSample();
console.log(`${sampleLine(settled)}  (settled: 2 s after the load stopped)`);
const leftovers = readdirSync(server.directory).filter((name) => name.startsWith('.ferroserve-upload-'));
stopping = true;
server.stop();

const half = secondHalf(samples, durationMs);
const perMinute = (pick) => slope(half.map((s) => ({ x: s.atMs / 60_000, y: pick(s) })));
const range = (pick) => `${Math.min(...half.map(pick))}..${Math.max(...half.map(pick))}`;
const first = samples[0];
const last = samples[samples.length - 1];
const seconds = (durationMs / 1000).toFixed(0);
console.log('');
console.log(`requests answered and checked: ${total} in ${seconds} s (${(total / (durationMs / 1000)).toFixed(0)}/s)`);
for (const kind of KIND_NAMES) {
  const spec = KINDS[kind];
  console.log(`  ${kind.padEnd(32)} ${spec.aborts ? `${rounds[kind]} connections aborted` : `${answered[kind]} requests`}`);
}
const errorKeys = Object.keys(errors);
console.log(`errors: ${errorKeys.length === 0 ? 'none' : ''}`);
for (const key of errorKeys) console.log(`  ${key}: ${errors[key]}`);
console.log(`RSS: ${mib(first.rssKiB).toFixed(1)} MiB at start, ${mib(last.rssKiB).toFixed(1)} MiB in the last sample under load, ${mib(settled.rssKiB).toFixed(1)} MiB settled; second half (${half.length} samples): ${range((s) => Math.round(mib(s.rssKiB)))} MiB, slope ${(perMinute((s) => s.rssKiB) / 1024).toFixed(2)} MiB/min`);
console.log(`fds: ${first.fds} at start, ${last.fds} in the last sample under load, ${settled.fds} settled; second half: ${range((s) => s.fds)}, slope ${perMinute((s) => s.fds).toFixed(2)}/min`);
console.log(`upload temporaries left in the served folder: ${leftovers.length}`);
for (const line of wrong.slice(0, 20)) console.log(`WRONG ${line}`);
const failed = wrong.length > 0 || leftovers.length > 0;
console.log(failed ? `soak: FAILED (${wrong.length} wrong or missing answers, ${leftovers.length} temporaries left)` : 'soak: every answer was right');
process.exit(failed ? 1 : 0);
