/**
 * Every ferroserve option, in one table: its name in the API, its command-line flag, its
 * environment variable, its default and its check. The CLI (cli.ts, commander) and the library
 * (index.ts: createServer, createHandler) both resolve options through this table, so a setting
 * means the same and fails with the same one-line message wherever it is given.
 *
 * Flags beat environment variables, which beat defaults. Every validation failure is a
 * UsageError (the CLI's exit code 2). Whether the directory exists is not checked here (that is
 * a runtime failure, exit code 1).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Credentials } from './app/basic-auth.js';
import type { CorsOrigins } from './app/cors.js';

export type ParserChoice = 'auto' | 'native' | 'js';

export interface ServerOptions {
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
  /** The URL path the files are mounted at: begins and ends with `/`. */
  readonly filesMount: string;
  /** Seconds a client may reuse a file without revalidating; null: `Cache-Control: no-cache`. */
  readonly maxAge: number | null;
  /** Serve, list and accept dotfiles and dot-folders (`.env`, `.git/`); `.well-known/` always is. */
  readonly dotfiles: boolean;
  /** Answer DELETE on files (conditional like the other writes). */
  readonly allowDelete: boolean;
  /** On SIGINT/SIGTERM (and `close()`), how long requests in flight may take before their connections are closed. */
  readonly shutdownGraceMs: number;
  /** A response whose bytes make no progress this long (the client does not read) closes its connection. */
  readonly sendTimeoutMs: number;
  /** Refuse every write: POST, PUT and DELETE are not declared, so they get 405 with the reads' Allow. */
  readonly readOnly: boolean;
  /** Cross-origin access (CORS) for browsers; null: no CORS headers at all. */
  readonly cors: CorsOrigins | null;
  /** HTTP Basic credentials every request (or every write) must carry; null: no auth. */
  readonly auth: Credentials | null;
  /** The same, read from a file holding one `user:password` line. */
  readonly authFile: Credentials | null;
  /** Ask for the credentials on writes only (reads stay open). */
  readonly authWritesOnly: boolean;
  /** The access log's format; `auto`: `dev` when the CLI's stdout is a terminal, else off. */
  readonly log: LogFormat;
  /** Where the access log goes (absolute path, appended to); null: stdout. */
  readonly logFile: string | null;
  /** PEM certificate chain for HTTPS (absolute path); with tlsKey. */
  readonly tlsCert: string | null;
  /** PEM private key for HTTPS (absolute path); with tlsCert. */
  readonly tlsKey: string | null;
  /** Single-page app fallback: the file (relative to the served directory) navigations to missing paths get. */
  readonly spa: string | null;
}

export type { CorsOrigins, Credentials };

export type LogFormat = 'auto' | 'dev' | 'combined' | 'json' | 'off';

/** The former name of ServerOptions, kept for the CLI's modules. */
export type Config = ServerOptions;

/** What the library takes: any option, as its value or as the text the CLI would take. */
export type UserOptions = { readonly [K in keyof ServerOptions]?: ServerOptions[K] | string };

/** What the command line gave (commander's raw values), all optional; keys as commander names them. */
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
  filesMount?: string;
  maxAge?: string;
  dotfiles?: boolean;
  allowDelete?: boolean;
  shutdownGrace?: string;
  sendTimeout?: string;
  readOnly?: boolean;
  cors?: string | boolean;
  auth?: string;
  authFile?: string;
  authWritesOnly?: boolean;
  log?: string;
  logFile?: string;
  tlsCert?: string;
  tlsKey?: string;
  spa?: string | boolean;
}

export class UsageError extends Error {}

/** What some checks need from the process: where a relative directory is, how many cores. */
export interface Surroundings {
  readonly cwd: string;
  readonly cores: number;
}

interface OptionSpec<K extends keyof ServerOptions> {
  readonly key: K;
  /** commander's flag syntax: `--name <arg>`, or `--name` for a switch. */
  readonly flag: string;
  /** The key commander gives the flag's value under. */
  readonly raw: keyof RawOptions;
  readonly env?: string;
  readonly description: string;
  readonly default: ServerOptions[K];
  /** For a flag whose value is optional (`--cors [origins]`): the text the bare flag stands for. */
  readonly bare?: string;
  /** The value from text (command line, environment, or the API); `source` names it in errors. */
  readonly parse: (text: string, source: string, around: Surroundings) => ServerOptions[K];
}

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
  if (value === 'native' || value === 'js' || value === 'auto') return value;
  throw new UsageError(`${source} must be "native" or "js", got ${JSON.stringify(value)}`);
}

