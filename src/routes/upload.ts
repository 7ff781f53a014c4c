/**
 * POST and PUT /files/{name}: the request body, streamed to a temporary file in the target's
 * folder and renamed over the target only once the whole body arrived.
 *
 * - The temporary file is created with `wx` (O_CREAT | O_EXCL) under a random name, so no
 *   symlink is ever followed when writing; rename(2) replaces the target entry itself (a
 *   symlink at the target is replaced, not followed).
 * - Before anything is created: a name in a subfolder has its folder's real path checked to be
 *   inside the directory, and a target that is a symlink must resolve inside it too (writes
 *   are refused wherever reads would be).
 * - Backpressure: `full` while the file stream's buffer is full (the connection pauses the
 *   socket), `notifySinkDrain()` when it drained.
 * - An aborted upload (connection lost, bad chunked framing, too large, too slow) deletes the
 *   temporary file and leaves the target untouched.
 * - A body that arrived whole while the target was being checked (the usual small upload) is
 *   written with one `writeFile` (open, write, close; no stream) and then renamed.
 * POST answers 201 Created; PUT answers 201 when the file is new and 204 when it replaced one.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, type Stats, type WriteStream } from 'node:fs';
import { lstat, realpath, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { statusForFsError } from '../http/fs-errors.js';
import type { ConnMode } from '../http/conn-mode.js';
import type { Responses } from '../http/responses.js';
import { type BodySink, PendingResponse } from '../connection/pending.js';
import { isStrictlyInside } from './names.js';

export interface UploadContext {
  readonly responses: Responses;
  /** The served directory with symlinks resolved. */
  readonly rootReal: string;
}

export type UploadKind = 'post' | 'put';

type UploadState =
  /** Inspecting the folder and the target before creating anything; bytes are held meanwhile. */
  | { kind: 'checking'; held: Buffer[]; bodyComplete: boolean }
  | { kind: 'writing'; file: TempFile }
  /** The body arrived; the temporary file is being closed and renamed. */
  | { kind: 'committing'; file: TempFile }
  /** The whole body arrived before the checks ended: written to `tempPath` at once, then renamed. */
  | { kind: 'storing'; tempPath: string }
  /** Storing failed (`status`): the rest of the body is read and dropped, then answered. */
  | { kind: 'refusing'; status: number }
  | { kind: 'finished' };

/** The temporary file and whether it was created (only then is it ours to delete). */
interface TempFile {
  readonly path: string;
  readonly stream: WriteStream;
  created: boolean;
}

/** `inspect` found nothing against the upload. */
const ACCEPTED = 0;

export class Upload extends PendingResponse implements BodySink {
  private state: UploadState = { kind: 'checking', held: [], bodyComplete: false };
  /** Whether the target existed before (PUT answers 204 then, 201 otherwise). */
  private existed = false;

  constructor(
    private readonly context: UploadContext,
    private readonly kind: UploadKind,
    private readonly target: string,
    private readonly folder: string,
    private readonly nested: boolean,
    private readonly mode: ConnMode,
  ) {
    super();
  }

  override get sink(): BodySink {
    return this;
  }

  /**
   * Checks where the body would go (see `inspect`), then creates the temporary file. Until
   * then (and before the connection begins this upload) body bytes are held and the sink
   * reports itself full.
   */
  protected start(): void {
    this.inspect().then(
      (verdict) => (verdict === ACCEPTED ? this.createTempFile() : this.refuse(verdict)),
      (error) => this.refuse(statusForFsError(error)),
    );
  }

