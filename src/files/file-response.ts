/**
 * GET and HEAD of a file: its bytes as `application/octet-stream`, small files in one write with
 * their head (remembered whole by the small-file cache), larger ones streamed (FileBody). 404
 * when missing, not a regular file or outside the directory (FileStore decides).
 */
import type { HeadTemplate, Responses } from '../http/compiled.js';
import { PendingResponse } from '../http/handler.js';
import type { BodySource, ResponsePlan } from '../http/plan.js';
import type { FileStore, OpenedFile } from './file-store.js';
import { FileBody } from './file-body.js';

export interface FilesContext {
  readonly responses: Responses;
  readonly store: FileStore;
  /** 200 with `Content-Type: application/octet-stream`. */
  readonly fileHead: HeadTemplate;
}

/** The body of a HEAD answer: its length is the file's, and nothing is ever read. */
const NOTHING_TO_SEND: BodySource = {
  pipeTo: (_out, done) => done(false),
  dispose: () => undefined,
};

export class FileResponse extends PendingResponse {
  /** The plan's body while it is not sent yet (released if the connection goes first). */
  private body: BodySource | null = null;

  constructor(
    private readonly context: FilesContext,
    private readonly path: string,
    private readonly headOnly: boolean,
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
    this.body?.dispose();
  }

  private answer(opened: OpenedFile): void {
    if (this.cancelled) {
      if (opened.kind === 'handle') opened.handle.close().catch(() => undefined);
      return;
    }
    const { responses, fileHead } = this.context;
    this.settle(plan(responses, fileHead, opened, (body) => (this.body = body)));
  }
}

function plan(responses: Responses, fileHead: HeadTemplate, opened: OpenedFile, keep: (body: BodySource) => void): ResponsePlan {
  switch (opened.kind) {
    case 'refused':
      return responses.emptyPlan(opened.status);
    case 'size':
      return { status: 200, headers: fileHead, body: { kind: 'sized', length: opened.size, source: NOTHING_TO_SEND } };
    case 'contents':
      return {
        status: 200,
        headers: fileHead,
        body: { kind: 'bytes', bytes: opened.bytes, memo: opened.cached ?? undefined },
      };
    case 'handle': {
      const source = new FileBody(opened.handle, opened.size);
      keep(source);
      return { status: 200, headers: fileHead, body: { kind: 'sized', length: opened.size, source } };
    }
  }
}
