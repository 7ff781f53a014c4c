/**
 * One client connection: bytes in, requests parsed (one wire call per chunk), responses out in
 * request order, bodies consumed, timeouts, backpressure, close.
 *
 * Reading is a `ReadState` (head / length body / chunked body / closing); writing is a queue of
 * responses in request order. A response that is ready while nothing is queued before it goes
 * into the shared batch, which leaves in one `socket.write` at the end of the event; one that
 * takes time (a file) is queued, and so is everything after it until it is written.
 */
import type { Socket } from 'node:net';
import { CLOSE, KEEP_ALIVE, KEEP_ALIVE_HTTP10, type ConnMode } from '../http/conn-mode.js';
import { CONTINUE_100 } from '../http/responses.js';
import { WRITTEN } from '../routes/router.js';
import { statusForWireError } from '../wire/errors.js';
import {
  BODY_CHUNKED,
  BODY_LENGTH,
  D_CONSUMED,
  D_ERROR_CODE,
  D_SPAN_COUNT,
  D_SPANS_START,
  DECODE_DONE,
  DECODE_ERROR,
  C_MAX_HEAD,
  F_WORDS,
  R_CONSUMED,
  R_COUNT,
  R_ERROR_CODE,
  R_STATUS,
  RECORDS_START,
  STATUS_ERROR,
  STATUS_PARTIAL,
} from '../wire/layout.js';
import type { ConnectionContext } from './context.js';
import { type BodySink, DISCARD, PendingResponse, type ResponseOwner } from './pending.js';
import {
  CLOSING,
  READING_HEAD,
  type ReadState,
  TIMER_BODY,
  TIMER_HEAD,
  TIMER_IDLE,
  TIMER_LINGER,
  TIMER_NONE,
  type TimerKind,
  type WriteState,
} from './read-state.js';

