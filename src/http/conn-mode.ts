/**
 * What a response says about the connection, and so which `Connection` header it carries
 * (RFC 9112 §9.3, §9.6). Numbers, so that they index per-mode caches of preformatted bytes.
 */
export const KEEP_ALIVE = 0; // HTTP/1.1 persistent: no Connection header needed
export const KEEP_ALIVE_HTTP10 = 1; // HTTP/1.0 that asked for keep-alive: `Connection: keep-alive`
export const CLOSE = 2; // the server closes after this response: `Connection: close`
export type ConnMode = typeof KEEP_ALIVE | typeof KEEP_ALIVE_HTTP10 | typeof CLOSE;
export const CONN_MODES: readonly ConnMode[] = [KEEP_ALIVE, KEEP_ALIVE_HTTP10, CLOSE];

/** The Connection header pair for a mode, or none. */
export function connectionHeader(mode: ConnMode): readonly string[] {
  if (mode === CLOSE) return ['Connection', 'close'];
  if (mode === KEEP_ALIVE_HTTP10) return ['Connection', 'keep-alive'];
  return [];
}
