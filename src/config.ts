/**
 * Command-line options, environment and defaults -> one frozen Config.
 * Flags beat environment variables (PORT, HOST, FERROSERVE_PARSER), which beat defaults.
 * Every validation failure is a UsageError (exit code 2), with one line saying what is wrong.
 * Whether the directory exists is not checked here (that is a runtime failure, exit code 1).
 */
import path from 'node:path';

export type ParserChoice = 'auto' | 'native' | 'js';

export interface Config {
  /** Absolute path of the served directory, or null without --directory. */
  readonly directory: string | null;
  readonly port: number;
  readonly host: string;
  readonly parser: ParserChoice;
  /** Add a Date header to every response (RFC 9110 §6.6.1). */
  readonly date: boolean;
  readonly maxBody: number;
  readonly idleTimeoutMs: number;
  readonly headTimeoutMs: number;
  /** Worker processes (node:cluster); 1 = serve in this process. */
  readonly workers: number;
}

/** What the command line gave, as strings (commander's raw values), all optional. */
export interface RawOptions {
  directory?: string;
  port?: string;
  host?: string;
  parser?: string;
  date?: boolean;
  maxBody?: string;
  idleTimeout?: string;
  headTimeout?: string;
  workers?: string;
}

export const DEFAULTS = {
  port: 4221,
  host: '127.0.0.1',
  maxBody: 1024 ** 3,
  idleTimeoutMs: 5000,
  headTimeoutMs: 10000,
  workers: 1,
} as const;

export class UsageError extends Error {}

const UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

export function parsePort(value: string, source: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new UsageError(`${source} must be a port number from 0 to 65535, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** A byte count: digits with an optional k, m or g (powers of 1024), e.g. `1048576`, `512k`, `1g`. */
export function parseBytes(value: string, source: string): number {
  const match = /^(\d+)([kmg]?)$/i.exec(value);
  const bytes = match === null ? NaN : Number(match[1]) * UNITS[match[2].toLowerCase()];
  if (!Number.isSafeInteger(bytes)) {
    throw new UsageError(`${source} must be a number of bytes (e.g. 1048576, 512k, 1g), got ${JSON.stringify(value)}`);
  }
  return bytes;
}

/** Milliseconds, a positive integer. */
export function parseMillis(value: string, source: string): number {
  const ms = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(ms) || ms < 1 || ms > 2 ** 31 - 1) {
    throw new UsageError(`${source} must be a number of milliseconds from 1 to 2147483647, got ${JSON.stringify(value)}`);
  }
  return ms;
}

export function parseParser(value: string, source: string): ParserChoice {
  if (value === 'native' || value === 'js') return value;
  throw new UsageError(`${source} must be "native" or "js", got ${JSON.stringify(value)}`);
}

export function parseWorkers(value: string, source: string, cores: number): number {
  if (value === 'auto') return Math.max(1, cores);
  const workers = /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!(workers >= 1)) throw new UsageError(`${source} must be a positive number or "auto", got ${JSON.stringify(value)}`);
  return workers;
}

/** Builds the Config; `cwd` resolves a relative --directory, `cores` sizes `--workers auto`. */
export function buildConfig(
  options: RawOptions,
  env: NodeJS.ProcessEnv,
  cwd: string,
  cores: number,
): Config {
  const port = options.port ?? nonEmpty(env.PORT);
  const host = options.host ?? nonEmpty(env.HOST);
  const parser = options.parser ?? nonEmpty(env.FERROSERVE_PARSER);
  if (host !== undefined && host.trim() === '') throw new UsageError('--host must not be empty');
  if (options.directory !== undefined && options.directory === '') throw new UsageError('--directory must not be empty');
  return Object.freeze({
    directory: options.directory === undefined ? null : path.resolve(cwd, options.directory),
    port: port === undefined ? DEFAULTS.port : parsePort(port, options.port !== undefined ? '--port' : 'PORT'),
    host: host ?? DEFAULTS.host,
    parser:
      parser === undefined ? 'auto' : parseParser(parser, options.parser !== undefined ? '--parser' : 'FERROSERVE_PARSER'),
    date: options.date === true,
    maxBody: options.maxBody === undefined ? DEFAULTS.maxBody : parseBytes(options.maxBody, '--max-body'),
    idleTimeoutMs:
      options.idleTimeout === undefined ? DEFAULTS.idleTimeoutMs : parseMillis(options.idleTimeout, '--idle-timeout'),
    headTimeoutMs:
      options.headTimeout === undefined ? DEFAULTS.headTimeoutMs : parseMillis(options.headTimeout, '--head-timeout'),
    workers: options.workers === undefined ? DEFAULTS.workers : parseWorkers(options.workers, '--workers', cores),
  });
}

/** An unset or empty environment variable counts as absent. */
function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
