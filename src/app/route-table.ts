/**
 * The route table: routes declared as data (a path pattern and a handler per method), and every
 * answer that follows from the table alone, derived from it rather than written by hand:
 *
 * - no route matches: 404 (CONNECT, whose target is never a path: 501);
 * - a route matches but not the method: 405 with the route's `Allow`;
 * - OPTIONS on a route: 204 with its `Allow`; `OPTIONS *`: 204 with every method of the table.
 *
 * GET also answers HEAD (the transport drops the body), and every route answers OPTIONS. The
 * first route whose pattern matches decides, so more specific routes go first.
 */
import type { FixedResponse, Responses } from '../http/compiled.js';
import type { Handler, PendingResponse, Reply } from '../http/handler.js';
import type { RequestView } from '../http/request.js';
import {
  FORM_ASTERISK,
  METHOD_CONNECT,
  METHOD_DELETE,
  METHOD_GET,
  METHOD_HEAD,
  METHOD_OPTIONS,
  METHOD_PATCH,
  METHOD_POST,
  METHOD_PUT,
} from '../wire/layout.js';

export type PathPattern =
  | { readonly kind: 'exact'; readonly path: string }
  /** Every path that starts with `prefix` (which ends with `/`). */
  | { readonly kind: 'prefix'; readonly prefix: string };

/** The methods a route can declare, in the order `Allow` lists them. */
export const ROUTE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];

const METHOD_IDS: Readonly<Record<RouteMethod, number>> = {
  GET: METHOD_GET,
  HEAD: METHOD_HEAD,
  POST: METHOD_POST,
  PUT: METHOD_PUT,
  DELETE: METHOD_DELETE,
  PATCH: METHOD_PATCH,
};

export interface Route {
  readonly pattern: PathPattern;
  /** The handler of each method the route answers; GET's also answers HEAD unless HEAD has one. */
  readonly methods: Readonly<Partial<Record<RouteMethod, Handler>>>;
}

/** A route ready to dispatch: handlers indexed by the wire's method id, answers precomputed. */
interface CompiledRoute {
  readonly pattern: PathPattern;
  readonly byMethod: readonly (Handler | undefined)[];
  readonly notAllowed: FixedResponse;
  readonly options: FixedResponse;
}

/** `Allow` for a route's declared methods: HEAD with GET, OPTIONS always, in a fixed order. */
export function allowedMethods(methods: Iterable<RouteMethod>): string[] {
  const declared = new Set(methods);
  if (declared.has('GET')) declared.add('HEAD');
  return [...ROUTE_METHODS.filter((method) => declared.has(method)), 'OPTIONS'];
}

export class RouteTable implements Handler {
  private readonly routes: CompiledRoute[];
  private readonly notFound: FixedResponse;
  private readonly notImplemented: FixedResponse;
  private readonly serverOptions: FixedResponse;

  constructor(responses: Responses, routes: readonly Route[]) {
    this.routes = routes.map((route) => compile(responses, route));
    this.notFound = responses.fixed(404);
    this.notImplemented = responses.fixed(501);
    const everyMethod = routes.flatMap((route) => Object.keys(route.methods) as RouteMethod[]);
    this.serverOptions = responses.fixed(204, ['Allow', allowedMethods(everyMethod).join(', ')]);
  }

  handle(request: RequestView, reply: Reply): PendingResponse | null {
    const route = this.match(request);
    const method = request.method;
    if (route === null) {
      if (method === METHOD_OPTIONS && request.targetForm === FORM_ASTERISK) reply.fixed(this.serverOptions);
      else reply.fixed(method === METHOD_CONNECT ? this.notImplemented : this.notFound);
      return null;
    }
    const handler = route.byMethod[method];
    if (handler !== undefined) return handler.handle(request, reply);
    reply.fixed(method === METHOD_OPTIONS ? route.options : route.notAllowed);
    return null;
  }

  /** Whether some route matches the request's path (a transport that can pass requests on asks). */
  matches(request: RequestView): boolean {
    return this.match(request) !== null;
  }

  private match(request: RequestView): CompiledRoute | null {
    const routes = this.routes;
    for (let i = 0; i < routes.length; i++) {
      const pattern = routes[i].pattern;
      if (pattern.kind === 'exact' ? request.pathIs(pattern.path) : request.pathStartsWith(pattern.prefix)) return routes[i];
    }
    return null;
  }
}

function compile(responses: Responses, route: Route): CompiledRoute {
  // Dense, indexed by every method id the wire has (METHOD_OTHER is 0, METHOD_PATCH the last).
  const byMethod: (Handler | undefined)[] = new Array<Handler | undefined>(METHOD_PATCH + 1).fill(undefined);
  const declared = Object.keys(route.methods) as RouteMethod[];
  for (const method of declared) byMethod[METHOD_IDS[method]] = route.methods[method];
  if (byMethod[METHOD_HEAD] === undefined) byMethod[METHOD_HEAD] = route.methods.GET;
  const allow = allowedMethods(declared).join(', ');
  return {
    pattern: route.pattern,
    byMethod,
    notAllowed: responses.fixed(405, ['Allow', allow]),
    options: responses.fixed(204, ['Allow', allow]),
  };
}
