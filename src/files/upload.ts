/**
 * POST and PUT of a file: the request body, streamed to a temporary file in the target's
 * folder and renamed over the target only once the whole body arrived.
 *
 * - The temporary file is created with `wx` (O_CREAT | O_EXCL) under a name no one else uses,
 *   so no symlink is ever followed when writing; rename(2) replaces the target entry itself (a
 *   symlink at the target is replaced, not followed).
 * - Before anything is created in a subfolder, the folder's real path is checked to be inside
 *   the directory. The target is inspected (a folder is refused, a symlink must resolve inside
 *   the directory: writes are refused wherever reads would be) and nothing is renamed over it
 *   until that verdict accepted the upload.
 * - A body that arrived whole (the usual small upload) is written with one `writeFile` (open,
 *   write, close; no stream) while the target is inspected, so the two file-system round trips
 *   overlap; the temporary file is renamed once both ended, or deleted if the verdict refused.
 * - A body still arriving once the verdict accepted is streamed to the temporary file.
 *   Backpressure: `full` while the file stream's buffer is full (the connection pauses the
 *   socket), `notifySinkDrain()` when it drained.
 * - An aborted upload (connection lost, bad chunked framing, too large, too slow) deletes the
 *   temporary file and leaves the target untouched.
 * - Every temporary file is listed in the tree's live temporaries (live-temporaries.ts) from
 *   before it is created until it is renamed or deleted, so that a shutdown removes what is left
 *   of uploads that did not finish; its name says which process wrote it (temp-names.ts), so
 *   that after a crash the next start removes it, and only it (stale-temporaries.ts).
 * - Every file-system call goes through the served tree's seam (tree-fs.ts), callback style:
 *   FileHandle and promise machinery cost more user CPU per upload than the calls they wrap.
 * - Conditions (RFC 9110 §13.1): If-Match, If-Unmodified-Since and If-None-Match are judged
 *   against the target's current version (its strong ETag and Last-Modified, as a GET would
 *   send them) with the verdict: 412 when one fails. `If-None-Match: *` (create only) is also
 *   kept at the commit, which links the temporary file to the target instead of renaming it
 *   over, so a file created meanwhile by someone else is never replaced (link(2) fails: 412).
 *   If-Match is judged at the verdict only: a replacement by another client between the
 *   verdict and the rename is not seen (no lock is taken across requests).
 * POST answers 201 Created; PUT answers 201 when the file is new and 204 when it replaced one.
 */
import type { Stats, WriteStream } from 'node:fs';
import path from 'node:path';
import type { Responses } from '../http/compiled.js';
import { evaluateConditions, type CurrentRepresentation } from '../http/conditional.js';
import { entityTag } from '../http/etag.js';
import { type BodySink, PendingResponse } from '../http/handler.js';
import { SHUTTING_DOWN, statusForFsError } from './fs-errors.js';
import type { LiveTemporaries } from './live-temporaries.js';
import { tempNames } from './temp-names.js';
import type { TreeFs } from './tree-fs.js';
import type { ServedTree } from './tree.js';

export interface UploadContext {
  readonly responses: Responses;
  readonly tree: ServedTree;
}

export type UploadKind = 'post' | 'put';

/** The preconditions a write obeys (absent: undefined). */
export interface WriteConditions {
  readonly ifMatch?: string;
  readonly ifNoneMatch?: string;
  readonly ifUnmodifiedSince?: string;
}

/** The lower-case names of those fields. */
export const WRITE_CONDITION_FIELDS = [
  ['ifMatch', 'if-match'],
  ['ifNoneMatch', 'if-none-match'],
  ['ifUnmodifiedSince', 'if-unmodified-since'],
] as const;

/** The version of the target a write's conditions are judged against (null: there is none). */
export function currentVersion(stats: Stats | null): CurrentRepresentation {
  return stats === null ? null : { etag: entityTag(stats, 'identity'), lastModifiedMs: stats.mtimeMs };
}

