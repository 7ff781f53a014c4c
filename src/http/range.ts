/**
 * Range requests (RFC 9110 §14): the Range field, Content-Range values, and the framing of a
 * multipart/byteranges body.
 *
 *   Range          = range-unit "=" range-set
 *   range-set      = 1#range-spec
 *   range-spec     = int-range / suffix-range / other-range
 *   int-range      = first-pos "-" [ last-pos ]
 *   suffix-range   = "-" suffix-length
 *
 * Outcomes and what the caller answers:
 *   ranges         206 with these ranges: sorted, overlapping and adjacent ones merged (§14.2
 *                  allows coalescing), ends clamped to the last byte.
 *   unsatisfiable  416 with Content-Range `bytes *\/size` (unsatisfiedRange): no spec selects a
 *                  byte. A file of size 0 has no byte to select, so every range on it lands
 *                  here, including the suffix ranges §14.1.1 calls satisfiable: there is no
 *                  Content-Range that can describe their empty selection.
 *   malformed      200 with the whole file: the field is not a valid bytes range-set (§14.2 lets
 *                  a server ignore an invalid one), e.g. `bytes=5-1`, `bytes=`, `bytes=x-1`.
 *   other-unit     200 with the whole file: a unit other than bytes is ignored (§14.2).
 *   too-many       200 with the whole file. Denial-of-service policy (§17.15 warns of many small
 *                  or overlapping ranges): more than `maxSpecs` range-specs, or more than
 *                  `maxParts` parts left after merging, is answered as if there were no Range.
 *                  The client still gets every byte it asked for, in one part; the server never
 *                  seeks once per tiny part nor frames thousands of part heads. Merging first
 *                  means overlapping junk that collapses to few parts is still served as ranges.
 */

export type ByteRange = { readonly start: number; readonly end: number }; // end inclusive

export type RangeResult =
  | { readonly kind: 'ranges'; readonly ranges: readonly ByteRange[] }
  | { readonly kind: 'unsatisfiable' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'other-unit' }
  | { readonly kind: 'too-many' };

export type RangeLimits = { readonly maxSpecs: number; readonly maxParts: number };

export const DEFAULT_RANGE_LIMITS: RangeLimits = { maxSpecs: 100, maxParts: 16 };

// token = 1*tchar (RFC 9110 §5.6.2)
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const INT_OR_SUFFIX = /^(\d*)-(\d*)$/;

function trimOws(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && (s[start] === ' ' || s[start] === '\t')) start++;
  while (end > start && (s[end - 1] === ' ' || s[end - 1] === '\t')) end--;
  return s.slice(start, end);
}

/**
 * Parses the Range field `header` against a representation of `size` bytes.
 */
export function parseRange(size: number, header: string, limits: RangeLimits = DEFAULT_RANGE_LIMITS): RangeResult {
  const eq = header.indexOf('=');
  if (eq < 0) return { kind: 'malformed' };
  const unit = header.slice(0, eq);
  if (!TOKEN.test(unit)) return { kind: 'malformed' };
  if (unit.toLowerCase() !== 'bytes') return { kind: 'other-unit' };

  const specs = header
    .slice(eq + 1)
    .split(',')
    .map(trimOws)
    // Empty list elements are skipped (§5.6.1.2), but 1#range-spec needs at least one spec.
    .filter((spec) => spec !== '');
  if (specs.length === 0) return { kind: 'malformed' };
  if (specs.length > limits.maxSpecs) return { kind: 'too-many' };

  const selected: ByteRange[] = [];
  for (const spec of specs) {
    const m = INT_OR_SUFFIX.exec(spec);
    if (m === null) return { kind: 'malformed' };
    const [, firstText, lastText] = m;
    // Digits beyond 2^53 read as a huge Number or Infinity: past any size, so they clamp.
    if (firstText === '') {
      if (lastText === '') return { kind: 'malformed' }; // `-`
      const suffix = Number(lastText);
      // A suffix longer than the file selects all of it (§14.1.1).
      if (suffix > 0 && size > 0) selected.push({ start: Math.max(0, size - suffix), end: size - 1 });
      continue;
    }
    const first = Number(firstText);
    const last = lastText === '' ? Infinity : Number(lastText);
    if (last < first) return { kind: 'malformed' }; // invalid range-spec (§14.1.1)
    if (first < size) selected.push({ start: first, end: Math.min(last, size - 1) });
  }
  if (selected.length === 0) return { kind: 'unsatisfiable' };

  const ranges = merge(selected);
  if (ranges.length > limits.maxParts) return { kind: 'too-many' };
  return { kind: 'ranges', ranges };
}

