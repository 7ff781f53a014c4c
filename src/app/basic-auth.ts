/**
 * HTTP Basic authentication (RFC 7617), as a wrapper around the handler (`--auth`,
 * `--auth-file`, FERROSERVE_AUTH): a request without the right credentials gets 401 with the
 * challenge, before any route sees it. With `--auth-writes-only`, GET, HEAD and OPTIONS pass
 * without credentials and every other method needs them.
 *
 * The comparison is over SHA-256 digests of `user:password` with crypto.timingSafeEqual: both
 * sides have the same length whatever was sent, so the time taken says nothing about how much
 * of the secret a guess got right.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FixedResponse, Responses } from '../http/compiled.js';
import type { Handler, PendingResponse, Reply } from '../http/handler.js';
import type { RequestView } from '../http/request.js';
import { METHOD_GET, METHOD_HEAD, METHOD_OPTIONS } from '../wire/layout.js';

/** The user and password of `--auth` (RFC 7617: the user has no `:`). */
export interface Credentials {
  readonly user: string;
  readonly password: string;
}

export const CHALLENGE = 'Basic realm="ferroserve", charset="UTF-8"';

/** Who needs the credentials. */
export type AuthScope = 'every-request' | 'writes-only';

/** `Basic <token68>` (the scheme is case-insensitive, RFC 9110 §11.1). */
const BASIC = /^basic +([A-Za-z0-9+/]+={0,2}) *$/i;

const digest = (bytes: Buffer): Buffer => createHash('sha256').update(bytes).digest();

export class BasicAuth implements Handler {
  private readonly expected: Buffer;
  private readonly challenge: FixedResponse;

  constructor(
    private readonly inner: Handler,
    responses: Responses,
    credentials: Credentials,
    private readonly scope: AuthScope,
  ) {
    this.expected = digest(Buffer.from(`${credentials.user}:${credentials.password}`, 'utf8'));
    this.challenge = responses.fixed(401, ['WWW-Authenticate', CHALLENGE]);
  }

  handle(request: RequestView, reply: Reply): PendingResponse | null {
    if (this.scope === 'writes-only' && isRead(request.method)) return this.inner.handle(request, reply);
    if (this.accepts(request.header('authorization'))) return this.inner.handle(request, reply);
    reply.fixed(this.challenge);
    return null;
  }

  /** Whether an `Authorization` value carries the configured user and password. */
  accepts(value: string | undefined): boolean {
    const match = value === undefined ? null : BASIC.exec(value);
    if (match === null) return false;
    return timingSafeEqual(digest(Buffer.from(match[1], 'base64')), this.expected);
  }
}

function isRead(method: number): boolean {
  return method === METHOD_GET || method === METHOD_HEAD || method === METHOD_OPTIONS;
}
