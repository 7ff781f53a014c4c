/**
 * gzip for small in-memory bodies (echo): one synchronous call, no stream machinery, which for
 * a body of a few bytes to a few KiB costs less than a zlib stream's setup and callbacks.
 * Bodies here are bounded by the request-target limit (8 KiB by default).
 */
import { gzipSync } from 'node:zlib';

export function gzipSmall(body: Buffer): Buffer {
  return gzipSync(body);
}