/** Whether the write's conditions hold for `stats` (the target followed through symlinks, or null when missing). */
export function conditionsHold(conditions: WriteConditions, stats: Stats | null): boolean {
  if (conditions.ifMatch === undefined && conditions.ifNoneMatch === undefined && conditions.ifUnmodifiedSince === undefined) return true;
  return evaluateConditions('write', conditions, currentVersion(stats)).kind === 'proceed';
}

/** `If-None-Match: *`: the write may only create the file. */
export function createOnly(conditions: WriteConditions): boolean {
  return conditions.ifNoneMatch !== undefined && conditions.ifNoneMatch.trim() === '*';
}

export { TEMP_PREFIX, TempNames, tempNames } from './temp-names.js';

/** How many further names are tried when a temporary name is taken. */
const TEMP_NAME_RETRIES = 1;

/** The error a temporary's creation fails with once the server shuts down (fs-errors.ts: 503). */
function shuttingDown(): NodeJS.ErrnoException {
  return Object.assign(new Error('the server is shutting down'), { code: SHUTTING_DOWN });
}

/**
 * Creates a file under the next temporary name in `folder` with `create`, which must use
 * O_EXCL; on EEXIST (the name is someone else's file) once more under the following name.
 * `done` gets the path tried last. The name is listed in `temporaries` before the file is
 * created, so that a shutdown waits for the creation and removes the file.
 */
export function createTemp<T>(
  fs: TreeFs,
  temporaries: LiveTemporaries,
  folder: string,
  create: (tempPath: string, created: (error: NodeJS.ErrnoException | null, result?: T) => void) => void,
  done: (error: NodeJS.ErrnoException | null, tempPath: string, result?: T) => void,
  retries = TEMP_NAME_RETRIES,
): void {
  const tempPath = path.join(folder, tempNames.next());
  if (!temporaries.creating(tempPath)) {
    done(shuttingDown(), tempPath);
    return;
  }
  create(tempPath, (error, result) => {
    // EEXIST: the file is someone else's; any other failure may have left a file of ours.
    const taken = error !== null && error.code === 'EEXIST';
    temporaries.created(tempPath, !taken);
    if (taken && retries > 0) createTemp(fs, temporaries, folder, create, done, retries - 1);
    else done(error, tempPath, result);
  });
}

/**
 * The verdict on the target while it is not known yet. Once known, a verdict is the status to
 * answer: 201 or 204 (accepted: the answer once the body is in place), or the refusal (>= 400).
 */
const PENDING = 0;
const accepts = (verdict: number): boolean => verdict < 300;

/** A body up to this size, once accepted, is held until it is whole and written in one call. */
const WHOLE_BODY_BYTES = 64 * 1024;

/** How the whole-body write of the `storing` state ended. */
type Written =
  | { readonly kind: 'written'; readonly tempPath: string }
  /** Nothing of ours is left on disk (a half-written file was deleted). */
  | { readonly kind: 'failed'; readonly status: number };

type UploadState =
  /**
   * Not begun yet (an earlier upload on the connection is in flight), or the real path of the
   * subfolder is being checked: nothing may be created yet; bytes are held meanwhile.
   */
  | { kind: 'clearing'; held: Buffer[]; bodyComplete: boolean }
  /** The folder is fine and the target is being inspected; the body is still arriving. */
  | { kind: 'inspecting'; held: Buffer[] }
  /**
   * The verdict accepted (`answer`) before the body arrived whole: it is held, up to
   * WHOLE_BODY_BYTES, to be written in one call at its end; past that, it streams (`opening`).
   */
  | { kind: 'accepted'; held: Buffer[]; heldBytes: number; answer: number }
  /** The verdict accepted (`answer`); the temporary file is being created. */
  | { kind: 'opening'; held: Buffer[]; bodyComplete: boolean; answer: number }
  | { kind: 'writing'; file: TempFile }
  /** The body arrived; the temporary file is being closed and renamed. */
  | { kind: 'committing'; file: TempFile }
  /**
   * The whole body arrived once the folder was cleared: it is written to a temporary file while
   * the target is inspected; each side fills in its half (null / PENDING until then).
   */
  | { kind: 'storing'; written: Written | null; verdict: number }
  /** Storing failed (`status`): the rest of the body is read and dropped, then answered. */
  | { kind: 'refusing'; status: number }
  | { kind: 'finished' };

