/**
 * Response plan -> bytes: the renderer adds what handlers never decide themselves — the framing
 * (framing.ts), `Connection` from the connection's mode and `Date` with --date — and drops the
 * body of a HEAD response. Compiled heads are used as they are; a plan with a field list is
 * serialised by the wire's writer.
 */
import type { HeadTemplate, ResponseWriter } from './compiled.js';
import { CLOSE, connectionHeader, type ConnMode } from './conn-mode.js';
import type { DateClock } from './date-clock.js';
import { frame, type Framing } from './framing.js';
import type { OutBatch } from './out-batch.js';
import type { BodySource, ResponsePlan } from './plan.js';

/**
 * A body in memory with a memo (a cached file's), up to this size, is sent joined to its head:
 * one Buffer, which the memo remembers, so that the join is made once, not per response.
 */
export const JOINED_BODY_LIMIT = 64 * 1024;
/**
 * Without a memo, a body up to this size is copied after its head (one small Buffer); a larger
 * one (or a memo's over JOINED_BODY_LIMIT) is sent after its head as a second piece of the same
 * write, never copied: a copy of 64 KiB per response costs more than a second iovec.
 */
export const INLINE_BODY_LIMIT = 4 * 1024;

export type Rendered =
  /** The whole response. */
  | { readonly kind: 'bytes'; readonly bytes: Buffer; readonly mode: ConnMode }
  /** The whole response in two pieces: the head, then a body in memory too large to join to it. */
  | { readonly kind: 'parts'; readonly head: Buffer; readonly body: Buffer; readonly mode: ConnMode }
  /** The head, then `source` written after it (`chunked`: each piece framed as a chunk). */
  | {
      readonly kind: 'stream';
      readonly head: Buffer;
      readonly source: BodySource;
      readonly chunked: boolean;
      readonly mode: ConnMode;
    };

/** A response rendered whole in memory. */
export type InMemory = Exclude<Rendered, { kind: 'stream' }>;

/** Appends a response rendered in memory to `batch`: its bytes, or its head and then its body. */
export function appendInMemory(batch: OutBatch, rendered: InMemory): void {
  if (rendered.kind === 'bytes') batch.append(rendered.bytes);
  else {
    batch.append(rendered.head);
    batch.append(rendered.body);
  }
}

/** How the request being answered was made: the renderer's only inputs besides the plan. */
export interface RequestShape {
  /** HEAD: the GET's header fields, no body. */
  readonly head: boolean;
  /** The minor version of HTTP/1.x (0 has no chunked coding). */
  readonly minor: number;
}

export class Renderer {
  constructor(
    private readonly write: ResponseWriter,
    private readonly clock: DateClock | null,
  ) {}

  /**
   * Renders `plan` for a request of `shape` on a connection in `mode`. The mode of the result is
   * CLOSE when the body can only end with the connection (HTTP/1.0, unknown length).
   */
  render(plan: ResponsePlan, shape: RequestShape, connectionMode: ConnMode): Rendered {
    const body = plan.body;
    const length = body.kind === 'none' ? 0 : body.kind === 'bytes' ? body.bytes.length : body.kind === 'sized' ? body.length : -1;
    const framing = frame(plan.status, shape.head, shape.minor, length);
    const mode = framing.kind === 'until-close' ? CLOSE : connectionMode;
    const source = body.kind === 'sized' || body.kind === 'stream' ? body.source : null;
    const sendsBody = (framing.kind === 'length' && framing.sendBody) || framing.kind === 'chunked' || framing.kind === 'until-close';
    if (source !== null && !(sendsBody && (framing.kind !== 'length' || framing.length > 0))) source.dispose();

    const headers = plan.headers;
    if (!Array.isArray(headers)) {
      const template = headers as HeadTemplate;
      if (body.kind === 'bytes' && sendsBody) {
        if (body.memo !== undefined && length <= JOINED_BODY_LIMIT) return { kind: 'bytes', bytes: body.memo.response(template, mode), mode };
        if (length > INLINE_BODY_LIMIT) return { kind: 'parts', head: template.headFor(mode, framing), body: body.bytes, mode };
        return { kind: 'bytes', bytes: template.bytes(mode, length, body.bytes), mode };
      }
      const head = template.headFor(mode, framing);
      return this.finish(head, framing, sendsBody ? source : null, mode);
    }
    const fields = [...(headers as readonly string[]), ...connectionHeader(mode)];
    if (this.clock !== null) fields.push('Date', this.clock.current());
    if (framing.kind === 'chunked') fields.push('Transfer-Encoding', 'chunked');
    const contentLength = framing.kind === 'length' ? framing.length : -1;
    const inline = body.kind === 'bytes' && sendsBody ? body.bytes : undefined;
    if (inline !== undefined && inline.length > INLINE_BODY_LIMIT) {
      return { kind: 'parts', head: this.write(plan.status, fields, contentLength), body: inline, mode };
    }
    const head = this.write(plan.status, fields, contentLength, inline);
    return this.finish(head, framing, sendsBody ? source : null, mode);
  }

  private finish(head: Buffer, framing: Framing, source: BodySource | null, mode: ConnMode): Rendered {
    if (source === null || (framing.kind === 'length' && framing.length === 0)) return { kind: 'bytes', bytes: head, mode };
    return { kind: 'stream', head, source, chunked: framing.kind === 'chunked', mode };
  }
}