type BodyState = Extract<ReadState, { kind: 'length-body' | 'chunked-body' }>;

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
  /** Responses not yet written, in request order; empty in the common case. */
  private readonly queue: (Buffer | PendingResponse)[] = [];
  /** The queued response whose body is being streamed, if any (it is `queue[0]`). */
  private streaming: PendingResponse | null = null;
  private timer: TimerKind = TIMER_IDLE;
  private deadline: number;
  /** Heads completed during the current chunk (decides whether a tail is a new head). */
  private headsThisChunk = 0;

  constructor(
    private readonly context: ConnectionContext,
    private readonly socket: Socket,
  ) {
    this.deadline = Date.now() + context.limits.idleTimeoutMs;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.onPeerEnd());
    socket.on('drain', () => this.updateFlow());
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
    if (read.kind === 'length-body' || read.kind === 'chunked-body') read.sink.fail(400);
    this.tail = null;
    this.closeAfterQueue();
    this.drainQueue();
    this.armTimer(false);
  }

  private onClose(): void {
    this.read = CLOSING;
    this.writeState = 'ended';
    this.timer = TIMER_NONE;
    this.tail = null;
    // Cancelling an upload mid-body deletes its temporary file; a file response closes its file.
    for (const item of this.queue) if (!Buffer.isBuffer(item)) item.cancel();
    this.queue.length = 0;
    this.streaming = null;
    this.context.forget(this);
  }

  onSettled(response: PendingResponse): void {
    if (this.writeState === 'ended') return;
    try {
      if (response.isWrite) this.beginReady();
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
    const item = this.streaming;
    this.streaming = null;
    if (item !== null && this.queue[0] === item) this.queue.shift();
    if (!complete) {
      // Fewer bytes than the Content-Length sent: the only honest end is to close.
      this.socket.destroy();
      return;
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
        this.respond(this.context.responses.closing(statusForWireError(out[R_ERROR_CODE])));
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
    const { view, limits, responses, router } = this.context;
    view.bind(buf, rec);
    const mode: ConnMode =
      !view.keepAlive || this.context.lifecycle === 'draining'
        ? CLOSE
        : view.versionMinor === 0
          ? KEEP_ALIVE_HTTP10
          : KEEP_ALIVE;
    const hasBody = view.hasBody;
    // An HTTP/1.0 request's expectation is ignored (RFC 9110 §10.1.1).
    const awaitsInvitation = hasBody && view.expectsContinue && view.versionMinor === 1;
    view.modeAfterBody = mode;
    // Answering before reading a body the client waits to be invited to send: close after it
    // (RFC 9110 §10.1.1), rather than guess whether the body will come.
    view.mode = awaitsInvitation ? CLOSE : mode;

    if (view.bodyKind === BODY_LENGTH && view.contentLength > limits.maxBody) {
      this.respond(responses.closing(413));
      this.closeAfterQueue();
      return;
    }
    const batch = this.context.batch;
    const before = batch.length;
    const result = router.handle(view, batch);
    if (result === WRITTEN) {
      // Behind a response that takes time, this one waits its turn in the queue.
      if (this.queue.length > 0) this.queue.push(batch.takeSince(before));
      if (view.mode === CLOSE) this.closeAfterQueue();
      else if (hasBody) this.startBody(DISCARD, READING_HEAD);
      return;
    }
    const sink = result.sink;
    if (sink !== null && awaitsInvitation) this.respond(CONTINUE_100);
    this.respond(result);
    const closes = (sink !== null ? view.modeAfterBody : view.mode) === CLOSE;
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
    state.sink.fail(status);
    this.closeAfterQueue();
  }

  // ---- writing -----------------------------------------------------------------------------

  /** Queues a response behind those before it, or batches it when nothing is before it. */
  private respond(item: Buffer | PendingResponse): void {
    if (this.queue.length === 0 && Buffer.isBuffer(item)) {
      this.context.batch.append(item);
      return;
    }
    this.queue.push(item);
    if (Buffer.isBuffer(item)) return;
    item.attach(this);
    this.beginReady();
  }

  /** Begins queued responses in order, up to the first upload still in flight (a write barrier). */
  private beginReady(): void {
    for (const item of this.queue) {
      if (Buffer.isBuffer(item)) continue;
      item.begin();
      if (item.isWrite && item.outcome.kind === 'working') return;
    }
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
      const item = queue[0];
      if (Buffer.isBuffer(item)) {
        batch.append(item);
        queue.shift();
        continue;
      }
      const outcome = item.outcome;
      if (outcome.kind === 'working') break;
      if (outcome.kind === 'bytes') {
        batch.append(outcome.bytes);
        queue.shift();
        continue;
      }
      if (this.streaming !== item) {
        batch.append(outcome.head);
        this.writeBatch();
        this.streaming = item;
        outcome.body.pipeTo(this.socket, this.onStreamDone);
      }
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
        else if (this.timer !== TIMER_LINGER) this.setTimer(TIMER_LINGER, Date.now() + limits.lingerMs);
        return;
      case 'length-body':
      case 'chunked-body':
        if (dataArrived || this.timer !== TIMER_BODY) this.setTimer(TIMER_BODY, Date.now() + limits.headTimeoutMs);
        return;
      case 'head':
        if (this.queue.length > 0) this.setTimer(TIMER_NONE, 0);
        else if (this.tail !== null) this.setTimer(TIMER_HEAD, this.tailSince + limits.headTimeoutMs);
        else this.setTimer(TIMER_IDLE, Date.now() + limits.idleTimeoutMs);
        return;
    }
  }

  private setTimer(kind: TimerKind, deadline: number): void {
    this.timer = kind;
    this.deadline = deadline;
  }

  /** Called by the server's periodic sweep. */
  checkTimer(now: number): void {
    if (this.timer === TIMER_NONE || now < this.deadline) return;
    const kind = this.timer;
    this.timer = TIMER_NONE;
    switch (kind) {
      case TIMER_IDLE:
      case TIMER_LINGER:
        this.socket.destroy();
        return;
      case TIMER_HEAD:
        this.respond(this.context.responses.closing(408));
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