type Storing = Extract<UploadState, { kind: 'storing' }>;
type Opening = Extract<UploadState, { kind: 'opening' }>;

/** The temporary file (created: it is ours to delete) and what to answer once it is renamed. */
interface TempFile {
  readonly path: string;
  readonly stream: WriteStream;
  readonly answer: number;
}

/**
 * The verdict on a write's target: `replaces` (or 201 when the file is new) when it may be
 * written; 404 when it is a symlink that does not resolve to a path inside the directory (writes
 * are refused wherever reads would be), 409 when it is a folder, 412 when a condition fails.
 * Writing itself never follows a symlink (temporary file + rename), so these checks are the
 * policy, not the safety.
 */
export function inspectWriteTarget(tree: ServedTree, target: string, conditions: WriteConditions, replaces: number, verdict: (status: number) => void): void {
  const judged = (stats: Stats | null, accepted: number): number => (conditionsHold(conditions, stats) ? accepted : 412);
  tree.fs.lstat(target, (error, stats) => {
    if (error !== null) verdict(error.code === 'ENOENT' ? judged(null, 201) : statusForFsError(error));
    else if (stats.isDirectory()) verdict(409);
    else if (!stats.isSymbolicLink()) verdict(judged(stats, replaces));
    else {
      tree.fs.realpath(target, (linkError, real) => {
        if (linkError !== null || !tree.contains(real)) verdict(404);
        else tree.fs.stat(target, (statError, followed) => verdict(statError === null ? judged(followed, replaces) : statusForFsError(statError)));
      });
    }
  });
}

export class Upload extends PendingResponse implements BodySink {
  private state: UploadState = { kind: 'clearing', held: [], bodyComplete: false };

  constructor(
    private readonly context: UploadContext,
    private readonly kind: UploadKind,
    private readonly target: string,
    private readonly folder: string,
    private readonly nested: boolean,
    private readonly conditions: WriteConditions = {},
  ) {
    super();
  }

  override get sink(): BodySink {
    return this;
  }

  /**
   * A subfolder's real path must be inside the directory before a temporary file is created in
   * it (that would be writing outside the directory); the served directory itself is cleared.
   */
  protected start(): void {
    if (!this.nested) {
      this.folderCleared();
      return;
    }
    const refusal = this.context.tree.clearFolder(this.folder);
    if (refusal === null) this.folderCleared();
    else this.refuse(refusal);
  }

  private folderCleared(): void {
    const state = this.state;
    if (state.kind !== 'clearing' || this.cancelled) return;
    if (state.bodyComplete) this.storeWhole(state.held, PENDING);
    else this.state = { kind: 'inspecting', held: state.held };
    this.inspectTarget();
  }

  /**
   * The verdict on the target (inspectWriteTarget): POST answers 201, PUT 204 when it replaces.
   */
  private inspectTarget(): void {
    inspectWriteTarget(this.context.tree, this.target, this.conditions, this.kind === 'put' ? 204 : 201, (verdict) => this.onVerdict(verdict));
  }

  private onVerdict(verdict: number): void {
    const state = this.state;
    if (state.kind === 'storing') {
      state.verdict = verdict;
      this.completeStore(state);
    } else if (state.kind === 'inspecting' && !this.cancelled) {
      if (accepts(verdict)) this.accept(state.held, verdict);
      else this.refuse(verdict);
    }
  }

  /** Holds the body while it is small, else streams it (the target's verdict already accepted it). */
  private accept(held: Buffer[], answer: number): void {
    let heldBytes = 0;
    for (const chunk of held) heldBytes += chunk.length;
    if (heldBytes > WHOLE_BODY_BYTES) this.openTemp(held, answer);
    else this.state = { kind: 'accepted', held, heldBytes, answer };
  }

