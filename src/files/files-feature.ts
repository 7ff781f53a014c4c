/**
 * The files feature: under its mount (`/files/` by default), GET and HEAD serve a file or a
 * folder of the served tree, POST and PUT store the request body as a file, and DELETE (with
 * `--allow-delete`) removes one. `frontPage` answers `GET /` with the directory's own folder.
 *
 * One answer per kind of name, before any file-system call (README, "Policies"):
 * - a name the tree refuses (a `.` or `..` segment, an encoded `/` or `\`, a bad escape, NUL,
 *   an empty segment) is 400: the request itself is malformed;
 * - a folder URL (ending in `/`) is the folder: its index.html or its listing; a folder named
 *   without the `/` redirects (301) to it; a POST to it is a form (form-upload.ts: files
 *   stored in the folder, `mkdir`); a PUT or DELETE of it is 404 (there is no file);
 * - a dotfile or a name inside a dot-folder is 404, for reads and writes alike (secrets such as
 *   `.env`, `.git/` are never served or replaced), except under `.well-known/`, and unless
 *   `--dotfiles` allows them.
 * A symlink that leads outside the tree is 404 too (decided once the file system was asked).
 */
import type { FixedResponse, Responses } from '../http/compiled.js';
import type { Handler, PendingResponse, Reply } from '../http/handler.js';
import type { RequestView } from '../http/request.js';
import { METHOD_HEAD, METHOD_POST } from '../wire/layout.js';
import { Deletion } from './deletion.js';
import { DiskFileStore } from './file-store.js';
import { FileResponse, type FilesContext } from './file-response.js';
import { PlainHeads } from './plain-heads.js';
import { FolderResponse, type FolderContext, type FolderRequestFields } from './folder-response.js';
import { FILE_REQUEST_FIELDS, NO_FIELDS, type FileRequestFields } from './representation.js';
import type { ResolvedName, ServedTree } from './tree.js';
import { Upload, type UploadContext, WRITE_CONDITION_FIELDS, type WriteConditions } from './upload.js';
import { FORM_TYPES, formParser } from './form-parser.js';
import { FormUpload, type FormUploadContext } from './form-upload.js';
import { prefersJson } from './listing/index.js';
import { ListingMemo } from './listing-memo.js';

const SLASH = 0x2f;
const WELL_KNOWN = '.well-known';

/** The fields a file answer depends on, copied from the view (most requests have none of them). */
function copyFields<K extends string>(request: RequestView, names: readonly (readonly [K, string])[]): Partial<Record<K, string>> {
  let fields: Partial<Record<K, string>> | null = null;
  for (const [key, name] of names) {
    const value = request.header(name);
    if (value !== undefined) (fields ??= {} as Partial<Record<K, string>>)[key] = value;
  }
  // Most requests have none of the fields: one shared empty object, which FileResponse recognises.
  return fields ?? (NO_FIELDS as Partial<Record<K, string>>);
}

const fileRequestFields = (request: RequestView): FileRequestFields => copyFields(request, FILE_REQUEST_FIELDS);

function folderRequestFields(request: RequestView): FolderRequestFields {
  const fields = fileRequestFields(request);
  const accept = request.header('accept');
  return accept === undefined ? fields : { ...fields, accept };
}

/** Whether a path relative to the tree has a segment that begins with a dot (RFC 8615's `.well-known/` excepted). */
export function isHidden(relative: string): boolean {
  const segments = relative.split('/');
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment.charCodeAt(0) === 0x2e && !(i === 0 && segment === WELL_KNOWN && segments.length > 1)) return true;
  }
  return false;
}

type Inside = Extract<ResolvedName, { kind: 'inside' }>;

/** What a name under the mount is: a file, a folder (its URL ends in `/`), or refused with the status given. */
type Named =
  | { readonly kind: 'file'; readonly name: Inside }
  /** `relative`: '' for the mount's own folder. */
  | { readonly kind: 'folder'; readonly path: string; readonly relative: string }
  | { readonly kind: 'refused'; readonly refusal: FixedResponse };

export interface FilesSetup {
  readonly responses: Responses;
  readonly tree: ServedTree;
  /** The URL path the files are under, ending with `/`. */
  readonly mount: string;
  /** Seconds a client may reuse a file without asking (null: `no-cache`, revalidate every time). */
  readonly maxAge?: number | null;
  /** `--dotfiles`: dotfiles and dot-folders are served, listed and writable. */
  readonly dotfiles?: boolean;
  readonly store?: DiskFileStore;
  /** Whether uploads are accepted (the page offers them). */
  readonly allowUpload?: boolean;
  /** `--allow-delete` (the page offers deletion). */
  readonly allowDelete?: boolean;
}

export class FilesFeature {
  private readonly tree: ServedTree;
  private readonly mount: string;
  private readonly showHidden: boolean;
  private readonly files: FilesContext;
  private readonly folders: FolderContext;
  private readonly uploads: UploadContext;
  private readonly forms: FormUploadContext;
  private readonly unsupportedForm: FixedResponse;
  private readonly badName: FixedResponse;
  private readonly noFile: FixedResponse;

