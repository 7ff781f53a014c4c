/**
 * DELETE of a file (mounted only with `--allow-delete`): the target is refused wherever a write
 * would be, its conditions judged as a write's (upload.ts, inspectWriteTarget), then unlinked.
 *
 * - A subfolder's real path must be inside the directory, as for uploads.
 * - Missing: 404 (412 when a condition such as `If-Match` needs a current version).
 * - A folder: 409; folders are not removed (a listing's worth of files would go in one request).
 * - A symlink inside the tree that leads inside: the link itself is removed, never what it
 *   leads to; one that leads outside: 404, as for reads and writes.
 * 204 No Content once the name is gone. Like an upload, a deletion is a write: requests
 * pipelined after it on the connection see its result.
 */
import { PendingResponse } from '../http/handler.js';
import { statusForFsError } from './fs-errors.js';
import { inspectWriteTarget, type UploadContext, type WriteConditions } from './upload.js';

/** The verdict a write's inspection gives a file that may be replaced; a missing one gets 201. */
const REPLACES = 204;
const WOULD_CREATE = 201;

export class Deletion extends PendingResponse {
  constructor(
    private readonly context: UploadContext,
    private readonly target: string,
    private readonly folder: string,
    private readonly nested: boolean,
    private readonly conditions: WriteConditions,
  ) {
    super();
  }

  override get isWrite(): boolean {
    return true;
  }

  protected start(): void {
    const refusal = this.nested ? this.context.tree.clearFolder(this.folder) : null;
    if (refusal === null) this.inspect();
    else this.finish(refusal);
  }

  /** Once begun, a deletion runs to its end: the answer is dropped if the connection went. */
  protected release(): void {}

  private inspect(): void {
    inspectWriteTarget(this.context.tree, this.target, this.conditions, REPLACES, (verdict) => {
      // A write would create the file: there is nothing to delete.
      if (verdict === WOULD_CREATE) this.finish(404);
      else if (verdict !== REPLACES) this.finish(verdict);
      else this.context.tree.fs.unlink(this.target, (error) => this.finish(error === null ? 204 : statusForFsError(error)));
    });
  }

  private finish(status: number): void {
    if (!this.cancelled) this.settle(this.context.responses.emptyPlan(status));
  }
}
