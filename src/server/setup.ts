/**
 * What the CLI and the library do before serving: choose the wire and open the served tree.
 * A failure is a StartupError with one line saying what is wrong (the CLI's exit code 1).
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { AccessLogSetup } from '../app/stack.js';
import { openLogWriter, type BatchedLogWriter } from '../app/log-writer.js';
import type { LineFormat } from '../app/log-line.js';
import { ServedTree } from '../files/tree.js';
import type { ParserChoice, ServerOptions } from '../options.js';
import { loadWire } from '../wire/index.js';
import type { Wire } from '../wire/types.js';

export class StartupError extends Error {}

export function chooseWire(parser: ParserChoice): Wire {
  try {
    return loadWire(parser);
  } catch (error) {
    throw new StartupError((error as Error).message);
  }
}

/** The served tree of `directory` (absolute), checked to be a folder; null without one. */
export function openTree(directory: string | null): ServedTree | null {
  if (directory === null) return null;
  try {
    if (!statSync(directory).isDirectory()) throw new StartupError(`not a directory: ${directory}`);
    return new ServedTree(directory, realpathSync.native(directory));
  } catch (error) {
    if (error instanceof StartupError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StartupError(`directory not found: ${directory}`);
    throw new StartupError(`cannot use directory ${directory}: ${code ?? (error as Error).message}`);
  }
}

/** The certificate and key of --tls-cert / --tls-key, read and checked to be a usable pair; null without them. */
export function loadTls(options: ServerOptions): { cert: Buffer; key: Buffer } | null {
  if (options.tlsCert === null || options.tlsKey === null) return null;
  const read = (file: string, what: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new StartupError(`cannot read the TLS ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  };
  const cert = read(options.tlsCert, 'certificate');
  const key = read(options.tlsKey, 'key');
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    throw new StartupError(`unusable TLS certificate or key: ${(error as Error).message}`);
  }
  return { cert, key };
}

/** The access log's writer and format, or null when it is off. */
export type OpenedLog = AccessLogSetup & { readonly writer: BatchedLogWriter };

/**
 * Opens the access log --log and --log-file ask for. `auto` (the default) is `dev` when stdout
 * is a terminal (`stdoutIsTerminal`: the CLI's stdout, false for the library), `combined` with
 * --log-file, else off. Colours only on a terminal and without NO_COLOR (no-color.org).
 */
export function openAccessLog(options: ServerOptions, stdoutIsTerminal: boolean, env: NodeJS.ProcessEnv): OpenedLog | null {
  const format: LineFormat | 'off' =
    options.log !== 'auto' ? options.log : options.logFile !== null ? 'combined' : stdoutIsTerminal ? 'dev' : 'off';
  if (format === 'off') return null;
  let writer: BatchedLogWriter;
  try {
    writer = openLogWriter(options.logFile);
  } catch (error) {
    throw new StartupError(`cannot open the access log ${options.logFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const colour = format === 'dev' && options.logFile === null && stdoutIsTerminal && (env.NO_COLOR ?? '') === '';
  return { writer, format, colour };
}
