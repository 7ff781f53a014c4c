/**
 * GET and HEAD /files/{name}: the file's bytes as `application/octet-stream`, small files in one
 * write with their head, larger ones streamed (FileBody). 404 when missing, not a regular file
 * or outside the directory (FileStore decides).
 */
import type { ConnMode } from '../http/conn-mode.js';
import type { HeadTemplate, Responses } from '../http/responses.js';
import { PendingResponse } from '../connection/pending.js';
import type { FileStore, OpenedFile } from './file-store.js';
import { FileBody } from './file-body.js';

export interface FilesContext {
  readonly responses: Responses;
  readonly store: FileStore;
  /** 200 with `Content-Type: application/octet-stream`. */
  readonly fileHead: HeadTemplate;
}

export class FileResponse extends PendingResponse {
  constructor(
    private readonly context: FilesContext,
    private readonly path: string,
    private readonly headOnly: boolean,
    private readonly mode: ConnMode,
  ) {
    super();
  }

  /** Opens the file; the response settles when it is known. */
  protected start(): void {
    this.context.store.open(this.path, !this.headOnly).then(
      (opened) => this.answer(opened),
      () => this.answer({ kind: 'refused', status: 500 }),
    );
  }

  protected release(): void {
    if (this.outcome.kind === 'stream') this.outcome.body.dispose();
  }

  private answer(opened: OpenedFile): void {
    if (this.cancelled) {
      if (opened.kind === 'handle') opened.handle.close().catch(() => undefined);
      return;
    }
    const { responses, fileHead } = this.context;
    const mode = this.mode;
    switch (opened.kind) {
      case 'refused':
        this.settle({ kind: 'bytes', bytes: responses.empty(opened.status, mode) });
        return;
      case 'size':
        this.settle({ kind: 'bytes', bytes: fileHead.bytes(mode, opened.size) });
        return;
      case 'contents': {
        const bytes =
          opened.cached === null
            ? fileHead.bytes(mode, opened.bytes.length, opened.bytes)
            : opened.cached.response(fileHead, mode);
        this.settle({ kind: 'bytes', bytes });
        return;
      }
      case 'handle':
        this.settle({
          kind: 'stream',
          head: fileHead.bytes(mode, opened.size),
          body: new FileBody(opened.handle, opened.size),
        });
        return;
    }
  }
}
