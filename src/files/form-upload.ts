/**
 * POST of a form to a folder URL (`/files/docs/`): `multipart/form-data` (the page's uploads,
 * a plain HTML form) or `application/x-www-form-urlencoded`, parsed as it streams by busboy.
 *
 * - Each file part is stored in that folder under the last segment of its filename
 *   (form-names.ts: the rules of every other name). A part with an empty filename (a form sent
 *   with no file chosen) is skipped.
 * - A `mkdir` field creates a folder of that name in the folder.
 * - Each file streams to its own temporary file (upload.ts's naming, O_EXCL). Nothing is
 *   renamed into place until the whole body was parsed and every target judged: a body cut
 *   short, a malformed one, a refused name or a limit exceeded leave nothing behind. Targets are
 *   judged as a POST's (inspectWriteTarget: a folder 409, a symlink leading outside 404, the
 *   request's conditions 412 — `If-None-Match: *` makes every file create-only, kept at the
 *   rename by link(2) as for a single upload); by default a file replaces one of its name.
 * - Limits (FORM_LIMITS): too many parts, files or fields, or an oversized field: 413; the
 *   whole request is bounded by --max-body (the transport answers 413 before this sees more).
 * - The answer: 201 with JSON (what was stored) when Accept prefers application/json, else 303
 *   See Other to the folder's listing (a browser's form post shows the listing again).
 */
import type { WriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Busboy } from 'busboy';
import { type BodySink, PendingResponse } from '../http/handler.js';
import type { ResponsePlan } from '../http/plan.js';
import type { Responses } from '../http/compiled.js';
import { statusForFsError } from './fs-errors.js';
import { formName, type FormName } from './form-names.js';
import { encodeSegment, encodeUrlPath } from './listing/url-path.js';
import type { ServedTree } from './tree.js';
import { createOnly, createTemp, inspectWriteTarget, type WriteConditions } from './upload.js';

/** busboy's limits for one form (sizes in bytes). */
export const FORM_LIMITS = {
  /** File parts in one request (the page sends one file per request). */
  files: 100,
  /** Non-file fields (`mkdir` is the only one used; others are ignored). */
  fields: 20,
  /** Parts of any kind. */
  parts: 120,
  /** A field's value: a folder name fits in 255 bytes on every common file system. */
  fieldSize: 1024,
  fieldNameSize: 100,
  /** Header lines of one part. */
  headerPairs: 20,
} as const;

/** The field that asks for a folder to be created. */
export const MKDIR_FIELD = 'mkdir';

export interface FormUploadContext {
  readonly responses: Responses;
  readonly tree: ServedTree;
  readonly showHidden: boolean;
}

export interface FormFolder {
  /** Absolute path on disk. */
  readonly path: string;
  /** Decoded, relative to the tree ('' for its root), no trailing `/`. */
  readonly relative: string;
  /** Decoded URL path of the folder, ending in `/` (the 303's target and the JSON links). */
  readonly urlPath: string;
}

type Inside = Extract<FormName, { kind: 'inside' }>;

type PartState =
  | { kind: 'opening' }
  | { kind: 'writing'; tempPath: string; stream: WriteStream }
  | { kind: 'written'; tempPath: string }
  /** Renamed into place: it is the target now. */
  | { kind: 'placed' }
  /** Dropped (the request failed): its temporary file is deleted, or will be once opened. */
  | { kind: 'discarded' };

interface FilePart {
  readonly named: Inside;
  state: PartState;
  /** Bytes written, once written. */
  size: number;
}

type FormState =
  /** The folder's real path is being checked; bytes are held meanwhile. */
  | { kind: 'clearing'; held: Buffer[]; bodyComplete: boolean }
  /** `bodyComplete`: the last byte was given to busboy; `parsed`: busboy has emitted every part. */
  | { kind: 'parsing'; bodyComplete: boolean; parsed: boolean }
  /** Every file is written: targets are judged, then files renamed and folders made. */
  | { kind: 'committing' }
  /** Refused (`status`) before the body ended: the rest is read and dropped. */
  | { kind: 'refusing'; status: number }
  | { kind: 'finished' };

/** What the JSON answer lists. */
export interface FormResult {
  readonly files: ReadonlyArray<{ readonly name: string; readonly size: number; readonly link: string }>;
  readonly folders: ReadonlyArray<{ readonly name: string; readonly link: string }>;
}

export class FormUpload extends PendingResponse implements BodySink {
  private state: FormState = { kind: 'clearing', held: [], bodyComplete: false };
  private readonly parts: FilePart[] = [];
  private readonly folders: Inside[] = [];

  constructor(
    private readonly context: FormUploadContext,
    private readonly folder: FormFolder,
    private readonly parser: Busboy,
    private readonly conditions: WriteConditions,
    private readonly answersJson: boolean,
  ) {
    super();
  }

  override get sink(): BodySink {
    return this;
  }

  protected start(): void {
    const refusal = this.context.tree.clearFolder(this.folder.path);
    if (refusal === null) this.folderCleared();
    else this.refuse(refusal);
  }

