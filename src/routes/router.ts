/**
 * Which route answers a request, by path then method. Routes:
 *
 *   /              GET HEAD        200, empty body
 *   /echo/{str}    GET HEAD        200 text/plain {str}, gzip when accepted
 *   /user-agent    GET HEAD        200 text/plain, the User-Agent value
 *   /files/{name}  GET HEAD        the file (needs --directory)
 *                  POST PUT        store the request body as the file (needs --directory)
 *   *              OPTIONS         200 with Allow (server-wide)
 *
 * Anything else: 404; a known path with another method: 405 with Allow; CONNECT: 501.
 * In-memory routes write their answer into the out batch at once and return WRITTEN; files
 * answer with a PendingResponse, which the connection begins when no earlier upload on the
 * connection is still in flight.
 */
import type { ConnMode } from '../http/conn-mode.js';
import type { RequestView } from '../http/request.js';
import type { OutBatch } from '../http/out-batch.js';
import type { FixedResponse, HeadTemplate, Responses } from '../http/responses.js';
import { FORM_ASTERISK, H_USER_AGENT, METHOD_CONNECT, METHOD_GET, METHOD_HEAD, METHOD_OPTIONS, METHOD_POST, METHOD_PUT } from '../wire/layout.js';
import type { PendingResponse } from '../connection/pending.js';
import { ECHO_PREFIX, EchoRoute } from './echo.js';
import type { FileStore } from './file-store.js';
import { FileResponse, type FilesContext } from './files.js';
import { resolveName } from './names.js';
import { Upload, type UploadContext } from './upload.js';

/** The answer is in the out batch. */
export const WRITTEN = 'written';
export type RouteResult = typeof WRITTEN | PendingResponse;

/** The served directory, when there is one. */
export interface ServedDirectory {
  /** Absolute, normalised path as given (resolved against the working directory). */
  readonly path: string;
  /** The same with symlinks resolved. */
  readonly real: string;
}

const FILES_PREFIX = '/files/';
const READ_ONLY = 'GET, HEAD';
const FILE_METHODS = 'GET, HEAD, POST, PUT';

export class Router {
  private readonly ok: FixedResponse;
  private readonly notFound: FixedResponse;
  private readonly badRequest: FixedResponse;
  private readonly notImplemented: FixedResponse;
  private readonly readOnlyNotAllowed: FixedResponse;
  private readonly filesNotAllowed: FixedResponse;
  private readonly serverOptions: FixedResponse;
  private readonly echo: EchoRoute;
  private readonly files: FilesContext | null;
  private readonly uploads: UploadContext | null;
  private readonly userAgentHead: HeadTemplate;

  /** `store` serves `directory`; both null when the server runs without --directory. */
  constructor(
    private readonly responses: Responses,
    private readonly directory: ServedDirectory | null,
    store: FileStore | null,
  ) {
    this.ok = responses.fixed(200);
    this.notFound = responses.fixed(404);
    this.badRequest = responses.fixed(400);
    this.notImplemented = responses.fixed(501);
    this.readOnlyNotAllowed = responses.fixed(405, ['Allow', READ_ONLY]);
    this.filesNotAllowed = responses.fixed(405, ['Allow', FILE_METHODS]);
    this.serverOptions = responses.fixed(200, ['Allow', FILE_METHODS]);
    this.echo = new EchoRoute(responses);
    this.userAgentHead = responses.head(200, ['Content-Type', 'text/plain']);
    const fileHead = responses.head(200, ['Content-Type', 'application/octet-stream']);
    this.files = directory === null || store === null ? null : { responses, store, fileHead };
    this.uploads = directory === null ? null : { responses, rootReal: directory.real };
  }

  /** Answers `request`: into `out` (WRITTEN), or with a response that takes time. */
  handle(request: RequestView, out: OutBatch): RouteResult {
    const method = request.method;
    const mode = request.mode;
    const readable = method === METHOD_GET || method === METHOD_HEAD;
    const headOnly = method === METHOD_HEAD;
    if (request.pathIs('/')) {
      return this.fixed(readable ? this.ok : this.readOnlyNotAllowed, mode, out);
    }
    if (request.pathStartsWith(ECHO_PREFIX)) {
      if (!readable) return this.fixed(this.readOnlyNotAllowed, mode, out);
      return this.echo.answer(request, headOnly, out) ? WRITTEN : this.fixed(this.badRequest, mode, out);
    }
    if (request.pathIs('/user-agent')) {
      if (!readable) return this.fixed(this.readOnlyNotAllowed, mode, out);
      const h = request.findHeader(H_USER_AGENT);
      const start = h < 0 ? 0 : request.valueStart(h);
      const end = h < 0 ? 0 : request.valueEnd(h);
      this.userAgentHead.writeTo(out, mode, end - start, headOnly ? null : request.buf, start, end);
      return WRITTEN;
    }
    if (request.pathStartsWith(FILES_PREFIX)) return this.file(request, readable, headOnly, out);
    if (method === METHOD_CONNECT) return this.fixed(this.notImplemented, mode, out);
    if (method === METHOD_OPTIONS && request.targetForm === FORM_ASTERISK) return this.fixed(this.serverOptions, mode, out);
    return this.fixed(this.notFound, mode, out);
  }

  private fixed(response: FixedResponse, mode: ConnMode, out: OutBatch): RouteResult {
    response.writeTo(out, mode);
    return WRITTEN;
  }

  private file(request: RequestView, readable: boolean, headOnly: boolean, out: OutBatch): RouteResult {
    const method = request.method;
    const mode = request.mode;
    const writable = method === METHOD_POST || method === METHOD_PUT;
    if (!readable && !writable) return this.fixed(this.filesNotAllowed, mode, out);
    const { directory, files, uploads } = this;
    if (directory === null || files === null || uploads === null) return this.fixed(this.notFound, mode, out);
    const name = resolveName(directory.path, request.pathBuf, request.pathStart + FILES_PREFIX.length, request.pathEnd);
    if (name.kind === 'refused') return this.fixed(this.badRequest, mode, out);
    if (readable) return new FileResponse(files, name.path, headOnly, mode);
    const kind = method === METHOD_POST ? 'post' : 'put';
    return new Upload(
      uploads,
      kind,
      name.path,
      name.folder,
      name.nested,
      request.modeAfterBody,
    );
  }
}
