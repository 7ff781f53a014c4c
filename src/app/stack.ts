/**
 * The whole handler a transport calls: the route table (app.ts), wrapped, innermost first, by
 * --auth (credentials before any route), --cors (preflights answered from the route table, CORS
 * headers on every answer, 401s included) and the access log (outermost: it sees every answer
 * the handler gives). Each wrapper exists only when its option is on, so the default handler is
 * the route table itself and its compiled answers go straight to the transport.
 */
import type { Responses } from '../http/compiled.js';
import type { Handler, PendingResponse, RefusalListener, Reply } from '../http/handler.js';
import type { RequestView } from '../http/request.js';
import type { ServedTree } from '../files/tree.js';
import { AccessLog } from './access-log.js';
import { buildApp } from './app.js';
import { BasicAuth, type Credentials } from './basic-auth.js';
import { CorsHandler, type CorsOrigins } from './cors.js';
import type { LineFormat } from './log-line.js';
import type { LogWriter } from './log-writer.js';

/** A handler that can also say whether a route matches (node:http passes the others to `next`). */
export interface AppHandler extends Handler {
  matches(request: RequestView): boolean;
  /** The access log, told of the answers a transport gives before any handler ran; null without a log. */
  readonly refusals?: RefusalListener | null;
}

export interface AccessLogSetup {
  readonly writer: LogWriter;
  readonly format: LineFormat;
  /** ANSI colours in `dev` lines (a terminal, without NO_COLOR). */
  readonly colour: boolean;
}

/** The options the handler is built from (the options table's, by the same names). */
export interface StackOptions {
  readonly filesMount: string;
  readonly maxAge: number | null;
  readonly dotfiles: boolean;
  readonly allowDelete: boolean;
  readonly readOnly: boolean;
  readonly spa: string | null;
  readonly cors: CorsOrigins | null;
  readonly auth: Credentials | null;
  readonly authFile: Credentials | null;
  readonly authWritesOnly: boolean;
}

export interface StackSetup {
  readonly responses: Responses;
  readonly tree: ServedTree | null;
  readonly options: StackOptions;
  /** The access log, or null when it is off. */
  readonly log: AccessLogSetup | null;
}

export function buildStack({ responses, tree, options, log }: StackSetup): AppHandler {
  const routes = buildApp({
    responses,
    tree,
    filesMount: options.filesMount,
    maxAge: options.maxAge,
    dotfiles: options.dotfiles,
    allowDelete: options.allowDelete,
    readOnly: options.readOnly,
    spa: options.spa,
  });
  let handler: Handler = routes;
  const credentials = options.auth ?? options.authFile;
  if (credentials !== null) handler = new BasicAuth(handler, responses, credentials, options.authWritesOnly ? 'writes-only' : 'every-request');
  if (options.cors !== null) handler = new CorsHandler(handler, routes, options.cors);
  const accessLog = log === null ? null : new AccessLog(handler, log.writer, log.format, log.colour);
  if (accessLog !== null) handler = accessLog;
  if (handler === routes) return routes;
  const outer = handler;
  return {
    handle: (request: RequestView, reply: Reply): PendingResponse | null => outer.handle(request, reply),
    matches: (request: RequestView) => routes.matches(request),
    refusals: accessLog,
  };
}