  private folderCleared(): void {
    const state = this.state;
    if (state.kind !== 'clearing' || this.cancelled) return;
    this.state = { kind: 'parsing', bodyComplete: state.bodyComplete, parsed: false };
    this.listen();
    for (const chunk of state.held) this.parser.write(chunk);
    if (state.bodyComplete) this.parser.end();
    else this.notifySinkDrain();
  }

  private listen(): void {
    const parser = this.parser;
    parser.on('file', (_field, stream, info) => this.onFile(stream, info.filename));
    parser.on('field', (field, value, info) => {
      if (info.nameTruncated || info.valueTruncated) this.refuse(413);
      else if (field === MKDIR_FIELD) this.onMkdir(value);
    });
    parser.on('partsLimit', () => this.refuse(413));
    parser.on('filesLimit', () => this.refuse(413));
    parser.on('fieldsLimit', () => this.refuse(413));
    parser.on('error', () => this.refuse(400));
    parser.on('drain', () => this.notifySinkDrain());
    parser.on('close', () => {
      const state = this.state;
      if (state.kind !== 'parsing') return;
      state.parsed = true;
      this.commitWhenWritten();
    });
  }

  private onFile(stream: Readable, filename: string | undefined): void {
    // Once the request is refused, busboy is destroyed and errors its open file streams.
    stream.on('error', () => undefined);
    if (this.state.kind !== 'parsing') {
      stream.resume();
      return;
    }
    // A form sent with no file chosen has one part with an empty filename: nothing to store.
    if (filename === undefined || filename === '') {
      stream.resume();
      return;
    }
    const named = formName(this.context.tree, this.folder.relative, filename, this.context.showHidden);
    if (named.kind === 'refused') {
      stream.resume();
      this.refuse(named.status);
      return;
    }
    const part: FilePart = { named, state: { kind: 'opening' }, size: 0 };
    this.parts.push(part);
    const fs = this.context.tree.fs;
    createTemp<number>(
      fs,
      this.context.tree.temporaries,
      this.folder.path,
      (tempPath, created) => fs.openNew(tempPath, created),
      (error, tempPath, fd) => {
        if (part.state.kind !== 'opening') {
          // Discarded meanwhile: the file, if created, is ours to delete.
          if (error === null) fs.close(fd!, () => this.removeTemp(tempPath, () => undefined));
          else this.context.tree.temporaries.gone(tempPath);
          stream.resume();
          return;
        }
        if (error !== null) {
          this.context.tree.temporaries.gone(tempPath);
          stream.resume();
          this.refuse(statusForFsError(error));
          return;
        }
        const out = fs.writeStream(tempPath, fd!);
        part.state = { kind: 'writing', tempPath, stream: out };
        out.on('error', (writeError) => this.refuse(statusForFsError(writeError)));
        out.on('close', () => {
          if (part.state.kind !== 'writing' || out.errored) return;
          part.size = out.bytesWritten;
          part.state = { kind: 'written', tempPath };
          this.commitWhenWritten();
        });
        stream.on('error', () => out.destroy());
        stream.pipe(out);
      },
    );
  }

  private onMkdir(value: string): void {
    if (this.state.kind !== 'parsing') return;
    const named = formName(this.context.tree, this.folder.relative, value, this.context.showHidden);
    // A folder name is taken as given: one with a separator is refused rather than cut.
    if (named.kind === 'refused' || named.name !== value) this.refuse(named.kind === 'refused' ? named.status : 400);
    else this.folders.push(named);
  }

  get full(): boolean {
    const state = this.state;
    if (state.kind === 'clearing') return true;
    return state.kind === 'parsing' && this.parser.writableNeedDrain;
  }

  write(chunk: Buffer): void {
    const state = this.state;
    if (state.kind === 'clearing') state.held.push(chunk);
    else if (state.kind === 'parsing') this.parser.write(chunk);
  }

  end(): void {
    const state = this.state;
    if (state.kind === 'clearing') state.bodyComplete = true;
    else if (state.kind === 'parsing') {
      state.bodyComplete = true;
      this.parser.end();
    } else if (state.kind === 'refusing') this.finish(this.context.responses.emptyPlan(state.status));
  }

  fail(status: number): void {
    const kind = this.state.kind;
    if (kind === 'committing' || kind === 'finished') return;
    this.stopParsing();
    this.discardAll();
    this.finish(this.context.responses.emptyPlan(status));
  }

  /** The connection is gone: unless files are already being renamed, nothing is stored. */
  protected release(): void {
    if (this.state.kind === 'committing') return;
    this.stopParsing();
    this.discardAll();
    this.state = { kind: 'finished' };
  }

  /** Refuses the request with `status`: nothing is stored; the rest of the body is dropped. */
  private refuse(status: number): void {
    const state = this.state;
    if (state.kind === 'refusing' || state.kind === 'committing' || state.kind === 'finished') return;
    const bodyComplete = state.bodyComplete;
    this.stopParsing();
    this.discardAll();
    if (bodyComplete) this.finish(this.context.responses.emptyPlan(status));
    else {
      this.state = { kind: 'refusing', status };
      this.notifySinkDrain();
    }
  }

