/**
 * The parser of a form POSTed to a folder URL, chosen from its Content-Type: busboy for
 * `multipart/form-data` (with a boundary) and `application/x-www-form-urlencoded`; any other
 * type (or none) is 415 with Accept-Post naming the two; a multipart type without a usable
 * boundary is 400 (the body cannot be split into parts).
 */
import busboy, { type Busboy } from 'busboy';
import { FORM_LIMITS } from './form-upload.js';

/** The media types a folder URL accepts in a POST (the Accept-Post field of a 415). */
export const FORM_TYPES = 'multipart/form-data, application/x-www-form-urlencoded';

export type FormParser = { readonly kind: 'parser'; readonly parser: Busboy } | { readonly kind: 'refused'; readonly status: 400 | 415 };

const MEDIA_TYPE = /^\s*([^;\s]+)/;

export function formParser(contentType: string | undefined): FormParser {
  const type = contentType === undefined ? '' : (MEDIA_TYPE.exec(contentType)?.[1] ?? '').toLowerCase();
  if (type !== 'multipart/form-data' && type !== 'application/x-www-form-urlencoded') return { kind: 'refused', status: 415 };
  try {
    // preservePath: names are cut to their last segment by form-names.ts, at '/' and '\' alike.
    // defParamCharset utf8: browsers send a filename's UTF-8 bytes as they are.
    const parser = busboy({ headers: { 'content-type': contentType }, limits: FORM_LIMITS, preservePath: true, defParamCharset: 'utf8' });
    return { kind: 'parser', parser };
  } catch {
    return { kind: 'refused', status: 400 };
  }
}
