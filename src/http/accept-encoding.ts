/**
 * Content negotiation for gzip (RFC 9110 §12.5.3).
 *
 *   Accept-Encoding  = #( codings [ weight ] )
 *   codings          = content-coding / "identity" / "*"
 *   weight           = OWS ";" OWS "q=" qvalue
 *   qvalue           = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
 *
 * Codings compare case-insensitively; `x-gzip` is an alias of `gzip` (RFC 9110 §8.4.1.3).
 * An element whose weight is malformed is ignored, as is any coding ferroserve does not know.
 * gzip is chosen when its weight (its own, else that of `*`) is above 0 and not below an
 * explicitly listed `identity`: the client's stated preference wins a tie for gzip.
 */

/** Weight in thousandths (0..1000), or -1 when the element is malformed. */
function parseWeight(params: string): number {
  // params is everything after the coding, e.g. ` ; q=0.5`; only `q` is defined.
  let rest = params.trim();
  if (rest === '') return 1000;
  if (rest[0] !== ';') return -1;
  rest = rest.slice(1).trim();
  const eq = rest.indexOf('=');
  if (eq < 0) return -1;
  const name = rest.slice(0, eq).trim().toLowerCase();
  const value = rest.slice(eq + 1).trim();
  if (name !== 'q') return -1;
  return parseQValue(value);
}

/** qvalue in thousandths, or -1 if it does not match the grammar. */
export function parseQValue(value: string): number {
  const match = /^(?:(0)(?:\.(\d{0,3}))?|(1)(?:\.(0{0,3}))?)$/.exec(value);
  if (match === null) return -1;
  if (match[3] !== undefined) return 1000;
  const fraction = (match[2] ?? '').padEnd(3, '0');
  return Number(fraction);
}

/**
 * Whether a response may be gzip-encoded, given the Accept-Encoding field value (repeated fields
 * joined with ", "), or undefined when the request had none.
 */
export function acceptsGzip(fieldValue: string | undefined): boolean {
  if (fieldValue === undefined) return false;
  // Clients send the same value on every request: remember the last answer.
  if (fieldValue === lastValue) return lastAnswer;
  lastAnswer = negotiate(fieldValue);
  lastValue = fieldValue;
  return lastAnswer;
}

let lastValue: string | undefined;
let lastAnswer = false;

function negotiate(fieldValue: string): boolean {
  let gzip = -1;
  let star = -1;
  let identity = -1;
  for (const element of fieldValue.split(',')) {
    const semicolon = element.indexOf(';');
    const coding = (semicolon < 0 ? element : element.slice(0, semicolon)).trim().toLowerCase();
    if (coding === '') continue;
    const weight = parseWeight(semicolon < 0 ? '' : element.slice(semicolon));
    if (weight < 0) continue;
    // When a coding is listed twice, the most generous weight counts.
    if (coding === 'gzip' || coding === 'x-gzip') gzip = Math.max(gzip, weight);
    else if (coding === '*') star = Math.max(star, weight);
    else if (coding === 'identity') identity = Math.max(identity, weight);
  }
  const gzipWeight = gzip >= 0 ? gzip : star;
  return gzipWeight > 0 && gzipWeight >= identity;
}