  /** busboy is left: no more events from it, no more bytes to it. */
  private stopParsing(): void {
    const parser = this.parser;
    parser.removeAllListeners();
    parser.on('error', () => undefined);
    parser.destroy();
  }

  private discardAll(): void {
    for (const part of this.parts) {
      const state = part.state;
      if (state.kind === 'placed') continue;
      part.state = { kind: 'discarded' };
      if (state.kind === 'written') this.removeTemp(state.tempPath, () => undefined);
      else if (state.kind === 'writing') {
        const remove = (): void => this.removeTemp(state.tempPath, () => undefined);
        if (state.stream.closed) remove();
        else {
          state.stream.once('close', remove);
          state.stream.destroy();
        }
      }
    }
  }

  private commitWhenWritten(): void {
    const state = this.state;
    if (state.kind !== 'parsing' || !state.parsed || this.cancelled) return;
    if (!this.parts.every((part) => part.state.kind === 'written')) return;
    if (this.parts.length === 0 && this.folders.length === 0) {
      this.finish(this.context.responses.emptyPlan(400));
      return;
    }
    this.state = { kind: 'committing' };
    this.judge(0);
  }

  /** Judges every target in turn (folders first, then files); any refusal refuses all. */
  private judge(index: number): void {
    const { tree } = this.context;
    const refuse = (status: number): void => {
      this.discardAll();
      this.finish(this.context.responses.emptyPlan(status));
    };
    if (index < this.folders.length) {
      tree.fs.lstat(this.folders[index].target.path, (error) => {
        if (error === null) refuse(409);
        else if (error.code !== 'ENOENT') refuse(statusForFsError(error));
        else this.judge(index + 1);
      });
      return;
    }
    const fileIndex = index - this.folders.length;
    if (fileIndex < this.parts.length) {
      inspectWriteTarget(tree, this.parts[fileIndex].named.target.path, this.conditions, 201, (verdict) => {
        if (verdict >= 300) refuse(verdict);
        else this.judge(index + 1);
      });
      return;
    }
    this.place(0);
  }

  /** Makes the folders, then renames each file into place, in order. */
  private place(index: number): void {
    const { fs } = this.context.tree;
    const failed = (status: number): void => {
      this.discardAll();
      this.finish(this.context.responses.emptyPlan(status));
    };
    if (index < this.folders.length) {
      fs.mkdir(this.folders[index].target.path, (error) => {
        if (error === null) this.place(index + 1);
        else failed(error.code === 'EEXIST' ? 409 : statusForFsError(error));
      });
      return;
    }
    const fileIndex = index - this.folders.length;
    if (fileIndex >= this.parts.length) {
      this.answer();
      return;
    }
    const part = this.parts[fileIndex];
    const state = part.state;
    if (state.kind !== 'written') return;
    const target = part.named.target.path;
    const placed = (error: NodeJS.ErrnoException | null, status: number): void => {
      if (error !== null) {
        failed(status);
        return;
      }
      part.state = { kind: 'placed' };
      this.place(index + 1);
    };
    if (createOnly(this.conditions)) {
      // link(2) never replaces: a file created since the verdict stays, and this write fails.
      fs.link(state.tempPath, target, (error) => {
        this.removeTemp(state.tempPath, () => placed(error, error?.code === 'EEXIST' ? 412 : error === null ? 201 : statusForFsError(error)));
      });
    } else {
      fs.rename(state.tempPath, target, (error) => {
        if (error === null) this.context.tree.temporaries.gone(state.tempPath);
        placed(error, error === null ? 201 : statusForFsError(error));
      });
    }
  }

  /** Deletes the temporary file `tempPath` (and forgets it in the tree's live temporaries), then `then`. */
  private removeTemp(tempPath: string, then: () => void): void {
    this.context.tree.fs.unlink(tempPath, () => {
      this.context.tree.temporaries.gone(tempPath);
      then();
    });
  }

  private answer(): void {
    const base = encodeUrlPath(this.folder.urlPath);
    if (!this.answersJson) {
      this.finish({ status: 303, headers: ['Location', base], body: { kind: 'none' } });
      return;
    }
    const result: FormResult = {
      files: this.parts.map((part) => ({
        name: part.named.name,
        size: part.size,
        link: base + encodeSegment(part.named.name),
      })),
      folders: this.folders.map((named) => ({ name: named.name, link: `${base}${encodeSegment(named.name)}/` })),
    };
    const body = Buffer.from(JSON.stringify(result));
    this.finish({
      status: 201,
      headers: ['Content-Type', 'application/json; charset=utf-8', 'X-Content-Type-Options', 'nosniff'],
      body: { kind: 'bytes', bytes: body },
    });
  }

  private finish(plan: ResponsePlan): void {
    this.state = { kind: 'finished' };
    if (!this.cancelled) this.settle(plan);
  }
}