export function parseWorkers(value: string, source: string, cores: number): number {
  if (value === 'auto') return Math.max(1, cores);
  const workers = /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!(workers >= 1)) throw new UsageError(`${source} must be a positive number or "auto", got ${JSON.stringify(value)}`);
  return workers;
}

/** A URL path of plain segments that begins and ends with `/` (`/` alone mounts at the root). */
export function parseMount(value: string, source: string): string {
  if (!/^\/(?:[A-Za-z0-9._~!$&'()*+,;=:@-]+\/)*$/.test(value) || /\/\.{1,2}\//.test(value)) {
    throw new UsageError(`${source} must be a URL path that begins and ends with "/" (e.g. /files/), got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Seconds, from 0 to one year (RFC 9111 §1.2.2 caps what caches must take at 2^31). */
export function parseSeconds(value: string, source: string): number {
  const seconds = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!(seconds >= 0 && seconds <= 31_536_000)) {
    throw new UsageError(`${source} must be a number of seconds from 0 to 31536000, got ${JSON.stringify(value)}`);
  }
  return seconds;
}

function parseBoolean(value: string, source: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new UsageError(`${source} must be true or false, got ${JSON.stringify(value)}`);
}

function nonEmpty(value: string, source: string): string {
  if (value.trim() === '') throw new UsageError(`${source} must not be empty`);
  return value;
}

/** `*` (or the bare flag) for any origin, or a comma list of exact origins (`https://app.example:8080`). */
export function parseCors(value: string, source: string): CorsOrigins {
  if (value === '*' || value === 'true') return { kind: 'any' };
  const origins = value.split(',').map((origin) => origin.trim());
  for (const origin of origins) {
    let exact = false;
    try {
      const url = new URL(origin);
      exact = (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === origin;
    } catch {
      exact = false;
    }
    if (!exact) {
      throw new UsageError(`${source} takes "*" or a comma list of origins such as https://app.example:8080 (scheme, host, port; no path), got ${JSON.stringify(origin)}`);
    }
  }
  return { kind: 'list', origins: [...new Set(origins)] };
}

/** `user:password`: the user has no `:` (RFC 7617 §2), neither part is empty or holds control characters. */
export function parseCredentials(value: string, source: string): Credentials {
  const colon = value.indexOf(':');
  const user = value.slice(0, colon);
  const password = value.slice(colon + 1);
  if (colon <= 0 || password === '' || /[\x00-\x1f\x7f]/.test(value)) {
    throw new UsageError(`${source} must be user:password (a user without ":", a non-empty password)`);
  }
  return { user, password };
}

/** A file holding one `user:password` line (a trailing line break is allowed). */
function parseCredentialsFile(text: string, source: string, { cwd }: Surroundings): Credentials {
  const file = path.resolve(cwd, nonEmpty(text, source));
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${source}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const lines = content.split(/\r?\n/).filter((line) => line !== '');
  if (lines.length !== 1) throw new UsageError(`${source}: ${file} must hold exactly one user:password line`);
  return parseCredentials(lines[0], `${source} (${file})`);
}

export function parseLogFormat(value: string, source: string): LogFormat {
  if (value === 'dev' || value === 'combined' || value === 'json' || value === 'off' || value === 'auto') return value;
  throw new UsageError(`${source} must be dev, combined, json or off, got ${JSON.stringify(value)}`);
}

/** A file name inside the served directory: no absolute path, no `.` or `..` segment. */
export function parseSpaFile(value: string, source: string): string {
  const name = value === 'true' ? 'index.html' : value;
  const segments = name.split('/');
  if (name === '' || name.startsWith('/') || name.includes('\\') || segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new UsageError(`${source} must name a file inside the directory (e.g. index.html or app/index.html), got ${JSON.stringify(value)}`);
  }
  return name;
}

function absolutePath(text: string, source: string, { cwd }: Surroundings): string {
  return path.resolve(cwd, nonEmpty(text, source));
}

const spec = <K extends keyof ServerOptions>(s: OptionSpec<K>): OptionSpec<K> => s;

/** The table. Its order is the order of `--help`. */
export const OPTIONS = [
  spec({
    key: 'directory',
    flag: '--directory <dir>',
    raw: 'directory',
    description: 'serve and store files in this folder',
    default: null,
    parse: (text, source, { cwd }) => path.resolve(cwd, nonEmpty(text, source)),
  }),
  spec({
    key: 'port',
    flag: '--port <n>',
    raw: 'port',
    env: 'PORT',
    description: 'port to listen on; 0 picks a free one',
    default: 4221,
    parse: parsePort,
  }),
  spec({
    key: 'host',
    flag: '--host <addr>',
    raw: 'host',
    env: 'HOST',
    description: 'address to listen on',
    default: '127.0.0.1',
    parse: nonEmpty,
  }),
  spec({
    key: 'parser',
    flag: '--parser <name>',
    raw: 'parser',
    env: 'FERROSERVE_PARSER',
    description: 'request parser: native or js (default: native when built)',
    default: 'auto',
    parse: parseParser,
  }),
  spec({
    key: 'date',
    flag: '--date',
    raw: 'date',
    description: 'add a Date header to every response (RFC 9110 §6.6.1)',
    default: false,
    parse: parseBoolean,
  }),
  spec({
    key: 'maxBody',
    flag: '--max-body <bytes>',
    raw: 'maxBody',
    description: 'largest request body accepted, e.g. 1048576, 512k, 1g',
    default: 1024 ** 3,
    parse: parseBytes,
  }),
  spec({
    key: 'idleTimeoutMs',
    flag: '--idle-timeout <ms>',
    raw: 'idleTimeout',
    description: 'close a keep-alive connection idle this long',
    default: 5000,
    parse: parseMillis,
  }),
  spec({
    key: 'headTimeoutMs',
    flag: '--head-timeout <ms>',
    raw: 'headTimeout',
    description: 'answer 408 when a request head (or a body pause) takes longer',
    default: 10000,
    parse: parseMillis,
  }),
  spec({
    key: 'workers',
    flag: '--workers <n|auto>',
    raw: 'workers',
    description: 'worker processes sharing the port; auto = one per core',
    default: 1,
    parse: (text, source, { cores }) => parseWorkers(text, source, cores),
  }),
  spec({
    key: 'filesMount',
    flag: '--files-mount <path>',
    raw: 'filesMount',
    description: 'URL path the files are served under',
    default: '/files/',
    parse: parseMount,
  }),
  spec({
    key: 'maxAge',
    flag: '--max-age <seconds>',
    raw: 'maxAge',
    description: 'let clients reuse a file this long without asking (default: revalidate every time)',
    default: null,
    parse: parseSeconds,
  }),
  spec({
    key: 'dotfiles',
    flag: '--dotfiles',
    raw: 'dotfiles',
    description: 'serve, list and accept dotfiles such as .env and .git/ (hidden by default)',
    default: false,
    parse: parseBoolean,
  }),
  spec({
    key: 'allowDelete',
    flag: '--allow-delete',
    raw: 'allowDelete',
    description: 'let DELETE remove files (refused with 405 by default)',
    default: false,
    parse: parseBoolean,
  }),
  spec({
    key: 'shutdownGraceMs',
    flag: '--shutdown-grace <ms>',
    raw: 'shutdownGrace',
    description: 'on SIGINT/SIGTERM, let requests in flight finish this long, then close their connections',
    default: 3000,
    parse: parseMillis,
  }),
  spec({
    key: 'sendTimeoutMs',
    flag: '--send-timeout <ms>',
    raw: 'sendTimeout',
    description: 'close a connection whose response makes no progress this long (a client that does not read)',
    default: 60000,
    parse: parseMillis,
  }),
  spec({
    key: 'readOnly',
    flag: '--read-only',
    raw: 'readOnly',
    description: 'refuse every write: POST, PUT and DELETE get 405 (wins over --allow-delete)',
    default: false,
    parse: parseBoolean,
  }),
  spec({
    key: 'cors',
    flag: '--cors [origins]',
    raw: 'cors',
    description: 'let web pages of other origins read answers: "*" (the bare flag) or a comma list of origins',
    default: null,
    bare: '*',
    parse: parseCors,
  }),
  spec({
    key: 'auth',
    flag: '--auth <user:password>',
    raw: 'auth',
    env: 'FERROSERVE_AUTH',
    description: 'require HTTP Basic credentials',
    default: null,
    parse: parseCredentials,
  }),
  spec({
    key: 'authFile',
    flag: '--auth-file <path>',
    raw: 'authFile',
    description: 'the same, from a file holding one user:password line',
    default: null,
    parse: parseCredentialsFile,
  }),
  spec({
    key: 'authWritesOnly',
    flag: '--auth-writes-only',
    raw: 'authWritesOnly',
    description: 'ask for the credentials on writes only (POST, PUT, DELETE)',
    default: false,
    parse: parseBoolean,
  }),
  spec({
    key: 'log',
    flag: '--log <format>',
    raw: 'log',
    description: 'access log: dev, combined, json or off (default: dev when stdout is a terminal, else off)',
    default: 'auto',
    parse: parseLogFormat,
  }),
  spec({
    key: 'logFile',
    flag: '--log-file <path>',
    raw: 'logFile',
    description: 'append the access log to this file instead of stdout',
    default: null,
    parse: absolutePath,
  }),
  spec({
    key: 'tlsCert',
    flag: '--tls-cert <path>',
    raw: 'tlsCert',
    description: 'serve HTTPS with this PEM certificate (with --tls-key)',
    default: null,
    parse: absolutePath,
  }),
  spec({
    key: 'tlsKey',
    flag: '--tls-key <path>',
    raw: 'tlsKey',
    description: 'the PEM private key of --tls-cert',
    default: null,
    parse: absolutePath,
  }),
  spec({
    key: 'spa',
    flag: '--spa [file]',
    raw: 'spa',
    description: 'single-page app: browser navigations to missing paths get this file (bare flag: index.html)',
    default: null,
    bare: 'index.html',
    parse: parseSpaFile,
  }),
] as const;

export const DEFAULTS = Object.freeze(
  Object.fromEntries(OPTIONS.map((option) => [option.key, option.default])) as unknown as ServerOptions,
);

/** The option's flag name without its argument (`--max-body`). */
export function flagName(option: { readonly flag: string }): string {
  return option.flag.split(' ')[0];
}

/** Command line (raw), then environment, then default, for every option: one frozen ServerOptions. */
export function buildConfig(options: RawOptions, env: NodeJS.ProcessEnv, cwd: string, cores: number): ServerOptions {
  const around = { cwd, cores };
  const resolved: Record<string, unknown> = {};
  for (const option of OPTIONS) {
    const fromFlag = options[option.raw];
    const fromEnv = option.env === undefined ? undefined : env[option.env];
    let value: unknown = option.default;
    const bare = (option as { readonly bare?: string }).bare;
    if (fromFlag === true && bare !== undefined) value = option.parse(bare, flagName(option), around);
    else if (typeof fromFlag === 'boolean') value = fromFlag;
    else if (fromFlag !== undefined) value = option.parse(fromFlag, flagName(option), around);
    // An unset or empty environment variable counts as absent.
    else if (fromEnv !== undefined && fromEnv !== '') value = option.parse(fromEnv, option.env!, around);
    resolved[option.key] = value;
  }
  return checkTogether(Object.freeze(resolved as unknown as ServerOptions));
}

/** Options that only make sense together. */
function checkTogether(options: ServerOptions): ServerOptions {
  if ((options.tlsCert === null) !== (options.tlsKey === null)) throw new UsageError('--tls-cert and --tls-key go together');
  if (options.auth !== null && options.authFile !== null) throw new UsageError('--auth and --auth-file are alternatives: give one');
  if (options.spa !== null && options.directory === null) throw new UsageError('--spa needs --directory (the app is served from it)');
  if (options.authWritesOnly && options.auth === null && options.authFile === null) throw new UsageError('--auth-writes-only needs --auth, --auth-file or FERROSERVE_AUTH');
  return options;
}

/**
 * The library's options: each given value is checked as the CLI checks it (numbers and booleans
 * as their text), the rest defaulted. The environment is not read: a library takes what it is given.
 */
export function resolveOptions(given: UserOptions = {}, around: Surroundings = { cwd: process.cwd(), cores: 1 }): ServerOptions {
  const resolved: Record<string, unknown> = {};
  const known = new Set<string>(OPTIONS.map((option) => option.key));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) throw new UsageError(`unknown option ${JSON.stringify(key)}`);
  }
  for (const option of OPTIONS) {
    const value = given[option.key];
    if (value === undefined || value === null) resolved[option.key] = option.default;
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      resolved[option.key] = option.parse(String(value), option.key, around);
    } else throw new UsageError(`${option.key} must be a string, a number or a boolean`);
  }
  return checkTogether(Object.freeze(resolved as unknown as ServerOptions));
}
