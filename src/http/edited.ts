/**
 * Answers edited on their way out, for features that wrap a handler (CORS headers, the access
 * log): an `EditingReply` turns whatever the inner handler answers at once into a plan and
 * passes the edited plan on; an `EditedResponse` does the same for a pending response when it
 * settles, and forwards its body sink untouched. Only wrapped handlers pay for this: the routes'
 * compiled heads go straight to the transport when nothing wraps them.
 */
import type { FixedResponse, HeadTemplate } from './compiled.js';
import { type BodySink, PendingResponse, type Reply, type ResponseOwner } from './handler.js';
import { NO_BODY, type ResponsePlan } from './plan.js';

/** Changes one plan into another (adds header fields, wraps the body source). */
export type PlanEdit = (plan: ResponsePlan) => ResponsePlan;

/** The status a plan answers with (a compiled head's status wins over the plan's). */
export function statusOf(plan: ResponsePlan): number {
  const headers = plan.headers;
  return Array.isArray(headers) ? plan.status : (headers as HeadTemplate).status;
}

/** The plan's header fields as a flat `[name, value, ...]` list. */
export function fieldsOf(plan: ResponsePlan): readonly string[] {
  const headers = plan.headers;
  return Array.isArray(headers) ? (headers as readonly string[]) : (headers as HeadTemplate).fields;
}

/** The value of the field `lowerName` in a flat list, or undefined. */
export function fieldValue(fields: readonly string[], lowerName: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i].toLowerCase() === lowerName) return fields[i + 1];
  return undefined;
}

/**
 * `plan` with `extra` fields after its own. A `Vary` in `extra` is merged into the plan's own
 * `Vary` (one field, no repeated token), so that a response never carries two.
 */
export function withFields(plan: ResponsePlan, extra: readonly string[]): ResponsePlan {
  if (extra.length === 0) return plan;
  const fields = [...fieldsOf(plan)];
  for (let i = 0; i + 1 < extra.length; i += 2) {
    const name = extra[i];
    const value = extra[i + 1];
    if (name.toLowerCase() === 'vary') {
      const at = fields.findIndex((field, index) => index % 2 === 0 && field.toLowerCase() === 'vary');
      if (at >= 0) {
        const tokens = fields[at + 1].split(',').map((token) => token.trim().toLowerCase());
        const added = value.split(',').map((token) => token.trim()).filter((token) => !tokens.includes(token.toLowerCase()));
        if (added.length > 0) fields[at + 1] = `${fields[at + 1]}, ${added.join(', ')}`;
        continue;
      }
    }
    fields.push(name, value);
  }
  return { status: statusOf(plan), headers: fields, body: plan.body };
}

/** A `Reply` that hands every answer to `inner` as a plan, edited. One per request. */
export class EditingReply implements Reply {
  constructor(
    private readonly inner: Reply,
    private readonly edit: PlanEdit,
  ) {}

  compiled(head: HeadTemplate, body: Buffer | null, start: number, end: number): void {
    const content = body === null ? NO_BODY : { kind: 'bytes' as const, bytes: body.subarray(start, end) };
    this.inner.plan(this.edit({ status: head.status, headers: head, body: content }));
  }

  fixed(response: FixedResponse): void {
    this.inner.plan(this.edit({ status: response.status, headers: response.fields, body: NO_BODY }));
  }

  plan(plan: ResponsePlan): void {
    this.inner.plan(this.edit(plan));
  }

  get remoteAddress(): string | undefined {
    return this.inner.remoteAddress;
  }
}

/** A pending response whose plan is edited when it settles; its body sink is the inner one's. */
export class EditedResponse extends PendingResponse implements ResponseOwner {
  constructor(
    private readonly inner: PendingResponse,
    private readonly edit: PlanEdit,
    /** Told when the transport gives up on the response before it settled. */
    private readonly onCancelled: (() => void) | null = null,
  ) {
    super();
    inner.attach(this);
    if (inner.outcome.kind === 'plan') this.settle(edit(inner.outcome.plan));
  }

  override get sink(): BodySink | null {
    return this.inner.sink;
  }

  protected start(): void {
    this.inner.begin();
    // Settled within begin() (a cached file): it did not call onSettled.
    if (this.inner.outcome.kind === 'plan') this.onSettled(this.inner);
  }

  protected release(): void {
    this.inner.cancel();
    if (this.outcome.kind === 'working') this.onCancelled?.();
  }

  onSettled(response: PendingResponse): void {
    if (response.outcome.kind === 'plan' && this.outcome.kind === 'working') this.settle(this.edit(response.outcome.plan));
  }

  onSinkDrain(): void {
    this.notifySinkDrain();
  }
}

/** Wraps a handler's answer (immediate or pending) in `edit`. */
export function editAnswer(pending: PendingResponse | null, edit: PlanEdit): PendingResponse | null {
  return pending === null ? null : new EditedResponse(pending, edit);
}
