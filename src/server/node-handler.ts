/**
 * ferroserve's features as a node:http request listener (createHandler): the same route table,
 * files and echo as ferroserve's own server, over `IncomingMessage` / `ServerResponse`.
 *
 * node:http has parsed the request already; its head is serialised again and parsed by the
 * wire, so that handlers see the same RequestView (headers by name, the path, the method ids)
 * and the same strictness (a head the wire refuses gets the wire's status). The body arrives
 * from the IncomingMessage into the handler's BodySink, paused while the sink is full.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppHandler } from '../app/stack.js';
import type { Responses } from '../http/compiled.js';
import type { BodySink, PendingResponse, ResponseOwner } from '../http/handler.js';
import { RequestView } from '../http/request.js';
import { statusForWireError } from '../wire/errors.js';
import { METHOD_HEAD, R_ERROR_CODE, RECORDS_START, STATUS_DONE, STATUS_ERROR } from '../wire/layout.js';
import type { Wire } from '../wire/types.js';
import { NodeReply } from './node-reply.js';
import { createParseOutput } from './parse-output.js';

type Listener = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

/**
 * A node:http listener; `next` (Express, Connect) is called for a path no route matches.
 * `checkContinue` is the same for the server's 'checkContinue' event: registered there, an
 * upload that sent `Expect: 100-continue` is invited only once it is accepted, and one over
 * --max-body gets its 413 before the client sends the body (otherwise node:http invites every one).
 */
export type NodeHandler = Listener & { readonly checkContinue: (req: IncomingMessage, res: ServerResponse) => void };

export interface NodeHandlerSetup {
  readonly app: AppHandler;
  readonly wire: Wire;
  readonly responses: Responses;
  readonly maxBody: number;
  /** --send-timeout: a response whose bytes make no progress this long is destroyed. */
  readonly sendTimeoutMs: number;
}

export function nodeHandler({ app, wire, responses, maxBody, sendTimeoutMs }: NodeHandlerSetup): NodeHandler {
  const out = createParseOutput(1);
  const view = new RequestView(out);
  const refuse = (res: ServerResponse, status: number, parsed: RequestView | null): void => {
    new NodeReply(res, false, sendTimeoutMs).fixed(responses.fixed(status, ['Connection', 'close']));
    app.refusals?.refused(status, parsed, res.socket?.remoteAddress);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, next: ((error?: unknown) => void) | undefined, invite: boolean): void => {
    const head = serialiseHead(req);
    const status = wire.parse(head, 0, head.length, out);
    if (status !== STATUS_DONE) {
      req.resume();
      refuse(res, status === STATUS_ERROR ? statusForWireError(out[R_ERROR_CODE]) : 431, null);
      return;
    }
    view.bind(head, RECORDS_START);
    if (next !== undefined && !app.matches(view)) {
      next();
      return;
    }
    if (view.declaredLength > maxBody) {
      req.resume();
      refuse(res, 413, view);
      return;
    }
    const pending = app.handle(view, new NodeReply(res, view.method === METHOD_HEAD, sendTimeoutMs));
    if (pending === null) {
      req.resume();
      return;
    }
    if (invite && pending.sink !== null) res.writeContinue();
    answerLater(pending, req, res, maxBody, sendTimeoutMs);
  };
  const listener: Listener = (req, res, next) => handle(req, res, next, false);
  return Object.assign(listener, { checkContinue: (req: IncomingMessage, res: ServerResponse) => handle(req, res, undefined, true) });
}

/** Connects a pending response to the node:http exchange: its body, its answer, its cancellation. */
function answerLater(pending: PendingResponse, req: IncomingMessage, res: ServerResponse, maxBody: number, sendTimeoutMs: number): void {
  const owner: ResponseOwner = {
    onSettled: (response) => {
      if (response.outcome.kind === 'plan') new NodeReply(res, req.method === 'HEAD', sendTimeoutMs).plan(response.outcome.plan);
    },
    onSinkDrain: () => {
      if (req.isPaused()) req.resume();
    },
  };
  res.once('close', () => {
    if (!res.writableFinished) pending.cancel();
  });
  pending.attach(owner);
  pending.begin();
  const sink = pending.sink;
  if (sink === null) req.resume();
  else feed(sink, req, res, maxBody);
  // A response that settled during begin() (it should not, but) is sent now.
  if (pending.outcome.kind === 'plan' && !res.headersSent) owner.onSettled(pending);
}

/** The request body into `sink`, paused while it is full, failed when it cannot complete. */
function feed(sink: BodySink, req: IncomingMessage, res: ServerResponse, maxBody: number): void {
  let received = 0;
  let ended = false;
  const fail = (status: number): void => {
    if (ended) return;
    ended = true;
    res.shouldKeepAlive = false;
    sink.fail(status);
  };
  req.on('data', (chunk: Buffer) => {
    if (ended) return;
    received += chunk.length;
    if (received > maxBody) {
      fail(413);
      req.resume();
      return;
    }
    sink.write(chunk);
    if (sink.full) req.pause();
  });
  req.on('end', () => {
    if (ended) return;
    ended = true;
    sink.end();
  });
  req.on('aborted', () => fail(400));
  req.on('error', () => fail(400));
}

/** The request head as it came, from what node:http kept of it (rawHeaders keeps names, order and repeats). */
function serialiseHead(req: IncomingMessage): Buffer {
  let text = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) text += `${raw[i]}: ${raw[i + 1]}\r\n`;
  return Buffer.from(`${text}\r\n`, 'latin1');
}
