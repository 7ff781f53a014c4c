/**
 * How a fuzz run is set up, from the environment (`npm run fuzz` sets it from its flags):
 * FERROSERVE_FUZZ_SECONDS (default 20), FERROSERVE_FUZZ_SEED (default: fresh, printed),
 * FERROSERVE_FUZZ_CASE (replay one case of the seed).
 */
export interface FuzzSettings {
  readonly seconds: number;
  readonly seed: number;
  readonly onlyCase?: number;
}

function integer(name: string, min: number): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got ${JSON.stringify(text)}`);
  return value;
}

export function fuzzSettings(): FuzzSettings {
  return {
    seconds: integer('FERROSERVE_FUZZ_SECONDS', 1) ?? 20,
    seed: (integer('FERROSERVE_FUZZ_SEED', 0) ?? (Date.now() ^ (process.pid << 16))) >>> 0,
    onlyCase: integer('FERROSERVE_FUZZ_CASE', 0),
  };
}

/** The servers' own timeouts are short, so that a stalled exchange ends quickly and a hang is one that outlives them. */
export const SERVER_TIMEOUT_MS = 1500;
export const SERVER_ARGS = ['--head-timeout', String(SERVER_TIMEOUT_MS), '--idle-timeout', String(SERVER_TIMEOUT_MS)];
/** An exchange still open this long after its last byte was sent is a hang. */
export const EXCHANGE_DEADLINE_MS = SERVER_TIMEOUT_MS + 4500;
