/**
 * A view of one parsed request head: the record at word `rec` of the parser's `out` array,
 * over the bytes in `buf`. One view per server is re-pointed at each record (no allocation per
 * request); it is valid only until the next parse, so a handler that goes async copies the few
 * fields it needs first (`snapshot`). Fields are read from the record on demand; strings are made
 * only for the fields a handler asks for.
 *
 * Headers are found two ways: by the ids the parser gives the fields it needs for framing (and
 * User-Agent / Accept-Encoding, on the hot paths), and by name, for every other field
 * (case-insensitive, all values of a repeated field).
 */
import {
  BODY_CHUNKED,
  BODY_LENGTH,
  F_BODY_KIND,
  F_FLAGS,
  F_HEAD_START,
  F_HEADER_COUNT,
  F_LENGTH_HI,
  F_LENGTH_LO,
  F_METHOD,
  F_METHOD_LEN,
  F_TARGET_FORM,
  F_TARGET_LEN,
  F_TARGET_START,
  F_VERSION_MINOR,
  FLAG_EXPECT_CONTINUE,
  FLAG_KEEP_ALIVE,
  FORM_ABSOLUTE,
  FORM_ORIGIN,
  HEADER_WORDS,
  REC_FIXED,
} from '../wire/layout.js';

const SLASH = 0x2f;
const QUESTION = 0x3f;
const COLON = 0x3a;
const ROOT_PATH = Buffer.from('/');

export class RequestView {
  buf: Buffer = Buffer.alloc(0);
  private rec = 0;
  /**
   * The path: `pathBuf[pathStart, pathEnd)`, the target without its query; absolute-form reduced
   * to its path. `pathBuf` is `buf`, except for an absolute-form target without a path (`/`).
   */
  pathBuf: Buffer = this.buf;
  pathStart = 0;
  pathEnd = 0;

  constructor(private readonly out: Uint32Array) {}

  bind(buf: Buffer, rec: number): void {
    this.buf = buf;
    this.rec = rec;
    this.locatePath();
  }

  get method(): number {
    return this.out[this.rec + F_METHOD];
  }
  get versionMinor(): number {
    return this.out[this.rec + F_VERSION_MINOR];
  }
  get keepAlive(): boolean {
    return (this.out[this.rec + F_FLAGS] & FLAG_KEEP_ALIVE) !== 0;
  }
  get expectsContinue(): boolean {
    return (this.out[this.rec + F_FLAGS] & FLAG_EXPECT_CONTINUE) !== 0;
  }
  get bodyKind(): number {
    return this.out[this.rec + F_BODY_KIND];
  }
  /** Content-Length (kind = length), else 0. Exact: the parser caps it at 2^53 - 1. */
  get contentLength(): number {
    return this.out[this.rec + F_LENGTH_HI] * 0x1_0000_0000 + this.out[this.rec + F_LENGTH_LO];
  }
  /** The Content-Length of a length-delimited body; -1 for a chunked body or none. */
  get declaredLength(): number {
    return this.bodyKind === BODY_LENGTH ? this.contentLength : -1;
  }
  /** Whether a body follows the head (chunked, or a non-zero Content-Length). */
  get hasBody(): boolean {
    const kind = this.bodyKind;
    return kind === BODY_CHUNKED || (kind === BODY_LENGTH && this.contentLength > 0);
  }
  get targetForm(): number {
    return this.out[this.rec + F_TARGET_FORM];
  }

  /** Whether the path equals `literal` (ASCII). */
  pathIs(literal: string): boolean {
    const length = this.pathEnd - this.pathStart;
    if (length !== literal.length) return false;
    for (let i = 0; i < length; i++) {
      if (this.pathBuf[this.pathStart + i] !== literal.charCodeAt(i)) return false;
    }
    return true;
  }

  /** Whether the path starts with `prefix` (ASCII). */
  pathStartsWith(prefix: string): boolean {
    if (this.pathEnd - this.pathStart < prefix.length) return false;
    for (let i = 0; i < prefix.length; i++) {
      if (this.pathBuf[this.pathStart + i] !== prefix.charCodeAt(i)) return false;
    }
    return true;
  }

  /** The method as sent (`GET`, `PROPFIND`), as text. */
  get methodText(): string {
    const start = this.out[this.rec + F_HEAD_START];
    return this.buf.toString('latin1', start, start + this.out[this.rec + F_METHOD_LEN]);
  }

  /** The request-target as sent (path and query, still percent-encoded), as text. */
  get targetText(): string {
    const start = this.out[this.rec + F_TARGET_START];
    return this.buf.toString('latin1', start, start + this.out[this.rec + F_TARGET_LEN]);
  }

  /** The path as sent (still percent-encoded), as text. */
  get pathText(): string {
    return this.pathBuf.toString('latin1', this.pathStart, this.pathEnd);
  }

  /** The target's query with its `?`, or '' (what a redirect to another path keeps). */
  get query(): string {
    const start = this.out[this.rec + F_TARGET_START];
    const end = start + this.out[this.rec + F_TARGET_LEN];
    // The path stops at '?': a path that reaches the target's end leaves no query (the usual case).
    if (this.pathBuf === this.buf && this.pathEnd === end) return '';
    const question = this.buf.indexOf(QUESTION, start);
    return question < 0 || question >= end ? '' : this.buf.toString('latin1', question, end);
  }

  /** Word index of the first header with known id `id`, or -1. */
  findHeader(id: number): number {
    const out = this.out;
    const count = out[this.rec + F_HEADER_COUNT];
    let h = this.rec + REC_FIXED;
    for (let i = 0; i < count; i++, h += HEADER_WORDS) {
      if (out[h + 4] === id) return h;
    }
    return -1;
  }

