/**
 * The single-page-app fallback (`--spa [file]`), as a wrapper around the files' GET handler: a
 * browser navigation to a path under the files mount that does not exist gets the app's index
 * (200), so that a client-side router can take over. A navigation is a GET or HEAD whose
 * `Accept` names `text/html` and whose last path segment has no extension; both its answer and
 * the 404 other requests get for such a path say `Vary: Accept`. Never replaced: an
 * existing file or folder (they answer as always), a dotfile or anything in a dot-folder (404 by
 * policy), a path with an extension (`/app.js` missing stays 404, so a broken script tag is
 * seen as one), a folder URL (`/docs/`), a malformed name (400).
 */
import { type Handler, PendingResponse, type Reply, type ResponseOwner } from '../http/handler.js';
import { statusOf, withFields } from '../http/edited.js';
import type { RequestView } from '../http/request.js';
import { METHOD_GET, METHOD_HEAD } from '../wire/layout.js';

const SLASH = 0x2f;
const DOT = 0x2e;
const VARY_ACCEPT = ['Vary', 'Accept'];

/** The app's index for a request: made at the request, started only when needed. */
export type IndexFor = (request: RequestView) => () => PendingResponse;

/**
 * Whether the request's path may fall back: GET or HEAD, a last segment without a dot, no
 * segment that begins with a dot, not a folder URL. Whether it does depends on `Accept` too.
 */
export function mayFallBack(request: RequestView): boolean {
  const method = request.method;
  if (method !== METHOD_GET && method !== METHOD_HEAD) return false;
  const path = request.pathBuf;
  const end = request.pathEnd;
  if (end === request.pathStart || path[end - 1] === SLASH) return false;
  let lastSegmentHasDot = false;
  for (let i = request.pathStart; i < end; i++) {
    if (path[i] === SLASH) lastSegmentHasDot = false;
    else if (path[i] === DOT) {
      if (path[i - 1] === SLASH) return false; // a dot segment, a dotfile, a dot-folder
      lastSegmentHasDot = true;
    }
  }
  // `%2e` hides a dot from the scan above; such names are left to the files' own answer.
  return !lastSegmentHasDot && !/%2e/i.test(request.pathText);
}

/** Whether `Accept` names `text/html`: what a browser's navigation sends. */
export function acceptsHtml(accept: string | undefined): boolean {
  return accept !== undefined && /(?:^|[\s,])text\/html(?:[\s;,]|$)/i.test(accept);
}

/**
 * A path that may fall back is answered by the file when it exists; when it does not, the
 * answer depends on `Accept` (the index for a navigation, 404 for anything else), and says so
 * with `Vary: Accept` so that a cache keeps the two apart.
 */
export class SpaFallback implements Handler {
  constructor(
    private readonly inner: Handler,
    private readonly indexFor: IndexFor,
  ) {}

  handle(request: RequestView, reply: Reply): PendingResponse | null {
    const pending = this.inner.handle(request, reply);
    if (pending === null || !mayFallBack(request)) return pending;
    return new FallbackResponse(pending, acceptsHtml(request.header('accept')) ? this.indexFor(request) : null);
  }
}

/** The file's own answer, unless it is 404: then the app's index. */
class FallbackResponse extends PendingResponse implements ResponseOwner {
  private index: PendingResponse | null = null;

  constructor(
    private readonly first: PendingResponse,
    /** The app's index, for a navigation; null for any other request (its 404 stays). */
    private readonly makeIndex: (() => PendingResponse) | null,
  ) {
    super();
  }

  protected start(): void {
    this.first.attach(this);
    this.first.begin();
    if (this.first.outcome.kind === 'plan' && this.outcome.kind === 'working' && this.index === null) this.onSettled(this.first);
  }

  protected release(): void {
    this.first.cancel();
    this.index?.cancel();
  }

  onSettled(response: PendingResponse): void {
    const outcome = response.outcome;
    if (outcome.kind !== 'plan' || this.outcome.kind !== 'working' || this.cancelled) return;
    if (response === this.first && statusOf(outcome.plan) === 404 && this.index === null) {
      if (this.makeIndex === null) {
        this.settle(withFields(outcome.plan, VARY_ACCEPT));
        return;
      }
      const body = outcome.plan.body;
      if (body.kind === 'sized' || body.kind === 'stream') body.source.dispose();
      const index = this.makeIndex();
      this.index = index;
      index.attach(this);
      index.begin();
      // Settled within begin() (a cached index.html): it did not call onSettled.
      if (index.outcome.kind === 'plan') this.onSettled(index);
      return;
    }
    this.settle(response === this.index ? withFields(outcome.plan, VARY_ACCEPT) : outcome.plan);
  }

  onSinkDrain(): void {}
}