  get full(): boolean {
    const state = this.state;
    switch (state.kind) {
      case 'clearing':
      case 'inspecting':
      case 'opening':
        return true;
      case 'writing':
        return state.file.stream.writableNeedDrain;
      default:
        return false;
    }
  }

  write(chunk: Buffer): void {
    const state = this.state;
    if (state.kind === 'clearing' || state.kind === 'inspecting' || state.kind === 'opening') state.held.push(chunk);
    else if (state.kind === 'accepted') {
      state.held.push(chunk);
      state.heldBytes += chunk.length;
      if (state.heldBytes > WHOLE_BODY_BYTES) this.openTemp(state.held, state.answer);
    } else if (state.kind === 'writing') state.file.stream.write(chunk);
  }

  end(): void {
    const state = this.state;
    switch (state.kind) {
      case 'clearing':
      case 'opening':
        state.bodyComplete = true;
        break;
      case 'inspecting':
        // The folder was cleared: the write may start before the verdict, which the rename waits for.
        this.storeWhole(state.held, PENDING);
        break;
      case 'accepted':
        this.storeWhole(state.held, state.answer);
        break;
      case 'writing':
        this.commit(state.file);
        break;
      case 'refusing':
        this.finish(state.status);
        break;
    }
  }

  fail(status: number): void {
    const kind = this.state.kind;
    if (kind === 'committing' || kind === 'storing' || kind === 'finished') return;
    this.discardTemp();
    // The connection closes after this answer: it cannot read past a body it could not finish.
    this.finish(status);
  }

  /**
   * The connection is gone. Mid-body, the upload is aborted; once the whole body arrived and
   * is being written, it completes on its own: the target gets the whole body or stays as it was.
   */
  protected release(): void {
    const state = this.state;
    if (state.kind === 'committing' || state.kind === 'storing') return;
    if (state.kind === 'opening' && state.bodyComplete) return;
    this.discardTemp();
    this.state = { kind: 'finished' };
  }

  /** Writes the whole body to a new temporary file in one call; the verdict may still be PENDING. */
  private storeWhole(held: readonly Buffer[], verdict: number): void {
    const state: Storing = { kind: 'storing', written: null, verdict };
    this.state = state;
    const body = held.length === 1 ? held[0] : Buffer.concat(held);
    const fs = this.context.tree.fs;
    createTemp(
      fs,
      this.context.tree.temporaries,
      this.folder,
      (tempPath, created) => fs.writeNew(tempPath, body, created),
      (error, tempPath) => {
        if (error === null) {
          state.written = { kind: 'written', tempPath };
          this.completeStore(state);
          return;
        }
        const failed: Written = { kind: 'failed', status: statusForFsError(error) };
        const record = (): void => {
          state.written = failed;
          this.completeStore(state);
        };
        // EEXIST: the name is someone else's file; otherwise the file may be ours, half written.
        if (error.code === 'EEXIST' || error.code === SHUTTING_DOWN) record();
        else this.removeTemp(tempPath, record);
      },
    );
  }

  /**
   * Once both the write and the verdict ended: renames when the verdict accepted, else deletes
   * the temporary file first (answering only then: once answered, nothing of it is left).
   */
  private completeStore(state: Storing): void {
    const { written, verdict } = state;
    if (written === null || verdict === PENDING) return;
    if (written.kind === 'failed') this.finish(accepts(verdict) ? written.status : verdict);
    else if (accepts(verdict)) this.renameTemp(written.tempPath, verdict);
    else this.removeTemp(written.tempPath, () => this.finish(verdict));
  }

