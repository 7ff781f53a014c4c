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
 * In-memory routes answer with a Buffer at once; files answer with a PendingResponse, which the
 * connection begins when no earlier upload on the connection is still in flight.
 */
import type { RequestView } from '../http/request.js';
import type { FixedResponse, HeaderSet, Responses } from '../http/responses.js';
import { FORM_ASTERISK, H_USER_AGENT, METHOD_CONNECT, METHOD_GET, METHOD_HEAD, METHOD_OPTIONS, METHOD_POST, METHOD_PUT } from '../wire/layout.js';
import type { PendingResponse } from '../connection/pending.js';
import { ECHO_PREFIX, EchoRoute } from './echo.js';
import type { FileStore } from './file-store.js';
import { FileResponse, type FilesContext } from './files.js';
import { resolveName } from './names.js';
import { Upload, type UploadContext } from './upload.js';

export type RouteResult = Buffer | PendingResponse;

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
const EMPTY = Buffer.alloc(0);

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
  private readonly textHeaders: HeaderSet;

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
    this.textHeaders = responses.headerSet(['Content-Type', 'text/plain']);
    const octetHeaders = responses.headerSet(['Content-Type', 'application/octet-stream']);
    this.files = directory === null || store === null ? null : { responses, store, octetHeaders };
    this.uploads = directory === null ? null : { responses, rootReal: directory.real };
  }

  handle(request: RequestView): RouteResult {
    const method = request.method;
    const mode = request.mode;
    const readable = method === METHOD_GET || method === METHOD_HEAD;
    const headOnly = method === METHOD_HEAD;
    if (request.pathIs('/')) {
      return readable ? this.ok.get(mode) : this.readOnlyNotAllowed.get(mode);
    }
    if (request.pathStartsWith(ECHO_PREFIX)) {
      if (!readable) return this.readOnlyNotAllowed.get(mode);
      return this.echo.answer(request, headOnly) ?? this.badRequest.get(mode);
    }
    if (request.pathIs('/user-agent')) {
      if (!readable) return this.readOnlyNotAllowed.get(mode);
      const agent = request.headerBytes(H_USER_AGENT) ?? EMPTY;
      return this.responses.write(200, this.textHeaders.get(mode), agent.length, headOnly ? undefined : agent);
    }
    if (request.pathStartsWith(FILES_PREFIX)) return this.file(request, readable, headOnly);
    if (method === METHOD_CONNECT) return this.notImplemented.get(mode);
    if (method === METHOD_OPTIONS && request.targetForm === FORM_ASTERISK) return this.serverOptions.get(mode);
    return this.notFound.get(mode);
  }

  private file(request: RequestView, readable: boolean, headOnly: boolean): RouteResult {
    const method = request.method;
    const mode = request.mode;
    const writable = method === METHOD_POST || method === METHOD_PUT;
    if (!readable && !writable) return this.filesNotAllowed.get(mode);
    const { directory, files, uploads } = this;
    if (directory === null || files === null || uploads === null) return this.notFound.get(mode);
    const name = resolveName(directory.path, request.pathBuf, request.pathStart + FILES_PREFIX.length, request.pathEnd);
    if (name.kind === 'refused') return this.badRequest.get(mode);
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
