/**
 * Whether a folder request wants the JSON listing rather than the HTML one, from its Accept
 * field (RFC 9110 §12.5.1):
 *
 *   Accept = #( media-range [ weight ] )
 *   media-range = ( "*" "/" "*" / ( type "/" "*" ) / ( type "/" subtype ) ) parameters
 *
 * Each of application/json and text/html takes the weight of the most specific range that
 * matches it (exact, then type/*, then * / *), or 0 when none does. Media type parameters other
 * than q are ignored: 'application/json; charset=utf-8' asks for JSON. An element with a
 * malformed weight is ignored, as in accept-encoding.ts.
 */
import { parseQValue } from '../../http/accept-encoding.js';

interface Weighed {
  /** 2 exact, 1 type/*, 0 * / *; -1 while nothing matched. */
  specificity: number;
  /** Thousandths. */
  weight: number;
}

const RANGE = /^([!#$%&'*+.^_`|~0-9a-z-]+)\/([!#$%&'*+.^_`|~0-9a-z-]+)$/;

function weightOf(params: string[]): number {
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() === 'q') return parseQValue(param.slice(eq + 1).trim());
  }
  return 1000;
}

function specificity(type: string, subtype: string, targetType: string, targetSubtype: string): number {
  if (type === '*') return subtype === '*' ? 0 : -1;
  if (type !== targetType) return -1;
  if (subtype === '*') return 1;
  return subtype === targetSubtype ? 2 : -1;
}

function consider(target: Weighed, found: number, weight: number): void {
  if (found < 0 || found < target.specificity) return;
  // Listed twice at the same specificity: the more generous weight counts.
  target.weight = found > target.specificity ? weight : Math.max(target.weight, weight);
  target.specificity = found;
}

/** True when application/json weighs more than text/html; false on a tie or with no Accept field. */
export function prefersJson(acceptHeader: string | undefined): boolean {
  if (acceptHeader === undefined) return false;
  const json: Weighed = { specificity: -1, weight: 0 };
  const html: Weighed = { specificity: -1, weight: 0 };
  for (const element of acceptHeader.split(',')) {
    const [rangeText, ...params] = element.split(';');
    const range = RANGE.exec(rangeText.trim().toLowerCase());
    if (range === null) continue;
    const weight = weightOf(params);
    if (weight < 0) continue;
    const [, type, subtype] = range;
    consider(json, specificity(type, subtype, 'application', 'json'), weight);
    consider(html, specificity(type, subtype, 'text', 'html'), weight);
  }
  return json.weight > html.weight;
}
