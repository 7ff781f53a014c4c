/**
 * ferroserve's routes, as one table (app/route-table.ts derives 404, 405, Allow and OPTIONS):
 *
 *   /              GET        200, empty body
 *   /echo/{str}    GET        200 text/plain {str}, gzip when accepted
 *   /user-agent    GET        200 text/plain, the User-Agent value
 *   {mount}{name}  GET        the file; a folder (name ending   (with a served directory)
 *                             in `/`): its index.html or listing
 *                  POST PUT   store the request body as it
 *                  POST       to a folder URL: a form (multipart files, mkdir)
 *                  DELETE     remove the file                   (with --allow-delete)
 *                             (no POST, PUT or DELETE with --read-only: 405 with the reads' Allow)
 *   {mount} less its `/`      GET  301 to the mount             (mount other than `/`)
 *
 * With a served directory, `GET /` is the directory's front page (its index.html or listing).
 * Mounted at `/`, the files come after /echo/ and /user-agent, which keep precedence.
 *
 * GET also answers HEAD. Without a served directory there is no files route: everything under
 * the mount is 404, whatever the method.
 */
import type { Responses } from '../http/compiled.js';
import type { Handler } from '../http/handler.js';
import { FilesFeature } from '../files/files-feature.js';
import type { ServedTree } from '../files/tree.js';
import { ECHO_PREFIX, EchoHandler } from './echo.js';
import { FixedHandler } from './fixed.js';
import { type Route, RouteTable } from './route-table.js';
import { SpaFallback } from './spa.js';
import { UserAgentHandler } from './user-agent.js';

/** The URL path files are mounted at by default (the challenge's). */
export const DEFAULT_FILES_MOUNT = '/files/';

export interface AppSetup {
  readonly responses: Responses;
  /** The served directory, or null without one. */
  readonly tree: ServedTree | null;
  /** Where the files are mounted: a URL path that begins and ends with `/`. */
  readonly filesMount: string;
  /** `--max-age` (null: revalidate every time). */
  readonly maxAge?: number | null;
  /** `--dotfiles`. */
  readonly dotfiles?: boolean;
  /** `--allow-delete`. */
  readonly allowDelete?: boolean;
  /** `--read-only`: no write method is declared, so the table answers them 405 with the reads' Allow. */
  readonly readOnly?: boolean;
  /** `--spa`: the file (inside the tree) navigations to missing paths get; null: none. */
  readonly spa?: string | null;
}

export function buildApp({ responses, tree, filesMount, maxAge = null, dotfiles = false, allowDelete = false, readOnly = false, spa = null }: AppSetup): RouteTable {
  const files = tree === null ? null : new FilesFeature({ responses, tree, mount: filesMount, maxAge, dotfiles, allowDelete: allowDelete && !readOnly, allowUpload: !readOnly });
  const routes: Route[] = [
    { pattern: { kind: 'exact', path: '/' }, methods: { GET: files?.frontPage ?? new FixedHandler(responses.fixed(200)) } },
    { pattern: { kind: 'prefix', prefix: ECHO_PREFIX }, methods: { GET: new EchoHandler(responses) } },
    { pattern: { kind: 'exact', path: '/user-agent' }, methods: { GET: new UserAgentHandler(responses) } },
  ];
  if (files !== null) {
    const writes: Route['methods'] = readOnly ? {} : { POST: files.write, PUT: files.write, ...(allowDelete ? { DELETE: files.remove } : {}) };
    const methods: Route['methods'] = { GET: withSpa(files, spa), ...writes };
    routes.push({ pattern: { kind: 'prefix', prefix: filesMount }, methods });
    if (filesMount !== '/') {
      const mountFolder = filesMount.slice(0, -1);
      routes.push({ pattern: { kind: 'exact', path: mountFolder }, methods: { GET: new FixedHandler(responses.fixed(301, ['Location', filesMount])) } });
    }
  }
  return new RouteTable(responses, routes);
}

/** The files' GET, with the single-page app's fallback when `--spa` names an index. */
function withSpa(files: FilesFeature, spa: string | null): Handler {
  if (spa === null) return files.read;
  const indexFor = files.fileFor(spa);
  if (indexFor === null) throw new Error(`--spa ${spa}: not a name ferroserve serves`);
  return new SpaFallback(files.read, indexFor);
}
