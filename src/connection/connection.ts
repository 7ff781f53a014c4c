/**
 * One client connection of ferroserve's own transport: bytes in, requests parsed (one wire call
 * per chunk), each head answered by the handler, responses out in request order, bodies
 * consumed, timeouts, backpressure, close. The per-request HTTP decisions are decisions.ts; the
 * queue of responses not yet written is response-queue.ts; the timer is timers.ts.
 *
 * Reading is a `ReadState` (head / length body / chunked body / closing). A response that is
 * ready while nothing is queued before it goes into the shared batch, which leaves in one
 * `socket.write` at the end of the event; one that takes time (a file) is queued, and so is
 * everything after it until it is written.
 */
import type { Socket } from 'node:net';
import { ChunkedSink, LAST_CHUNK } from '../http/chunked-out.js';
import { CONTINUE_100 } from '../http/compiled.js';
import { CLOSE, type ConnMode } from '../http/conn-mode.js';
import { type BodySink, DISCARD, type PendingResponse, type ResponseOwner } from '../http/handler.js';
import { appendInMemory } from '../http/render.js';
import { statusForWireError } from '../wire/errors.js';
import {
  BODY_CHUNKED,
  D_CONSUMED,
  D_ERROR_CODE,
  D_SPAN_COUNT,
  D_SPANS_START,
  DECODE_DONE,
  DECODE_ERROR,
  C_MAX_HEAD,
  F_WORDS,
  METHOD_HEAD,
  R_CONSUMED,
  R_COUNT,
  R_ERROR_CODE,
  R_STATUS,
  RECORDS_START,
  STATUS_ERROR,
  STATUS_PARTIAL,
} from '../wire/layout.js';
import type { ConnectionContext } from './context.js';
import { admit } from './decisions.js';
import { type BodyState, CLOSING, READING_HEAD, type ReadState, type WriteState } from './read-state.js';
import { type QueuedResponse, ResponseQueue, shapeOf } from './response-queue.js';
import { ConnectionTimer, SendWatch, TIMER_BODY, TIMER_HEAD, TIMER_IDLE, TIMER_LINGER, TIMER_NONE, type TimerKind } from './timers.js';

const LF = 0x0a;

/** Written by hand, not by the wire's writer, which may be what failed. */
const INTERNAL_ERROR = Buffer.from(
  'HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
  'latin1',
);

export class Connection implements ResponseOwner {
  private read: ReadState = READING_HEAD;
  private writeState: WriteState = 'open';
  /** The pieces of a head that is still incomplete (oldest first), or null. */
  private tail: Buffer[] | null = null;
  /** Bytes in `tail`. */
  private tailBytes = 0;
  /** When the head in `tail` began to arrive (for the head timeout). */
  private tailSince = 0;
  private readonly queue = new ResponseQueue();
  /** The queued response whose body is being streamed, if any (it is the queue's front). */
  private streaming: { readonly item: QueuedResponse; readonly chunked: boolean; readonly closes: boolean } | null = null;
  private readonly timer = new ConnectionTimer();
  /** Whether what this connection sends makes progress (--send-timeout), whatever it reads meanwhile. */
  private readonly sendWatch = new SendWatch();
  /** Heads completed during the current chunk (decides whether a tail is a new head). */
  private headsThisChunk = 0;

