/**
 * ferroserve as a library.
 *
 *   import { createServer, createHandler } from 'ferroserve';
 *
 *   const server = createServer({ directory: './public', port: 0 });
 *   const { port } = await server.listen();          // what `npx ferroserve` runs
 *   await server.close();
 *
 *   http.createServer(createHandler({ directory: './public' }));   // inside node:http
 *   app.use(createHandler({ directory: './public' }));             // or Express: unmatched paths go to next()
 *
 * Options are the CLI's, by their API names (options.ts holds the one table); values are checked
 * as the CLI checks them and a bad one throws a UsageError naming it.
 */
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { buildStack } from './app/stack.js';
import { Responses } from './http/compiled.js';
import { DateClock } from './http/date-clock.js';
import { resolveOptions, type ServerOptions, type UserOptions } from './options.js';
import { type NodeHandler, nodeHandler } from './server/node-handler.js';
import { sweepStaleTemporaries } from './files/stale-temporaries.js';
import { FerroServer } from './server/server.js';
import { chooseWire, loadTls, openAccessLog, openTree } from './server/setup.js';

export { DEFAULTS, OPTIONS, UsageError } from './options.js';
export type { ParserChoice, ServerOptions, UserOptions } from './options.js';
export { StartupError } from './server/setup.js';
export type { NodeHandler } from './server/node-handler.js';

export interface Ferroserve {
  /** The resolved options. */
  readonly options: ServerOptions;
  /** Which request parser serves: the Rust addon or its TypeScript twin. */
  readonly parser: 'native' | 'js';
  /** Listens on `options.port` and `options.host`; resolves with the real address (the chosen port for 0). */
  listen(): Promise<AddressInfo>;
  /**
   * Stops accepting, lets requests in flight finish for up to `graceMs` (default: the
   * `shutdownGraceMs` option), then closes the rest and removes the temporary files of uploads
   * that did not finish.
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * A ferroserve server (ferroserve's own transport on node:net). Throws a UsageError for a bad
 * option and a StartupError when the directory is missing or the native parser is forced but
 * unavailable.
 */
export function createServer(options: UserOptions = {}): Ferroserve {
  const resolved = resolveOptions(options, { cwd: process.cwd(), cores: os.availableParallelism() });
  const wire = chooseWire(resolved.parser);
  const tree = openTree(resolved.directory);
  const log = openAccessLog(resolved, false, process.env);
  const server = new FerroServer({ options: resolved, wire, tree, log, tls: loadTls(resolved) });
  return {
    options: resolved,
    parser: wire.name,
    listen: async () => {
      const address = await server.listen(resolved.port, resolved.host);
      // What a crashed ferroserve left of its uploads, removed in the background (the CLI logs it).
      if (tree !== null) void sweepStaleTemporaries(tree.root, { dotfiles: resolved.dotfiles });
      return address;
    },
    close: async (graceMs = resolved.shutdownGraceMs) => {
      await server.shutdown(graceMs);
      await log?.writer.close();
    },
  };
}

/**
 * ferroserve's routes as a node:http listener `(req, res, next?)`. The access log, CORS, auth,
 * read-only and SPA options apply; HTTPS is the host server's (node:https), so tlsCert and tlsKey
 * are for createServer only. With `next` (Express,
 * Connect), a path no route matches is passed on; without it, it is answered 404. Connection
 * management (keep-alive, timeouts, Date) is the host server's.
 */
export function createHandler(options: UserOptions = {}): NodeHandler {
  const resolved = resolveOptions(options, { cwd: process.cwd(), cores: 1 });
  const wire = chooseWire(resolved.parser);
  const write = wire.writeResponse.bind(wire);
  const responses = new Responses(write, resolved.date ? new DateClock() : null);
  const tree = openTree(resolved.directory);
  if (tree !== null) void sweepStaleTemporaries(tree.root, { dotfiles: resolved.dotfiles });
  const app = buildStack({ responses, tree, options: resolved, log: openAccessLog(resolved, false, process.env) });
  return nodeHandler({ app, wire, responses, maxBody: resolved.maxBody, sendTimeoutMs: resolved.sendTimeoutMs });
}
