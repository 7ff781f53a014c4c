/**
 * The ferroserve server on node:net: accepts connections, owns what they share (wire, parser
 * output, handler, renderer, limits), sweeps their timers, and shuts down gracefully. The one
 * place where the transport and the features meet: the route table built by app/app.ts is the
 * handler every connection calls.
 */
import net, { type AddressInfo, type Socket } from 'node:net';
import tls from 'node:tls';
import { type AccessLogSetup, buildStack } from '../app/stack.js';
import { Connection } from '../connection/connection.js';
import type { ConnectionContext, ConnectionLimits } from '../connection/context.js';
import { WireReply } from '../connection/wire-reply.js';
import type { ServedTree } from '../files/tree.js';
import { Responses } from '../http/compiled.js';
import { DateClock } from '../http/date-clock.js';
import type { Handler, RefusalListener } from '../http/handler.js';
import { OutBatch } from '../http/out-batch.js';
import { Renderer } from '../http/render.js';
import { RequestView } from '../http/request.js';
import type { ServerOptions } from '../options.js';
import { createParseOutput } from './parse-output.js';
import { D_SPANS_START, DEFAULT_MAX_HEAD, DEFAULT_MAX_HEADERS } from '../wire/layout.js';
import type { ChunkedDecoderOptions, Wire } from '../wire/types.js';

/** Records of the largest size the parser output has room for (it stops and resumes beyond). */
const RECORDS_PER_CALL = 16;
/** Data spans per chunked-decoder call. */
const DECODER_SPANS = 64;

export interface ServerSetup {
  readonly options: ServerOptions;
  readonly wire: Wire;
  /** The served directory, checked to exist, or null without one. */
  readonly tree: ServedTree | null;
  /** The access log, or null when it is off. */
  readonly log?: AccessLogSetup | null;
  /** Certificate and key (PEM) to serve HTTPS with, or null for plain HTTP. */
  readonly tls?: TlsFiles | null;
}

export interface TlsFiles {
  readonly cert: Buffer;
  readonly key: Buffer;
}

export class FerroServer implements ConnectionContext {
  readonly wire: Wire;
  readonly out: Uint32Array;
  readonly decodeOut = new Uint32Array(D_SPANS_START + 2 * DECODER_SPANS);
  readonly batch = new OutBatch();
  readonly view: RequestView;
  readonly handler: Handler;
  readonly refusals: RefusalListener | null;
  readonly reply: WireReply;
  readonly renderer: Renderer;
  readonly responses: Responses;
  readonly limits: ConnectionLimits;
  readonly decoderOptions: ChunkedDecoderOptions;
  lifecycle: 'serving' | 'draining' = 'serving';

  private readonly server: net.Server;
  private readonly tree: ServedTree | null;
  /** `https` with --tls-cert, else `http`: the scheme of the URLs the server answers. */
  readonly scheme: 'http' | 'https';
  private readonly connections = new Set<Connection>();
  private sweeper: NodeJS.Timeout | null = null;
  private shutdownDone: Promise<void> | null = null;
  private whenEmpty: (() => void) | null = null;

  constructor(setup: ServerSetup) {
    const { options: config, wire, tree, log = null, tls: tlsFiles = null } = setup;
    this.wire = wire;
    this.tree = tree;
    this.out = createParseOutput(RECORDS_PER_CALL);
    this.decoderOptions = { maxHeaders: DEFAULT_MAX_HEADERS, maxHeadBytes: DEFAULT_MAX_HEAD, lenientBareLf: false };
    this.limits = {
      maxBody: config.maxBody,
      idleTimeoutMs: config.idleTimeoutMs,
      headTimeoutMs: config.headTimeoutMs,
      sendTimeoutMs: config.sendTimeoutMs,
      lingerMs: Math.min(config.idleTimeoutMs, 2000),
      maxQueuedResponses: 64,
    };
    this.view = new RequestView(this.out);
    // The one place where the response writer is chosen: the wire's (see src/wire/native.ts
    // for which writer the native wire uses, and why).
    const write = wire.writeResponse.bind(wire);
    const clock = config.date ? new DateClock() : null;
    this.responses = new Responses(write, clock);
    this.renderer = new Renderer(write, clock);
    this.reply = new WireReply(this.batch, this.renderer);
    const stack = buildStack({ responses: this.responses, tree, options: config, log });
    this.handler = stack;
    this.refusals = stack.refusals ?? null;
    // HTTPS: a TLSSocket is a net.Socket duplex, so the same connection code reads and writes it.
    this.scheme = tlsFiles === null ? 'http' : 'https';
    this.server =
      tlsFiles === null
        ? net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => this.accept(socket))
        : tls.createServer({ allowHalfOpen: true, noDelay: true, cert: tlsFiles.cert, key: tlsFiles.key }, (socket) => this.accept(socket));
    // A client that fails the TLS handshake never reaches a connection: nothing to answer.
    if (tlsFiles !== null) this.server.on('tlsClientError', (_error: Error, socket: Socket) => socket.destroy());
  }

  /** Listens; resolves with the real address (the chosen port for port 0). */
  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.server.once('error', onError);
      this.server.listen({ port, host }, () => {
        this.server.off('error', onError);
        // Accept errors (EMFILE, ...) must not end the process: the next accept may succeed.
        this.server.on('error', () => undefined);
        this.startSweeper();
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /**
   * Stops accepting, lets in-flight requests finish (each connection closes after its last
   * response), closes idle connections at once; after `graceMs`, closes whatever is left. Resolves
   * once the temporary files of the uploads that did not finish are removed too: nothing of them
   * may be left on disk when the process exits right after.
   */
  shutdown(graceMs: number): Promise<void> {
    if (this.shutdownDone !== null) return this.shutdownDone;
    this.lifecycle = 'draining';
    this.server.close();
    this.shutdownDone = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        for (const connection of this.connections) connection.abort();
        finish();
      }, graceMs);
      const finish = (): void => {
        clearTimeout(timer);
        if (this.sweeper !== null) clearInterval(this.sweeper);
        this.whenEmpty = null;
        resolve(this.tree?.temporaries.close());
      };
      this.whenEmpty = finish;
      for (const connection of [...this.connections]) connection.shutdown();
      if (this.connections.size === 0) finish();
    });
    return this.shutdownDone;
  }

  forget(connection: Connection): void {
    this.connections.delete(connection);
    if (this.connections.size === 0) this.whenEmpty?.();
  }

  reportInternalError(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`ferroserve: internal error: ${message}\n`);
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  private accept(socket: Socket): void {
    if (this.lifecycle === 'draining') {
      socket.destroy();
      return;
    }
    this.connections.add(new Connection(this, socket));
  }

  /** One timer for all connections: a sweep at a tenth of the shortest timeout. */
  private startSweeper(): void {
    const { idleTimeoutMs, headTimeoutMs, sendTimeoutMs } = this.limits;
    const period = Math.max(50, Math.min(1000, Math.floor(Math.min(idleTimeoutMs, headTimeoutMs, sendTimeoutMs) / 10)));
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const connection of this.connections) {
        try {
          connection.checkTimer(now);
        } catch (error) {
          this.reportInternalError(error);
          connection.abort();
        }
      }
    }, period);
    this.sweeper.unref();
  }
}
