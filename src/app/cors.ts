/**
 * CORS (`--cors`), as a wrapper around the handler: web pages of other origins may read
 * ferroserve's answers, and browsers' preflights get a full answer.
 *
 * - Any origin (`--cors`, `--cors '*'`): every answer carries `Access-Control-Allow-Origin: *`
 *   (also without `Origin`, so that a cache never hands a CORS request an answer without it),
 *   and never `Access-Control-Allow-Credentials` (the Fetch standard refuses `*` with it).
 * - A list of exact origins: a listed `Origin` is echoed with `Access-Control-Allow-Credentials:
 *   true` (a page may send the Basic credentials of --auth); an unlisted one gets no CORS header
 *   at all (the browser blocks the read); every answer says `Vary: Origin`.
 * - A preflight (OPTIONS with `Origin` and `Access-Control-Request-Method`) is answered from the
 *   route table itself (before --auth: preflights never carry credentials): 204 with the route's
 *   `Allow`, and, when the origin is allowed and the method is one of the route's,
 *   `Access-Control-Allow-Methods` (the route's methods), `Access-Control-Allow-Headers` (the
 *   ones asked for, when they are all field names), `Access-Control-Max-Age`. Never a body.
 */
import { EditingReply, editAnswer, fieldValue, fieldsOf, statusOf, withFields, type PlanEdit } from '../http/edited.js';
import type { Handler, PendingResponse, Reply } from '../http/handler.js';
import type { ResponsePlan } from '../http/plan.js';
import type { RequestView } from '../http/request.js';
import { METHOD_OPTIONS } from '../wire/layout.js';

/** Which browser origins may read ferroserve's answers (`--cors`). */
export type CorsOrigins =
  /** Any origin, answered `*` (never with credentials). */
  | { readonly kind: 'any' }
  /** Exactly these origins (`scheme://host[:port]`), echoed, with credentials allowed. */
  | { readonly kind: 'list'; readonly origins: readonly string[] };

/** Response fields a page may read besides the CORS-safelisted ones (Fetch §3.2.4). */
export const EXPOSED_HEADERS = 'ETag, Content-Range, Content-Length, Accept-Ranges, Last-Modified';
/** How long a browser may reuse a preflight: two hours, Chromium's own cap. */
export const PREFLIGHT_MAX_AGE = '7200';
const PREFLIGHT_VARY = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers';

/** RFC 9110 §5.6.2 `token`: what a field name is. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const ANY_ORIGIN_FIELDS = ['Access-Control-Allow-Origin', '*', 'Access-Control-Expose-Headers', EXPOSED_HEADERS];
const VARY_ORIGIN_FIELDS = ['Vary', 'Origin'];
const addAnyOrigin: PlanEdit = (plan) => withFields(plan, ANY_ORIGIN_FIELDS);
const addVaryOrigin: PlanEdit = (plan) => withFields(plan, VARY_ORIGIN_FIELDS);

/** The field names of `Access-Control-Request-Headers`, lower-cased, or null when one is not a name. */
export function requestedHeaders(value: string | undefined): string[] | null {
  if (value === undefined) return [];
  const names = value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  return names.every((name) => TOKEN.test(name)) ? names : null;
}

export class CorsHandler implements Handler {
  private readonly listed: ReadonlySet<string> | null;

  constructor(
    /** What answers every request but preflights (--auth and the routes). */
    private readonly inner: Handler,
    /** The route table: it answers preflights (`Allow` of the route). */
    private readonly routes: Handler,
    origins: CorsOrigins,
  ) {
    this.listed = origins.kind === 'list' ? new Set(origins.origins) : null;
  }

  handle(request: RequestView, reply: Reply): PendingResponse | null {
    const origin = request.header('origin');
    if (request.method === METHOD_OPTIONS && origin !== undefined) {
      const method = request.header('access-control-request-method');
      if (method !== undefined) return this.preflight(request, reply, origin, method);
    }
    const edit = this.editFor(origin);
    return editAnswer(this.inner.handle(request, new EditingReply(reply, edit)), edit);
  }

  private allows(origin: string | undefined): origin is string {
    return origin !== undefined && (this.listed === null || this.listed.has(origin));
  }

  /** The fields an actual (not preflight) answer gets for a request from `origin`. */
  private editFor(origin: string | undefined): PlanEdit {
    if (this.listed === null) return addAnyOrigin;
    if (!this.allows(origin)) return addVaryOrigin;
    const fields = [
      'Access-Control-Allow-Origin', origin,
      'Access-Control-Allow-Credentials', 'true',
      'Access-Control-Expose-Headers', EXPOSED_HEADERS,
      'Vary', 'Origin',
    ];
    return (plan) => withFields(plan, fields);
  }

  private preflight(request: RequestView, reply: Reply, origin: string, method: string): PendingResponse | null {
    const asked = requestedHeaders(request.header('access-control-request-headers'));
    const allowed = this.allows(origin);
    const edit = (plan: ResponsePlan): ResponsePlan => {
      const allow = statusOf(plan) === 204 ? fieldValue(fieldsOf(plan), 'allow') : undefined;
      const methodOk = allow !== undefined && allow.split(', ').includes(method);
      if (!allowed || !methodOk) return withFields(plan, ['Vary', PREFLIGHT_VARY]);
      const fields = this.listed === null
        ? ['Access-Control-Allow-Origin', '*']
        : ['Access-Control-Allow-Origin', origin, 'Access-Control-Allow-Credentials', 'true'];
      fields.push('Access-Control-Allow-Methods', allow);
      if (asked !== null && asked.length > 0) fields.push('Access-Control-Allow-Headers', asked.join(', '));
      fields.push('Access-Control-Max-Age', PREFLIGHT_MAX_AGE, 'Vary', PREFLIGHT_VARY);
      return withFields(plan, fields);
    };
    return editAnswer(this.routes.handle(request, new EditingReply(reply, edit)), edit);
  }
}
