/**
 * Which content coding to send a static file in (RFC 9110 §12.5.3), among the encoded copies the
 * server has (br, gzip) and identity. Separate from accept-encoding.ts, which answers only
 * "gzip or not" for /echo and stays as it is.
 *
 *   Accept-Encoding  = #( codings [ weight ] )
 *   codings          = content-coding / "identity" / "*"
 *   weight           = OWS ";" OWS "q=" qvalue
 *
 * Rules:
 * - No Accept-Encoding: identity. §12.5.3 says any coding is then acceptable, but a client that
 *   sent nothing may not decode anything either; identity is the safe reading.
 * - An empty field value: identity (§12.5.3: the client wants no coding).
 * - A coding's weight is its own, else that of `*`, else 0 (not listed = not acceptable).
 *   identity's is its own, else that of `*`, else below every qvalue but above 0: acceptable
 *   unless excluded, yet last. Read as q=1, `gzip;q=0.5` would never get gzip although the
 *   client asked for it (jshttp negotiator likewise ranks an unlisted identity last).
 * - The highest weight above 0 wins; ties go to the server's order br, gzip, identity (the
 *   smallest body the client accepts equally).
 * - Codings compare case-insensitively; `x-gzip` is gzip (§8.4.1.3); a listed twice coding
 *   counts its most generous weight; an element with a malformed weight or an unknown parameter
 *   is ignored, as is any coding the server does not have.
 * - `none`: every choice, identity included, has weight 0 (`identity;q=0`, or `*;q=0` without
 *   an identity entry). The caller sends identity anyway rather than 406: §12.1 lets an origin
 *   server decide that a response outside the client's preferences beats a 406 (RFC 2616 §14.3
 *   asked for 406; RFC 9110 no longer does), and a file the client can at least save beats an
 *   error page.
 */

export type OfferedCoding = 'br' | 'gzip';

export type CodingChoice = 'br' | 'gzip' | 'identity' | 'none';

/** qvalue in thousandths, or -1 when it does not match `( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`. */
function parseQValue(value: string): number {
  const match = /^(?:0(?:\.(\d{0,3}))?|(1)(?:\.0{0,3})?)$/.exec(value);
  if (match === null) return -1;
  if (match[2] !== undefined) return 1000;
  return Number((match[1] ?? '').padEnd(3, '0'));
}

const OWS_SEMICOLON_OWS_Q = /^[ \t]*;[ \t]*[qQ]=(.*)$/;

/** Weight in thousandths of an element's parameters (all after the coding), or -1 if malformed. */
function parseWeight(params: string): number {
  if (/^[ \t]*$/.test(params)) return 1000;
  const match = OWS_SEMICOLON_OWS_Q.exec(params);
  if (match === null) return -1;
  return parseQValue(match[1].replace(/[ \t]+$/, ''));
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** identity's weight when neither it nor `*` is listed: under the least qvalue (0.001 = 1). */
const UNLISTED_IDENTITY = 0.5;

/** Preference order on ties: the smaller body first. */
const SERVER_ORDER: readonly OfferedCoding[] = ['br', 'gzip'];

export function chooseCoding(acceptEncoding: string | undefined, available: readonly OfferedCoding[]): CodingChoice {
  if (acceptEncoding === undefined) return 'identity';
  // -1 = not listed.
  const listed = new Map<string, number>();
  for (const element of acceptEncoding.split(',')) {
    const semicolon = element.indexOf(';');
    const rawCoding = (semicolon < 0 ? element : element.slice(0, semicolon)).replace(/^[ \t]+|[ \t]+$/g, '');
    if (rawCoding === '' || !TOKEN.test(rawCoding)) continue;
    const weight = parseWeight(semicolon < 0 ? '' : element.slice(semicolon));
    if (weight < 0) continue;
    let coding = rawCoding.toLowerCase();
    if (coding === 'x-gzip') coding = 'gzip';
    listed.set(coding, Math.max(listed.get(coding) ?? -1, weight));
  }
  const star = listed.get('*') ?? -1;
  let best: CodingChoice = 'none';
  let bestWeight = 0;
  for (const coding of SERVER_ORDER) {
    if (!available.includes(coding)) continue;
    const weight = listed.get(coding) ?? (star >= 0 ? star : 0);
    if (weight > bestWeight) {
      best = coding;
      bestWeight = weight;
    }
  }
  const identity = listed.get('identity') ?? (star >= 0 ? star : UNLISTED_IDENTITY);
  if (identity > bestWeight) best = 'identity';
  return best;
}
