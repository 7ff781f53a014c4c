/**
 * The requests that make smuggling visible. Every input is followed on its connection by a
 * marker request, `GET /echo/MARKER-<id>`: its echo proves the server went on reading after the
 * input, and where it sits among the answers. Smuggling shapes hide `GET /echo/SMUGGLED-<id>`
 * inside a body: an echo of it means a request was executed out of a body.
 */
export const MARKER_PREFIX = 'MARKER-';
export const SMUGGLED_PREFIX = 'SMUGGLED-';

export function markerRequest(id: number): Buffer {
  return Buffer.from(`GET /echo/${MARKER_PREFIX}${id} HTTP/1.1\r\nHost: localhost:4221\r\n\r\n`, 'latin1');
}

export function smuggledRequest(id: number): string {
  return `GET /echo/${SMUGGLED_PREFIX}${id} HTTP/1.1\r\nHost: localhost:4221\r\n\r\n`;
}
