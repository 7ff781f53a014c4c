/**
 * The files feature: under its mount (`/files/` by default), GET and HEAD serve a file of the
 * served tree and POST and PUT store the request body as one.
 *
 * One answer per kind of name, before any file-system call (README, "Policies"):
 * - a name the tree refuses (a `.` or `..` segment, an encoded `/` or `\`, a bad escape, NUL,
 *   an empty segment) is 400: the request itself is malformed;
 * - a folder URL (ending in `/`) is 404: there is no file there;
 * - a dotfile or a name inside a dot-folder is 404, for reads and writes alike (secrets such as
 *   `.env`, `.git/` are never served or replaced), except under `.well-known/`.
 * A symlink that leads outside the tree is 404 too (decided once the file system was asked).
 */
import type { FixedResponse, Responses } from '../http/compiled.js';
import type { Handler, Reply } from '../http/handler.js';
import type { RequestView } from '../http/request.js';
import { METHOD_HEAD, METHOD_POST } from '../wire/layout.js';
import { DiskFileStore } from './file-store.js';
import { FileResponse, type FilesContext } from './file-response.js';
import { FILE_REQUEST_FIELDS, type FileRequestFields } from './representation.js';
import type { ResolvedName, ServedTree } from './tree.js';
import { Upload, type UploadContext } from './upload.js';

/** The two handlers the route table mounts: `read` for GET (and HEAD), `write` for POST and PUT. */
const SLASH = 0x2f;

/** The fields a file answer depends on, copied from the view (most requests have none of them). */
function fileRequestFields(request: RequestView): FileRequestFields {
  const fields: Record<string, string> = {};
  for (const [key, name] of FILE_REQUEST_FIELDS) {
    const value = request.header(name);
    if (value !== undefined) fields[key] = value;
  }
  return fields;
}
const WELL_KNOWN = '.well-known';

/** Whether a path relative to the tree has a segment that begins with a dot (RFC 8615's `.well-known/` excepted). */
export function isHidden(relative: string): boolean {
  const segments = relative.split('/');
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment.charCodeAt(0) === 0x2e && !(i === 0 && segment === WELL_KNOWN && segments.length > 1)) return true;
  }
  return false;
}

export class FilesFeature {
  private readonly files: FilesContext;
  private readonly uploads: UploadContext;
  private readonly badName: FixedResponse;
  private readonly noFile: FixedResponse;

  /**
   * `mount`: the URL path the files are under, ending with `/`; `maxAge`: seconds a client may
   * reuse a file without asking (null: `no-cache`, revalidate every time).
   */
  constructor(
    responses: Responses,
    private readonly tree: ServedTree,
    private readonly mount: string,
    maxAge: number | null = null,
    store: DiskFileStore = new DiskFileStore(tree),
  ) {
    const cacheControl = maxAge === null ? 'no-cache' : `public, max-age=${maxAge}`;
    this.files = { responses, store, fs: tree.fs, cacheControl };
    this.uploads = { responses, tree };
    this.badName = responses.fixed(400);
    this.noFile = responses.fixed(404);
  }

  /** Serves GET and HEAD. */
  readonly read: Handler = {
    handle: (request, reply) => {
      const name = this.name(request, reply);
      if (name === null) return null;
      return new FileResponse(this.files, name.path, request.method === METHOD_HEAD, fileRequestFields(request));
    },
  };

  /** Serves POST and PUT. */
  readonly write: Handler = {
    handle: (request, reply) => {
      const name = this.name(request, reply);
      if (name === null) return null;
      return new Upload(this.uploads, request.method === METHOD_POST ? 'post' : 'put', name.path, name.folder, name.nested);
    },
  };

  /** The file the request names, or null once `reply` was given the refusal. */
  private name(request: RequestView, reply: Reply): Extract<ResolvedName, { kind: 'inside' }> | null {
    const raw = request.pathBuf;
    const start = request.pathStart + this.mount.length;
    const end = request.pathEnd;
    const name = this.tree.resolve(raw, start, end);
    if (name.kind === 'inside' && !isHidden(name.relative)) return name;
    const folderUrl = end > start && raw[end - 1] === SLASH && name.kind === 'refused' && this.tree.resolve(raw, start, end - 1).kind === 'inside';
    reply.fixed(name.kind === 'inside' || folderUrl || end === start ? this.noFile : this.badName);
    return null;
  }
}
