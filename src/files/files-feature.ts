/**
 * The files feature: under its mount (`/files/` by default), GET and HEAD serve a file of the
 * served tree and POST and PUT store the request body as one. A name the tree refuses
 * (traversal, encoded separators, bad escapes) is 400 before any file-system call.
 */
import type { FixedResponse, Responses } from '../http/compiled.js';
import type { Handler, Reply } from '../http/handler.js';
import type { RequestView } from '../http/request.js';
import { METHOD_HEAD, METHOD_POST } from '../wire/layout.js';
import { DiskFileStore } from './file-store.js';
import { FileResponse, type FilesContext } from './file-response.js';
import type { ResolvedName, ServedTree } from './tree.js';
import { Upload, type UploadContext } from './upload.js';

/** The two handlers the route table mounts: `read` for GET (and HEAD), `write` for POST and PUT. */
export class FilesFeature {
  private readonly files: FilesContext;
  private readonly uploads: UploadContext;
  private readonly badName: FixedResponse;

  /** `mount`: the URL path the files are under, ending with `/`. */
  constructor(
    responses: Responses,
    private readonly tree: ServedTree,
    private readonly mount: string,
    store: DiskFileStore = new DiskFileStore(tree),
  ) {
    this.files = { responses, store, fileHead: responses.head(200, ['Content-Type', 'application/octet-stream']) };
    this.uploads = { responses, tree };
    this.badName = responses.fixed(400);
  }

  /** Serves GET and HEAD. */
  readonly read: Handler = {
    handle: (request, reply) => {
      const name = this.name(request);
      if (name === null) return this.refuse(reply);
      return new FileResponse(this.files, name.path, request.method === METHOD_HEAD);
    },
  };

  /** Serves POST and PUT. */
  readonly write: Handler = {
    handle: (request, reply) => {
      const name = this.name(request);
      if (name === null) return this.refuse(reply);
      return new Upload(this.uploads, request.method === METHOD_POST ? 'post' : 'put', name.path, name.folder, name.nested);
    },
  };

  private name(request: RequestView): Extract<ResolvedName, { kind: 'inside' }> | null {
    const name = this.tree.resolve(request.pathBuf, request.pathStart + this.mount.length, request.pathEnd);
    return name.kind === 'inside' ? name : null;
  }

  private refuse(reply: Reply): null {
    reply.fixed(this.badName);
    return null;
  }
}
