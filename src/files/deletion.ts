/**
 * DELETE of a file (mounted only with `--allow-delete`): the target is refused wherever a write
 * would be, its conditions judged as a write's (upload.ts), then unlinked.
 *
 * - A subfolder's real path must be inside the directory, as for uploads.
 * - Missing: 404 (412 when a condition such as `If-Match` needs a current version).
 * - A folder: 409; folders are not removed (a listing's worth of files would go in one request).
 * - A symlink inside the tree that leads inside: the link itself is removed, never what it
 *   leads to; one that leads outside: 404, as for reads and writes.
 * 204 No Content once the name is gone. Like an upload, a deletion is a write: requests
 * pipelined after it on the connection see its result.
 */
import type { Stats } from 'node:fs';
import { PendingResponse } from '../http/handler.js';
import { statusForFsError } from './fs-errors.js';
import { conditionsHold, type UploadContext, type WriteConditions } from './upload.js';

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
    if (!this.nested) {
      this.inspect();
      return;
    }
    this.context.tree.fs.realpath(this.folder, (error, folder) => {
      if (error !== null) this.finish(statusForFsError(error));
      else if (!this.context.tree.containsFolder(folder)) this.finish(404);
      else this.inspect();
    });
  }

  /** Once begun, a deletion runs to its end: the answer is dropped if the connection went. */
  protected release(): void {}

  private inspect(): void {
    const { tree } = this.context;
    tree.fs.lstat(this.target, (error, stats) => {
      if (error !== null) this.finish(error.code === 'ENOENT' ? this.judged(null, 404) : statusForFsError(error));
      else if (stats.isDirectory()) this.finish(409);
      else if (!stats.isSymbolicLink()) this.removeIf(stats);
      else {
        tree.fs.realpath(this.target, (linkError, real) => {
          if (linkError !== null || !tree.contains(real)) this.finish(404);
          else tree.fs.stat(this.target, (statError, target) => (statError === null ? this.removeIf(target) : this.finish(statusForFsError(statError))));
        });
      }
    });
  }

  /** `status` when the conditions hold for `stats`, else 412. */
  private judged(stats: Stats | null, status: number): number {
    return conditionsHold(this.conditions, stats) ? status : 412;
  }

  private removeIf(stats: Stats): void {
    if (this.judged(stats, 204) !== 204) {
      this.finish(412);
      return;
    }
    this.context.tree.fs.unlink(this.target, (error) => this.finish(error === null ? 204 : statusForFsError(error)));
  }

  private finish(status: number): void {
    if (!this.cancelled) this.settle(this.context.responses.emptyPlan(status));
  }
}