  constructor(
    private readonly context: ConnectionContext,
    private readonly socket: Socket,
  ) {
    this.timer.set(TIMER_IDLE, Date.now() + context.limits.idleTimeoutMs);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.onPeerEnd());
    socket.on('drain', () => {
      this.sendWatch.drained();
      this.updateFlow();
    });
    // Resets and broken pipes are normal on the Internet; 'close' follows and cleans up.
    socket.on('error', () => undefined);
    socket.on('close', () => this.onClose());
  }

  // ---- events ------------------------------------------------------------------------------

  private onData(chunk: Buffer): void {
    if (this.read.kind === 'closing') return;
    try {
      this.receive(chunk);
    } catch (error) {
      this.internalError(error);
    }
  }

  private receive(chunk: Buffer): void {
    let buf = chunk;
    const tail = this.tail;
    const continuesHead = tail !== null;
    if (tail !== null) {
      // Rare: a head split across chunks. A head can only end at a LF, so until one arrives
      // (or the head reaches the size limit) parsing again would only find the same PARTIAL;
      // waiting keeps a head sent byte by byte from costing O(n²) parses and copies.
      const total = this.tailBytes + chunk.length;
      if (chunk.indexOf(LF) < 0 && total < this.context.out[C_MAX_HEAD]) {
        tail.push(chunk);
        this.tailBytes = total;
        return;
      }
      tail.push(chunk);
      buf = Buffer.concat(tail, total);
      this.tail = null;
    }
    this.headsThisChunk = 0;
    this.consume(buf, 0, buf.length, continuesHead);
    this.drainQueue();
    this.armTimer(true);
    this.updateFlow();
  }

  /**
   * A fault in ferroserve itself while handling this connection: it is reported, the responses
   * already complete are sent, the request at fault gets a 500 when nothing is queued before it,
   * and the connection closes. Other connections are not disturbed.
   */
  private internalError(error: unknown): void {
    this.context.reportInternalError(error);
    this.writeBatch();
    if (this.queue.length === 0 && this.writeState === 'open' && !this.socket.destroyed) {
      this.socket.write(INTERNAL_ERROR);
    }
    this.closeAfterQueue();
    if (this.queue.length === 0) {
      this.writeState = 'ended';
      this.socket.end();
    }
    this.armTimer(false);
  }

  /** The client half-closed: no more requests; what is in flight is still answered. */
  private onPeerEnd(): void {
    const read = this.read;
    if (read.kind === 'length-body' || read.kind === 'chunked-body') this.failBody(read, 400);
    this.tail = null;
    this.closeAfterQueue();
    this.drainQueue();
    this.armTimer(false);
  }

  private onClose(): void {
    this.read = CLOSING;
    this.writeState = 'ended';
    this.timer.set(TIMER_NONE, 0);
    this.tail = null;
    // Cancelling an upload mid-body deletes its temporary file; a file response closes its file.
    this.queue.cancelAll();
    this.streaming = null;
    this.context.forget(this);
  }

  onSettled(response: PendingResponse): void {
    if (this.writeState === 'ended') return;
    try {
      if (response.isWrite) this.queue.beginReady();
      this.drainQueue();
      this.armTimer(false);
      this.updateFlow();
    } catch (error) {
      this.internalError(error);
    }
  }

  onSinkDrain(): void {
    this.updateFlow();
  }

  private readonly onStreamDone = (complete: boolean): void => {
    const streaming = this.streaming;
    this.streaming = null;
    if (streaming === null || this.queue.front !== streaming.item) return;
    this.queue.shift();
    if (!complete) {
      // Fewer bytes than the Content-Length sent: the only honest end is to close.
      this.socket.destroy();
      return;
    }
    if (streaming.chunked) this.socket.write(LAST_CHUNK);
    if (streaming.closes) {
      // A body delimited by the end of the connection (HTTP/1.0, unknown length), or the last answer.
      this.queue.cancelAll();
      this.closeAfterQueue();
    }
    this.drainQueue();
    this.armTimer(false);
    this.updateFlow();
  };

  // ---- reading -----------------------------------------------------------------------------

  private consume(buf: Buffer, start: number, end: number, continuesHead: boolean): void {
    let pos = start;
    while (pos < end) {
      const read = this.read;
      switch (read.kind) {
        case 'head':
          pos = this.parseHeads(buf, pos, end, continuesHead);
          break;
        case 'length-body':
          pos = this.readLengthBody(read, buf, pos, end);
          break;
        case 'chunked-body':
          pos = this.readChunkedBody(read, buf, pos, end);
          break;
        case 'closing':
          return;
      }
    }
  }

  /** Parses and answers heads from `pos`; returns where reading stopped (a body may follow). */
  private parseHeads(buf: Buffer, pos: number, end: number, continuesHead: boolean): number {
    const { wire, out } = this.context;
    for (;;) {
      const status = wire.parse(buf, pos, end, out);
      const count = out[R_COUNT];
      let rec = RECORDS_START;
      for (let i = 0; i < count; i++) {
        this.headsThisChunk++;
        this.onHead(buf, rec);
        // Only the last record can have a body (the parser stops after it). After a closing
        // response, whatever follows is not read.
        if (this.read.kind === 'closing') return end;
        rec += out[rec + F_WORDS];
      }
      const consumed = out[R_CONSUMED];
      if (status === STATUS_ERROR) {
        const refusal = statusForWireError(out[R_ERROR_CODE]);
        this.respond(this.context.responses.closing(refusal));
        this.context.refusals?.refused(refusal, null, this.socket.remoteAddress);
        this.closeAfterQueue();
        return end;
      }
      if (status === STATUS_PARTIAL) {
        this.keepTail(buf, consumed, end, continuesHead && this.headsThisChunk === 0);
        return end;
      }
      if (this.read.kind !== 'head' || consumed >= end) return consumed;
      pos = consumed; // stopped for capacity: parse on
    }
  }

  private keepTail(buf: Buffer, from: number, end: number, sameHead: boolean): void {
    // A copy: keeping a view would pin the whole chunk for as long as the head takes.
    this.tail = [Buffer.from(buf.subarray(from, end))];
    this.tailBytes = end - from;
    if (!sameHead) this.tailSince = Date.now();
  }

  /** Answers one parsed head (the record at word `rec`). */
  private onHead(buf: Buffer, rec: number): void {
    const { view, reply, handler, batch } = this.context;
    view.bind(buf, rec);
    const admission = admit(view, this.context.limits.maxBody, this.context.lifecycle === 'draining');
    if (admission.kind === 'refuse') {
      this.respond(this.context.responses.closing(admission.status));
      this.context.refusals?.refused(admission.status, view, this.socket.remoteAddress);
      this.closeAfterQueue();
      return;
    }
    const hasBody = view.hasBody;
    const before = batch.length;
    reply.mode = admission.mode;
    reply.head = view.method === METHOD_HEAD;
    reply.minor = view.versionMinor;
    reply.socket = this.socket;
    const pending = handler.handle(view, reply);
    if (pending === null) {
      // Behind a response that takes time, this one waits its turn in the queue.
      if (this.queue.length > 0) this.queue.pushBytes(batch.takeSince(before));
      if (admission.mode === CLOSE) this.closeAfterQueue();
      else if (hasBody) this.startBody(DISCARD, READING_HEAD);
      return;
    }
    const sink = pending.sink;
    if (sink !== null && admission.awaitsInvitation) this.respond(CONTINUE_100);
    const mode = sink !== null ? admission.modeAfterBody : admission.mode;
    this.respondLater(pending, mode);
    const closes = mode === CLOSE;
    const next = closes ? CLOSING : READING_HEAD;
    if (closes && this.writeState === 'open') this.writeState = 'close-after-queue';
    if (sink !== null) {
      if (hasBody) this.startBody(sink, next);
      else {
        sink.end();
        this.read = next;
      }
    } else if (closes) this.read = CLOSING;
    else if (hasBody) this.startBody(DISCARD, READING_HEAD);
  }

  /** Switches to reading the body of the head the view is on. */
  private startBody(sink: BodySink, next: ReadState): void {
    const view = this.context.view;
    if (view.bodyKind === BODY_CHUNKED) {
      const decoder = this.context.wire.createChunkedDecoder(this.context.decoderOptions);
      this.read = { kind: 'chunked-body', decoder, received: 0, sink, next };
    } else {
      this.read = { kind: 'length-body', remaining: view.contentLength, sink, next };
    }
  }

  private readLengthBody(state: Extract<ReadState, { kind: 'length-body' }>, buf: Buffer, pos: number, end: number): number {
    const take = Math.min(state.remaining, end - pos);
    if (state.sink !== DISCARD) state.sink.write(buf.subarray(pos, pos + take));
    state.remaining -= take;
    if (state.remaining === 0) {
      this.read = state.next;
      state.sink.end();
    }
    return pos + take;
  }

  private readChunkedBody(state: Extract<ReadState, { kind: 'chunked-body' }>, buf: Buffer, pos: number, end: number): number {
    const out = this.context.decodeOut;
    const status = state.decoder.decode(buf, pos, end, out);
    const spans = out[D_SPAN_COUNT];
    const maxBody = this.context.limits.maxBody;
    for (let i = 0, w = D_SPANS_START; i < spans; i++, w += 2) {
      const start = out[w];
      const length = out[w + 1];
      state.received += length;
      if (state.received > maxBody) {
        this.failBody(state, 413);
        return end;
      }
      if (state.sink !== DISCARD) state.sink.write(buf.subarray(start, start + length));
    }
    const consumed = out[D_CONSUMED];
    if (status === DECODE_DONE) {
      this.read = state.next;
      state.sink.end();
      return consumed;
    }
    if (status === DECODE_ERROR) {
      this.failBody(state, statusForWireError(out[D_ERROR_CODE]));
      return end;
    }
    if (consumed <= pos && consumed < end) {
      // The decoder must progress when it asks for more; never loop on a wire fault.
      this.failBody(state, 500);
      return end;
    }
    return consumed;
  }

  /** The body cannot be read to its end: the sink answers (uploads) and the connection closes. */
  private failBody(state: BodyState, status: number): void {
    // Before the sink answers: its answer may be rendered at once, and must say it closes.
    this.queue.closeAfter(state.sink);
    state.sink.fail(status);
    this.closeAfterQueue();
  }

  // ---- writing -----------------------------------------------------------------------------

  /** Queues bytes behind the responses before them, or batches them when nothing is before them. */
  private respond(bytes: Buffer): void {
    if (this.queue.length === 0) this.context.batch.append(bytes);
    else this.queue.pushBytes(bytes);
  }

  /** Queues a response that settles later, to be rendered in `mode` for the request the view is on. */
  private respondLater(response: PendingResponse, mode: ConnMode): void {
    const reply = this.context.reply;
    this.queue.pushPending(response, shapeOf(reply.head, reply.minor), mode, this);
  }

  /** No more requests: read and drop input, end the socket once the queue is written. */
  private closeAfterQueue(): void {
    this.read = CLOSING;
    this.tail = null;
    if (this.writeState === 'open') this.writeState = 'close-after-queue';
  }

  /** Moves settled responses from the queue front to the socket; ends it after the last one. */
  private drainQueue(): void {
    const queue = this.queue;
    const batch = this.context.batch;
    while (queue.length > 0) {
      const item = queue.front!;
      if (Buffer.isBuffer(item)) {
        batch.append(item);
        queue.shift();
        continue;
      }
      if (this.streaming !== null) break;
      const outcome = item.response.outcome;
      if (outcome.kind === 'working') break;
      // The last answer before the connection closes says so.
      const mode = this.writeState !== 'open' && queue.length === 1 ? CLOSE : item.mode;
      const rendered = this.context.renderer.render(outcome.plan, item.shape, mode);
      if (rendered.kind !== 'stream') {
        appendInMemory(batch, rendered);
        queue.shift();
        if (rendered.mode === CLOSE) this.closeAfterQueue();
        continue;
      }
      batch.append(rendered.head);
      this.writeBatch();
      this.streaming = { item, chunked: rendered.chunked, closes: rendered.mode === CLOSE };
      rendered.source.pipeTo(rendered.chunked ? new ChunkedSink(this.socket) : this.socket, this.onStreamDone);
      break;
    }
    this.writeBatch();
    if (this.writeState === 'close-after-queue' && queue.length === 0) {
      // In the same tick as the last response's write.
      this.writeState = 'ended';
      this.socket.end();
      this.armTimer(false);
    }
  }

  private writeBatch(): void {
    const batch = this.context.batch;
    if (batch.length === 0) return;
    if (this.writeState !== 'ended' && !this.socket.destroyed) batch.flushTo(this.socket);
    else batch.clear();
  }

  // ---- flow control and timers -------------------------------------------------------------

  /** Pauses reading while a body sink is full, the socket's output is backed up, or too many responses wait. */
  private updateFlow(): void {
    const socket = this.socket;
    if (socket.destroyed) return;
    const read = this.read;
    let pause = false;
    if (read.kind === 'length-body' || read.kind === 'chunked-body') pause = read.sink.full;
    if (!pause && read.kind !== 'closing') {
      pause = socket.writableNeedDrain || this.queue.length > this.context.limits.maxQueuedResponses;
    }
    if (pause) {
      if (!socket.isPaused()) socket.pause();
    } else if (socket.isPaused()) socket.resume();
  }

  private armTimer(dataArrived: boolean): void {
    const limits = this.context.limits;
    const read = this.read;
    switch (read.kind) {
      case 'closing':
        if (this.writeState !== 'ended') this.setTimer(TIMER_NONE, 0);
        else if (this.timer.kind !== TIMER_LINGER) this.setTimer(TIMER_LINGER, Date.now() + limits.lingerMs);
        return;
      case 'length-body':
      case 'chunked-body':
        if (dataArrived || this.timer.kind !== TIMER_BODY) this.setTimer(TIMER_BODY, Date.now() + limits.headTimeoutMs);
        return;
      case 'head':
        if (this.queue.length > 0) this.setTimer(TIMER_NONE, 0);
        else if (this.tail !== null) this.setTimer(TIMER_HEAD, this.tailSince + limits.headTimeoutMs);
        else this.setTimer(TIMER_IDLE, Date.now() + limits.idleTimeoutMs);
        return;
    }
  }

  private setTimer(kind: TimerKind, deadline: number): void {
    this.timer.set(kind, deadline);
  }

  /** Called by the server's periodic sweep. */
  checkTimer(now: number): void {
    if (this.sendWatch.stalled(this.socket.writableLength, now, this.context.limits.sendTimeoutMs)) {
      // The client does not read what it asked for: nothing more can be said to it, so the
      // connection (and the file it was sent) is released at once.
      this.socket.destroy();
      return;
    }
    const kind = this.timer.due(now);
    switch (kind) {
      case TIMER_NONE:
        return;
      case TIMER_IDLE:
      case TIMER_LINGER:
        this.socket.destroy();
        return;
      case TIMER_HEAD:
        this.respond(this.context.responses.closing(408));
        this.context.refusals?.refused(408, null, this.socket.remoteAddress);
        this.closeAfterQueue();
        break;
      case TIMER_BODY: {
        const read = this.read;
        if (read.kind !== 'length-body' && read.kind !== 'chunked-body') return;
        if (this.socket.isPaused()) {
          // Paused by us (a full sink), not a slow client: wait on.
          this.setTimer(TIMER_BODY, now + this.context.limits.headTimeoutMs);
          return;
        }
        this.failBody(read, 408);
        break;
      }
    }
    this.drainQueue();
    this.armTimer(false);
    this.updateFlow();
  }

  /** Closes at once, whatever is in flight (end of the shutdown grace period). */
  abort(): void {
    this.socket.destroy();
  }

  /** The server shuts down: finish what is in flight, take no new request, then close. */
  shutdown(): void {
    const read = this.read;
    if (read.kind === 'head' && this.queue.length === 0) {
      this.socket.destroy();
      return;
    }
    if (read.kind === 'length-body' || read.kind === 'chunked-body') read.next = CLOSING;
    else this.read = CLOSING;
    this.tail = null;
    if (this.writeState === 'open') this.writeState = 'close-after-queue';
    this.drainQueue();
    this.armTimer(false);
  }
}