  constructor({ responses, tree, mount, maxAge = null, dotfiles = false, store = new DiskFileStore(tree), allowUpload = true, allowDelete = false }: FilesSetup) {
    this.tree = tree;
    this.mount = mount;
    this.showHidden = dotfiles;
    const cacheControl = maxAge === null ? 'no-cache' : `public, max-age=${maxAge}`;
    this.files = { responses, store, fs: tree.fs, cacheControl, mount, plainHeads: new PlainHeads() };
    this.folders = { files: this.files, tree, showHidden: dotfiles, writes: { upload: allowUpload, delete: allowDelete }, listings: new ListingMemo() };
    this.uploads = { responses, tree };
    this.forms = { responses, tree, showHidden: dotfiles };
    this.unsupportedForm = responses.fixed(415, ['Accept-Post', FORM_TYPES]);
    this.badName = responses.fixed(400);
    this.noFile = responses.fixed(404);
  }

  /** Serves GET and HEAD. */
  readonly read: Handler = {
    handle: (request, reply) => {
      const named = this.named(request);
      const headOnly = request.method === METHOD_HEAD;
      switch (named.kind) {
        case 'refused':
          reply.fixed(named.refusal);
          return null;
        case 'folder':
          return this.folder(named.path, named.relative, headOnly, request);
        case 'file':
          // Named without its trailing '/', a folder redirects to its URL (the query kept).
          return new FileResponse(this.files, named.name.path, headOnly, fileRequestFields(request), { relative: named.name.relative, query: request.query });
      }
    },
  };

  /**
   * A GET or HEAD of the file `relative` (a name inside the tree, `/`-separated, checked like a
   * URL's), with the request's conditional and range fields: the single-page app's index,
   * answered for a navigation to a path that does not exist. Null when the name is refused.
   */
  fileFor(relative: string): ((request: RequestView) => () => PendingResponse) | null {
    const raw = Buffer.from(relative, 'utf8');
    const name = this.tree.resolve(raw, 0, raw.length);
    if (name.kind === 'refused' || (!this.showHidden && isHidden(name.relative))) return null;
    return (request) => {
      const fields = fileRequestFields(request);
      const headOnly = request.method === METHOD_HEAD;
      return () => new FileResponse(this.files, name.path, headOnly, fields);
    };
  }

  /** `GET /`: the directory's front page, its index.html or its listing (links under the mount). */
  readonly frontPage: Handler = {
    handle: (request) => this.folder(this.tree.root, '', request.method === METHOD_HEAD, request),
  };

  /** Serves POST and PUT. */
  readonly write: Handler = {
    handle: (request, reply) => {
      if (request.method === METHOD_POST) {
        const named = this.named(request);
        if (named.kind === 'folder') return this.form(named.path, named.relative, request, reply);
      }
      const name = this.fileName(request, reply);
      if (name === null) return null;
      const conditions: WriteConditions = copyFields(request, WRITE_CONDITION_FIELDS);
      return new Upload(this.uploads, request.method === METHOD_POST ? 'post' : 'put', name.path, name.folder, name.nested, conditions);
    },
  };

  /** Serves DELETE (mounted only with `--allow-delete`). */
  readonly remove: Handler = {
    handle: (request, reply) => {
      const name = this.fileName(request, reply);
      if (name === null) return null;
      return new Deletion(this.uploads, name.path, name.folder, name.nested, copyFields(request, WRITE_CONDITION_FIELDS));
    },
  };

  private folder(folderPath: string, relative: string, headOnly: boolean, request: RequestView): FolderResponse {
    const urlPath = relative === '' ? this.mount : `${this.mount}${relative}/`;
    return new FolderResponse(this.folders, { path: folderPath, urlPath, mountUrlPath: this.mount }, headOnly, folderRequestFields(request));
  }

  /** A form POSTed to a folder URL: its files stored in the folder, its `mkdir` made. */
  private form(folderPath: string, relative: string, request: RequestView, reply: Reply): FormUpload | null {
    const parsing = formParser(request.header('content-type'));
    if (parsing.kind === 'refused') {
      reply.fixed(parsing.status === 415 ? this.unsupportedForm : this.badName);
      return null;
    }
    const urlPath = relative === '' ? this.mount : `${this.mount}${relative}/`;
    const folder = { path: folderPath, relative, urlPath };
    const conditions: WriteConditions = copyFields(request, WRITE_CONDITION_FIELDS);
    return new FormUpload(this.forms, folder, parsing.parser, conditions, prefersJson(request.header('accept')));
  }

  /** The file a write names, or null once `reply` was given the refusal (a folder URL has no file: 404). */
  private fileName(request: RequestView, reply: Reply): Inside | null {
    const named = this.named(request);
    if (named.kind === 'file') return named.name;
    reply.fixed(named.kind === 'refused' ? named.refusal : this.noFile);
    return null;
  }

  private named(request: RequestView): Named {
    const raw = request.pathBuf;
    const start = request.pathStart + this.mount.length;
    const end = request.pathEnd;
    if (end === start) return { kind: 'folder', path: this.tree.root, relative: '' };
    const folderUrl = raw[end - 1] === SLASH;
    const name = this.tree.resolve(raw, start, folderUrl ? end - 1 : end);
    if (name.kind === 'refused') return { kind: 'refused', refusal: this.badName };
    if (!this.showHidden && isHidden(name.relative)) return { kind: 'refused', refusal: this.noFile };
    return folderUrl ? { kind: 'folder', path: name.path, relative: name.relative } : { kind: 'file', name };
  }
}