  /** Where the value of the header at word `h` (from `findHeader`) starts in `buf`. */
  valueStart(h: number): number {
    return this.out[h + 2];
  }

  /** Where the value of the header at word `h` ends in `buf`. */
  valueEnd(h: number): number {
    return this.out[h + 2] + this.out[h + 3];
  }

  /** All values of headers with known id `id` joined by ", " (RFC 9110 §5.3), or undefined. */
  headerList(id: number): string | undefined {
    const out = this.out;
    const count = out[this.rec + F_HEADER_COUNT];
    let h = this.rec + REC_FIXED;
    let joined: string | undefined;
    for (let i = 0; i < count; i++, h += HEADER_WORDS) {
      if (out[h + 4] !== id) continue;
      const value = this.buf.toString('latin1', out[h + 2], out[h + 2] + out[h + 3]);
      joined = joined === undefined ? value : `${joined}, ${value}`;
    }
    return joined;
  }

  /**
   * All values of the fields named `lowerName` (given in lower case), in order, joined by ", "
   * (RFC 9110 §5.3), or undefined when there is none.
   */
  header(lowerName: string): string | undefined {
    const out = this.out;
    const count = out[this.rec + F_HEADER_COUNT];
    let h = this.rec + REC_FIXED;
    let joined: string | undefined;
    for (let i = 0; i < count; i++, h += HEADER_WORDS) {
      if (!this.nameIs(h, lowerName)) continue;
      const value = this.buf.toString('latin1', out[h + 2], out[h + 2] + out[h + 3]);
      joined = joined === undefined ? value : `${joined}, ${value}`;
    }
    return joined;
  }

  /** Each value of the fields named `lowerName`, one per field line, in order. */
  headerValues(lowerName: string): string[] {
    const out = this.out;
    const count = out[this.rec + F_HEADER_COUNT];
    const values: string[] = [];
    let h = this.rec + REC_FIXED;
    for (let i = 0; i < count; i++, h += HEADER_WORDS) {
      if (this.nameIs(h, lowerName)) values.push(this.buf.toString('latin1', out[h + 2], out[h + 2] + out[h + 3]));
    }
    return values;
  }

  /** Every field as [name as sent, value], in order (for a transport that hands them on). */
  headerLines(): [string, string][] {
    const out = this.out;
    const count = out[this.rec + F_HEADER_COUNT];
    const lines: [string, string][] = [];
    let h = this.rec + REC_FIXED;
    for (let i = 0; i < count; i++, h += HEADER_WORDS) {
      lines.push([this.buf.toString('latin1', out[h], out[h] + out[h + 1]), this.buf.toString('latin1', out[h + 2], out[h + 2] + out[h + 3])]);
    }
    return lines;
  }

  /**
   * A copy of what an asynchronous handler needs once this view moved on: the method, the
   * version, the raw path and the fields named in `lowerNames`.
   */
  snapshot(lowerNames: readonly string[]): RequestSnapshot {
    const fields = new Map<string, string>();
    for (const name of lowerNames) {
      const value = this.header(name);
      if (value !== undefined) fields.set(name, value);
    }
    return {
      method: this.method,
      versionMinor: this.versionMinor,
      path: this.pathBuf.toString('latin1', this.pathStart, this.pathEnd),
      fields,
    };
  }

  /** Whether the name of the header at word `h` equals `lowerName` ignoring ASCII case. */
  private nameIs(h: number, lowerName: string): boolean {
    const out = this.out;
    const length = out[h + 1];
    if (length !== lowerName.length) return false;
    const buf = this.buf;
    const start = out[h];
    for (let i = 0; i < length; i++) {
      let c = buf[start + i];
      if (c >= 0x41 && c <= 0x5a) c += 0x20;
      if (c !== lowerName.charCodeAt(i)) return false;
    }
    return true;
  }

  /**
   * Finds the path within the target: origin-form up to `?`; absolute-form
   * (`http://host/path?q`) from the first `/` after the authority (`/` when there is none);
   * authority- and asterisk-form have no path (empty).
   */
  private locatePath(): void {
    const buf = this.buf;
    const start = this.out[this.rec + F_TARGET_START];
    const end = start + this.out[this.rec + F_TARGET_LEN];
    const form = this.targetForm;
    let pathStart = end;
    if (form === FORM_ORIGIN) {
      pathStart = start;
    } else if (form === FORM_ABSOLUTE) {
      // scheme ":" then, for http(s), "//" authority; the path starts at the next "/".
      const colon = buf.indexOf(COLON, start);
      let p = colon + 1;
      if (p + 1 < end && buf[p] === SLASH && buf[p + 1] === SLASH) p += 2;
      while (p < end && buf[p] !== SLASH && buf[p] !== QUESTION) p++;
      pathStart = p;
    }
    let pathEnd = pathStart;
    while (pathEnd < end && buf[pathEnd] !== QUESTION) pathEnd++;
    if (form === FORM_ABSOLUTE && pathStart === pathEnd) {
      // `http://host` and `http://host?q` mean the root (RFC 9112 §3.2.2).
      this.pathBuf = ROOT_PATH;
      this.pathStart = 0;
      this.pathEnd = 1;
      return;
    }
    this.pathBuf = buf;
    this.pathStart = pathStart;
    this.pathEnd = pathEnd;
  }
}

/** What a request view held, copied for a handler that answers later (`RequestView.snapshot`). */
export interface RequestSnapshot {
  readonly method: number;
  readonly versionMinor: number;
  /** The path as sent (still percent-encoded), without the query. */
  readonly path: string;
  /** The fields asked for that were present: lower-case name -> all values joined by ", ". */
  readonly fields: ReadonlyMap<string, string>;
}