  /** Creates the temporary file for a body still arriving, then streams to it. */
  private openTemp(held: Buffer[], answer: number): void {
    const state: Opening = { kind: 'opening', held, bodyComplete: false, answer };
    this.state = state;
    const fs = this.context.tree.fs;
    createTemp<number>(
      fs,
      this.context.tree.temporaries,
      this.folder,
      (tempPath, created) => fs.openNew(tempPath, created),
      (error, tempPath, fd) => {
        // open(2) failed: no file was made.
        if (error !== null) this.context.tree.temporaries.gone(tempPath);
        if (this.state !== state) {
          // Aborted meanwhile: the file, if created, is ours to delete.
          if (error === null) fs.close(fd!, () => this.removeTemp(tempPath, () => undefined));
          return;
        }
        if (error !== null) this.refuseStream(statusForFsError(error), state.bodyComplete);
        else this.startStream(tempPath, fd!, state);
      },
    );
  }

  private startStream(tempPath: string, fd: number, opening: Opening): void {
    const stream = this.context.tree.fs.writeStream(tempPath, fd);
    const file: TempFile = { path: tempPath, stream, answer: opening.answer };
    stream.on('error', (error) => this.onWriteError(file, error));
    stream.on('drain', () => this.notifySinkDrain());
    this.state = { kind: 'writing', file };
    for (const chunk of opening.held) stream.write(chunk);
    if (opening.bodyComplete) this.commit(file);
    else this.notifySinkDrain();
  }

  /** The folder or the target is not usable: drop the body as it comes, answer `status` at its end. */
  private refuse(status: number): void {
    const state = this.state;
    if ((state.kind !== 'clearing' && state.kind !== 'inspecting') || this.cancelled) return;
    this.refuseStream(status, state.kind === 'clearing' && state.bodyComplete);
  }

  private refuseStream(status: number, bodyComplete: boolean): void {
    if (bodyComplete) this.finish(status);
    else {
      this.state = { kind: 'refusing', status };
      this.notifySinkDrain();
    }
  }

  private commit(file: TempFile): void {
    this.state = { kind: 'committing', file };
    file.stream.end();
    file.stream.once('close', () => {
      if (this.state.kind !== 'committing' || file.stream.errored) return;
      this.renameTemp(file.path, file.answer);
    });
  }

  private renameTemp(tempPath: string, answer: number): void {
    const fs = this.context.tree.fs;
    if (createOnly(this.conditions)) {
      // link(2) never replaces: a file created since the verdict stays, and this write fails.
      fs.link(tempPath, this.target, (error) => {
        this.removeTemp(tempPath, () => this.finish(error === null ? answer : error.code === 'EEXIST' ? 412 : statusForFsError(error)));
      });
      return;
    }
    fs.rename(tempPath, this.target, (error) => {
      if (error === null) {
        this.context.tree.temporaries.gone(tempPath);
        this.finish(answer);
      } else this.removeTemp(tempPath, () => this.finish(statusForFsError(error)));
    });
  }

  private onWriteError(file: TempFile, error: Error): void {
    const state = this.state;
    if ((state.kind !== 'writing' && state.kind !== 'committing') || state.file !== file) return;
    const status = statusForFsError(error);
    this.discardTemp();
    if (state.kind === 'committing') this.finish(status);
    else {
      this.state = { kind: 'refusing', status };
      this.notifySinkDrain();
    }
  }

  /** Destroys the temporary file's stream and deletes the file once it is closed. */
  private discardTemp(): void {
    const state = this.state;
    if (state.kind !== 'writing' && state.kind !== 'committing') return;
    // (committing: only after a write error, which means the rename will not happen.)
    const file = state.file;
    this.state = { kind: 'finished' };
    const remove = (): void => this.removeTemp(file.path, () => undefined);
    if (file.stream.closed) remove();
    else {
      file.stream.once('close', remove);
      file.stream.destroy();
    }
  }

  /** Deletes the temporary file `tempPath`, then `then`. */
  private removeTemp(tempPath: string, then: () => void): void {
    this.context.tree.fs.unlink(tempPath, () => {
      this.context.tree.temporaries.gone(tempPath);
      then();
    });
  }

  /** Answers `status` with no content (201, 204, or the refusal). */
  private finish(status: number): void {
    this.state = { kind: 'finished' };
    if (!this.cancelled) this.settle(this.context.responses.emptyPlan(status));
  }
}