/** Sorted by start, with overlapping and adjacent ranges joined. */
function merge(ranges: ByteRange[]): ByteRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: ByteRange[] = [];
  let current = sorted[0];
  for (let i = 1; i < sorted.length; i++) {
    const next = sorted[i];
    if (next.start <= current.end + 1) {
      current = { start: current.start, end: Math.max(current.end, next.end) };
    } else {
      out.push(current);
      current = next;
    }
  }
  out.push(current);
  return out;
}

/** Content-Range of a 206 part (§14.4): `bytes 0-99/1000`. */
export function contentRange(range: ByteRange, size: number): string {
  return `bytes ${range.start}-${range.end}/${size}`;
}

/** Content-Range of a 416 (§14.4): `bytes *\/1000`. */
export function unsatisfiedRange(size: number): string {
  return `bytes */${size}`;
}

const CRLF = '\r\n';
// bchars without space (RFC 2046 §5.1.1): a boundary that needs no quoting in Content-Type.
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=?]{1,70}$/;

/**
 * A boundary for a multipart/byteranges body: 32 hex digits from 16 random bytes. It is not
 * checked against the file's bytes: a 2^-128 chance of occurring in them is below every other
 * failure the server has. `random` is a parameter so tests can fix it.
 */
export function generateBoundary(random: (bytes: number) => Uint8Array): string {
  return Buffer.from(random(16)).toString('hex');
}

export type ByteRangesPart = { readonly head: Buffer; readonly range: ByteRange };

export type ByteRangesBody = {
  /** The response's Content-Type. */
  readonly contentType: string;
  /** Each part's head, to be followed by the file's bytes `range.start..range.end`. */
  readonly parts: readonly ByteRangesPart[];
  /** Written after the last part's bytes. */
  readonly tail: Buffer;
  /** Content-Length of the whole body: heads, file slices and tail. */
  readonly length: number;
};

/**
 * The framing of a multipart/byteranges body (§14.6) around `ranges` of a `size`-byte file, so
 * a caller can stream file slices between the heads it returns:
 *
 *   --B CRLF Content-Type: t CRLF Content-Range: bytes a-b/size CRLF CRLF <bytes a..b>
 *   CRLF --B CRLF ... CRLF CRLF <bytes>
 *   CRLF --B-- CRLF
 *
 * The CRLF before each later delimiter belongs to the delimiter (RFC 2046 §5.1.1), not to the
 * part's bytes. `contentType` undefined leaves the parts' Content-Type out.
 * Throws RangeError for a boundary that is not 1-70 unquoted bchars (a programming error:
 * boundaries come from generateBoundary).
 */
export function byteRangesBody(
  ranges: readonly ByteRange[],
  size: number,
  contentType: string | undefined,
  boundary: string,
): ByteRangesBody {
  if (!BOUNDARY.test(boundary)) throw new RangeError(`byteRangesBody: invalid boundary ${JSON.stringify(boundary)}`);
  const typeLine = contentType === undefined ? '' : `Content-Type: ${contentType}${CRLF}`;
  let length = 0;
  const parts = ranges.map((range, i) => {
    const head = Buffer.from(
      `${i === 0 ? '' : CRLF}--${boundary}${CRLF}${typeLine}Content-Range: ${contentRange(range, size)}${CRLF}${CRLF}`,
      'latin1',
    );
    length += head.length + (range.end - range.start + 1);
    return { head, range };
  });
  const tail = Buffer.from(`${CRLF}--${boundary}--${CRLF}`, 'latin1');
  length += tail.length;
  return { contentType: `multipart/byteranges; boundary=${boundary}`, parts, tail, length };
}
