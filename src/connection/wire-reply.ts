/**
 * The `Reply` of ferroserve's own transport: what a handler answers at once goes straight into
 * the out batch, in the mode the connection decided for this request, without its body when the
 * request was HEAD. The connection sets `mode`, `head`, `minor` and `socket` before each handler call; one
 * instance serves every connection of a server (a handler answers synchronously).
 */
import type { Socket } from 'node:net';
import type { FixedResponse, HeadTemplate } from '../http/compiled.js';
import { KEEP_ALIVE, type ConnMode } from '../http/conn-mode.js';
import type { Reply } from '../http/handler.js';
import type { OutBatch } from '../http/out-batch.js';
import type { ResponsePlan } from '../http/plan.js';
import { appendInMemory, type Renderer, type RequestShape } from '../http/render.js';

export class WireReply implements Reply, RequestShape {
  mode: ConnMode = KEEP_ALIVE;
  head = false;
  minor = 1;
  /** The connection being answered (set with `mode`): only its address is ever read, and only when asked. */
  socket: Socket | null = null;

  constructor(
    private readonly batch: OutBatch,
    private readonly renderer: Renderer,
  ) {}

  compiled(template: HeadTemplate, body: Buffer | null, start: number, end: number): void {
    template.writeTo(this.batch, this.mode, end - start, this.head ? null : body, start, end);
  }

  fixed(response: FixedResponse): void {
    response.writeTo(this.batch, this.mode);
  }

  get remoteAddress(): string | undefined {
    return this.socket?.remoteAddress;
  }

  plan(plan: ResponsePlan): void {
    const rendered = this.renderer.render(plan, this, this.mode);
    if (rendered.kind === 'stream') {
      rendered.source.dispose();
      throw new Error('Reply.plan takes a body in memory; a body that streams is a pending response');
    }
    appendInMemory(this.batch, rendered);
  }
}
