/**
 * Runs fuzz cases against both parsers at once, bounded in time and in count, a few
 * connections at a time, and collects counts and failures. A failure carries everything needed
 * to replay it: the seed, the case index, where the input came from and its bytes, escaped.
 */
import { jsString } from '../wire/escape.js';
import { fuzzCase, type FuzzCase } from './cases.js';
import { exchange, type Outcome } from './exchange.js';
import { checkPair, conflictingFraming, signature } from './oracle.js';

export interface FuzzServer {
  readonly port: number;
  isRunning(): boolean;
}

export interface FuzzOptions {
  readonly seed: number;
  readonly seconds: number;
  readonly maxCases: number;
  readonly servers: { readonly native: FuzzServer; readonly js: FuzzServer };
  /** Connections in flight per server. */
  readonly concurrency: number;
  /** How long one exchange may take before it counts as a hang (above the server's timeouts). */
  readonly deadlineMs: number;
  /** Run only this case (a replay). */
  readonly onlyCase?: number;
  /** Stop after this many failures. */
  readonly maxFailures?: number;
}

export interface Failure {
  readonly seed: number;
  readonly index: number;
  readonly origin: string;
  readonly input: Buffer;
  readonly problems: readonly string[];
  readonly native: string;
  readonly js: string;
}

export interface FuzzReport {
  readonly seed: number;
  cases: number;
  shapes: number;
  mutations: number;
  conflicting: number;
  /** Endings by kind, both parsers together. */
  readonly endings: Record<string, number>;
  /** Status of the first answer, both parsers together ('none' when there was none). */
  readonly firstStatus: Record<string, number>;
  readonly failures: Failure[];
  liveChecks: number;
  elapsedMs: number;
}

const LIVE_CHECK_EVERY = 100;
const bump = (table: Record<string, number>, key: string) => (table[key] = (table[key] ?? 0) + 1);

async function stillServing(server: FuzzServer, deadlineMs: number): Promise<string | null> {
  if (!server.isRunning()) return 'the server process exited';
  // An echo, not `GET /`: the front page lists the served folder, which the run fills with uploads.
  const outcome = await exchange({ port: server.port, id: 0, input: Buffer.from('GET /echo/alive HTTP/1.1\r\nHost: h\r\n\r\n', 'latin1'), pieces: [], deadlineMs });
  const first = outcome.answers[0];
  return first?.status === 200 && first.body === 'alive' ? null : `GET /echo/alive on a fresh connection: ${signature(outcome)}`;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const stopAt = started + options.seconds * 1000;
  const maxFailures = options.maxFailures ?? 10;
  const report: FuzzReport = {
    seed: options.seed, cases: 0, shapes: 0, mutations: 0, conflicting: 0,
    endings: {}, firstStatus: {}, failures: [], liveChecks: 0, elapsedMs: 0,
  };
  const { native, js } = options.servers;
  const indexes = options.onlyCase !== undefined ? [options.onlyCase] : null;
  let next = 0;

  const runCase = async (c: FuzzCase) => {
    const run = (server: FuzzServer): Promise<Outcome> =>
      exchange({ port: server.port, id: c.id, input: c.input, pieces: c.pieces, deadlineMs: options.deadlineMs });
    const [a, b] = await Promise.all([run(native), run(js)]);
    const conflict = conflictingFraming(c.input.subarray(c.prefixLength));
    report.cases++;
    if (c.origin.startsWith('shape')) report.shapes++;
    else report.mutations++;
    if (conflict) report.conflicting++;
    for (const outcome of [a, b]) {
      bump(report.endings, outcome.ending.kind);
      bump(report.firstStatus, String(outcome.answers[0]?.status ?? 'none'));
    }
    const problems = checkPair(a, b, { id: c.id, expect: c.expect, conflict, prefixAnswers: c.prefixLength > 0 ? 1 : 0 });
    if (problems.length > 0) {
      report.failures.push({ seed: options.seed, index: c.index, origin: c.origin, input: c.input, problems, native: signature(a), js: signature(b) });
    }
  };

  const liveCheck = async () => {
    report.liveChecks++;
    for (const [name, server] of [['native', native], ['js', js]] as const) {
      const down = await stillServing(server, options.deadlineMs);
      if (down) report.failures.push({ seed: options.seed, index: next, origin: `liveness of ${name}`, input: Buffer.alloc(0), problems: [down], native: '', js: '' });
    }
  };

  const worker = async () => {
    for (;;) {
      if (Date.now() >= stopAt || report.failures.length >= maxFailures) return;
      const position = next++;
      if (indexes ? position >= indexes.length : position >= options.maxCases) return;
      await runCase(fuzzCase(options.seed, indexes ? indexes[position] : position));
      if (position > 0 && position % LIVE_CHECK_EVERY === 0) await liveCheck();
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  await liveCheck();
  report.elapsedMs = Date.now() - started;
  return report;
}

/** The input's bytes as a JS string literal (long ones cut, the seed and index replay them whole). */
export function escapeInput(input: Buffer, max = 3000): string {
  const text = input.toString('latin1');
  return text.length <= max ? jsString(text) : `${jsString(text.slice(0, max))} ... (${input.length} bytes)`;
}

export function formatFailure(failure: Failure): string {
  return [
    `seed ${failure.seed} case ${failure.index} (${failure.origin})`,
    ...failure.problems.map((problem) => `  - ${problem}`),
    `  native: ${failure.native}`,
    `  js:     ${failure.js}`,
    `  input:  ${escapeInput(failure.input)}`,
    `  replay: npm run fuzz -- --seed ${failure.seed} --case ${failure.index}`,
  ].join('\n');
}

export function formatReport(report: FuzzReport): string {
  const table = (t: Record<string, number>) => Object.entries(t).sort(([, x], [, y]) => y - x).map(([k, v]) => `${k}: ${v}`).join(', ');
  return [
    `fuzz seed ${report.seed}: ${report.cases} inputs in ${(report.elapsedMs / 1000).toFixed(1)} s on both parsers (${report.shapes} smuggling shapes, ${report.mutations} mutations; ${report.conflicting} with conflicting framing), ${report.liveChecks} liveness checks`,
    `  endings: ${table(report.endings)}`,
    `  first answer: ${table(report.firstStatus)}`,
    `  failures: ${report.failures.length}`,
    ...report.failures.map(formatFailure),
  ].join('\n');
}