  /**
   * ACCEPTED, or the status that refuses the upload: 404 when the folder (after symlinks) is
   * outside the directory, or when the target is a symlink that does not resolve to a file
   * inside it (writes are refused wherever reads would be); 409 when the target is a folder.
   * Writing itself never follows a symlink (temporary file + rename), so these checks are the
   * policy, not the safety.
   */
  private async inspect(): Promise<number> {
    const { rootReal } = this.context;
    if (this.nested) {
      const folder = await realpath(this.folder);
      if (folder !== rootReal && !isStrictlyInside(rootReal, folder)) return 404;
    }
    let stats: Stats;
    try {
      stats = await lstat(this.target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ACCEPTED;
      throw error;
    }
    this.existed = true;
    if (stats.isDirectory()) return 409;
    if (stats.isSymbolicLink()) {
      const real = await realpath(this.target).catch(() => null);
      if (real === null || !isStrictlyInside(rootReal, real)) return 404;
    }
    return ACCEPTED;
  }

  get full(): boolean {
    const state = this.state;
    if (state.kind === 'checking') return true;
    if (state.kind === 'writing') return state.file.stream.writableNeedDrain;
    return false;
  }

  write(chunk: Buffer): void {
    const state = this.state;
    if (state.kind === 'checking') state.held.push(chunk);
    else if (state.kind === 'writing') state.file.stream.write(chunk);
  }

  end(): void {
    const state = this.state;
    if (state.kind === 'checking') state.bodyComplete = true;
    else if (state.kind === 'writing') this.commit(state.file);
    else if (state.kind === 'refusing') this.finish(this.context.responses.empty(state.status, this.mode));
  }

  fail(status: number): void {
    const kind = this.state.kind;
    if (kind === 'committing' || kind === 'storing' || kind === 'finished') return;
    this.discardTemp();
    this.finish(this.context.responses.closing(status));
  }

  /**
   * The connection is gone. Mid-body, the upload is aborted; once the whole body arrived
   * (committing), it completes on its own: the target gets the whole body or stays as it was.
   */
  protected release(): void {
    const kind = this.state.kind;
    if (kind === 'committing' || kind === 'storing') return;
    this.discardTemp();
    this.state = { kind: 'finished' };
  }

  private createTempFile(): void {
    const state = this.state;
    if (state.kind !== 'checking' || this.cancelled) return;
    const tempPath = path.join(this.folder, `.ferroserve-upload-${randomBytes(8).toString('hex')}`);
    if (state.bodyComplete) {
      this.storeWhole(tempPath, state.held);
      return;
    }
    const stream = createWriteStream(tempPath, { flags: 'wx' });
    const file: TempFile = { path: tempPath, stream, created: false };
    stream.on('open', () => {
      file.created = true;
    });
    stream.on('error', (error) => this.onWriteError(file, error));
    stream.on('drain', () => this.notifySinkDrain());
    this.state = { kind: 'writing', file };
    for (const chunk of state.held) stream.write(chunk);
    if (state.bodyComplete) this.commit(file);
    else this.notifySinkDrain();
  }

  /** Writes the whole body to a new temporary file in one call, then renames it over the target. */
  private storeWhole(tempPath: string, held: readonly Buffer[]): void {
    this.state = { kind: 'storing', tempPath };
    const body = held.length === 1 ? held[0] : Buffer.concat(held);
    writeFile(tempPath, body, { flag: 'wx' }).then(
      () => this.renameTemp(tempPath).catch(() => undefined),
      (error: unknown) => {
        // EEXIST: the name is someone else's file; otherwise the file may be ours, half written.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') unlink(tempPath).catch(() => undefined);
        this.finish(this.context.responses.empty(statusForFsError(error), this.mode));
      },
    );
  }

  /** The folder is not usable: drop the body as it comes, answer `status` at its end. */
  private refuse(status: number): void {
    const state = this.state;
    if (state.kind !== 'checking' || this.cancelled) return;
    if (state.bodyComplete) this.finish(this.context.responses.empty(status, this.mode));
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
      this.renameTemp(file.path).catch(() => undefined);
    });
  }

  private async renameTemp(tempPath: string): Promise<void> {
    try {
      await rename(tempPath, this.target);
    } catch (error) {
      await unlink(tempPath).catch(() => undefined);
      this.finish(this.context.responses.empty(statusForFsError(error), this.mode));
      return;
    }
    this.finish(this.context.responses.empty(this.kind === 'put' && this.existed ? 204 : 201, this.mode));
  }

  private onWriteError(file: TempFile, error: Error): void {
    const state = this.state;
    if ((state.kind !== 'writing' && state.kind !== 'committing') || state.file !== file) return;
    const status = statusForFsError(error);
    this.discardTemp();
    if (state.kind === 'committing') this.finish(this.context.responses.empty(status, this.mode));
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
    const remove = (): void => {
      if (file.created) unlink(file.path).catch(() => undefined);
    };
    if (file.stream.closed) remove();
    else {
      file.stream.once('close', remove);
      file.stream.destroy();
    }
  }

  private finish(bytes: Buffer): void {
    this.state = { kind: 'finished' };
    if (!this.cancelled) this.settle({ kind: 'bytes', bytes });
  }
}

