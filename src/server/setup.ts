/**
 * What the CLI and the library do before serving: choose the wire and open the served tree.
 * A failure is a StartupError with one line saying what is wrong (the CLI's exit code 1).
 */
import { realpathSync, statSync } from 'node:fs';
import { ServedTree } from '../files/tree.js';
import type { ParserChoice } from '../options.js';
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
