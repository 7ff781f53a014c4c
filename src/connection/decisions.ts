/**
 * The HTTP decisions a connection makes for each request head, before any handler runs, as one
 * pure function (tested as a table): whether the connection stays open after the answer
 * (RFC 9112 §9.3), whether the client waits to be invited to send its body (RFC 9110 §10.1.1),
 * and whether a declared body is too large to read at all.
 *
 * Every result is one of a few constant objects: deciding allocates nothing.
 */
import { CLOSE, CONN_MODES, KEEP_ALIVE, KEEP_ALIVE_HTTP10, type ConnMode } from '../http/conn-mode.js';

export type Admission =
  /** Refuse before reading the body and close: `status` (413: a declared length over the limit). */
  | { readonly kind: 'refuse'; readonly status: number }
  | {
      readonly kind: 'answer';
      /** The mode of an answer given before the body is read (in-memory routes, refusals). */
      readonly mode: ConnMode;
      /** The mode of an answer given once the whole body was read (an upload). */
      readonly modeAfterBody: ConnMode;
      /** Send `100 Continue` before reading the body, if the handler wants it. */
      readonly awaitsInvitation: boolean;
    };

export interface HeadFacts {
  /** The head allows the connection to persist (version and Connection field, parsed by the wire). */
  readonly keepAlive: boolean;
  readonly versionMinor: number;
  readonly hasBody: boolean;
  readonly expectsContinue: boolean;
  /** The Content-Length of a length-delimited body; -1 for chunked or none. */
  readonly declaredLength: number;
}

const TOO_LARGE: Admission = { kind: 'refuse', status: 413 };

/** Index: mode * 2 + awaitsInvitation (modes are 0, 1, 2). */
const ANSWERS: readonly Admission[] = CONN_MODES.flatMap((mode: ConnMode): Admission[] => [
  { kind: 'answer', mode, modeAfterBody: mode, awaitsInvitation: false },
  // Answering before reading a body the client waits to be invited to send: close after it,
  // rather than guess whether the body will come; after the body, the mode is the head's.
  { kind: 'answer', mode: CLOSE, modeAfterBody: mode, awaitsInvitation: true },
]);

/**
 * The decisions for one head; `maxBody` is --max-body, `draining` whether the server shuts down
 * (every answer then closes its connection).
 */
export function admit(head: HeadFacts, maxBody: number, draining: boolean): Admission {
  if (head.declaredLength > maxBody) return TOO_LARGE;
  const mode = !head.keepAlive || draining ? CLOSE : head.versionMinor === 0 ? KEEP_ALIVE_HTTP10 : KEEP_ALIVE;
  // An HTTP/1.0 request's expectation is ignored (RFC 9110 §10.1.1).
  const awaits = head.hasBody && head.expectsContinue && head.versionMinor === 1;
  return ANSWERS[mode * 2 + (awaits ? 1 : 0)];
}
