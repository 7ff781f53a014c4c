/**
 * The HTTP status for a file-system error met while serving or storing a file: the only place
 * where that mapping is made.
 */
/**
 * Not an errno: a temporary upload file refused because the server is shutting down
 * (live-temporaries.ts). The client may retry with the server's successor.
 */
export const SHUTTING_DOWN = 'FERROSERVE_SHUTTING_DOWN';

const STATUS_BY_ERRNO: Readonly<Record<string, number>> = {
  ENOENT: 404, // missing file, or missing folder on the way
  ENOTDIR: 404, // a file where a folder was expected on the way
  ELOOP: 404, // symlink loop
  ENAMETOOLONG: 404,
  EACCES: 403,
  EPERM: 403,
  EROFS: 403,
  EISDIR: 409, // an upload onto a folder
  ENOTEMPTY: 409,
  EEXIST: 409,
  ENOSPC: 507, // no space left on the device (RFC 4918 §11.5)
  EDQUOT: 507, // the user's quota is used up
  [SHUTTING_DOWN]: 503,
  // Out of descriptors (the process's limit, the system's table): transient, the request may
  // succeed once other connections closed; answered with Retry-After (http/compiled.ts).
  EMFILE: 503,
  ENFILE: 503,
};

export function statusForFsError(error: unknown): number {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return (code !== undefined && STATUS_BY_ERRNO[code]) || 500;
}
