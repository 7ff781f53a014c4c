/**
 * What every fuzz input must satisfy, on each parser and across both. The checks name the
 * property they guard; an empty list means the input passed.
 */
import type { Answer, Outcome } from './exchange.js';
import { MARKER_PREFIX, SMUGGLED_PREFIX } from './marker.js';
import type { Expectation } from './shapes.js';

/**
 * Whether the first request head frames its body in two ways at once: Content-Length with
 * Transfer-Encoding, two different Content-Lengths, or Transfer-Encoding in HTTP/1.0. Such a
 * request must never get a 2xx, and nothing after it may be read as a request.
 */
export function conflictingFraming(input: Buffer): string | null {
  const text = input.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const lines = head.split('\r\n');
  const named = (name: string) => lines.slice(1).filter((line) => new RegExp(`^${name}[ \\t]*:`, 'i').test(line));
  const te = named('transfer-encoding');
  const cl = named('content-length');
  if (te.length > 0 && cl.length > 0) return 'Content-Length with Transfer-Encoding';
  const lengths = new Set(cl.map((line) => line.slice(line.indexOf(':') + 1).trim()));
  if (lengths.size > 1) return 'two different Content-Lengths';
  if (te.length > 0 && / HTTP\/1\.0$/.test(lines[0])) return 'Transfer-Encoding in HTTP/1.0';
  return null;
}

const is2xx = (answer: Answer) => answer.status >= 200 && answer.status < 300;

/** What is known of one input: its case id, what its shape expects, its framing, and how many plain requests (each answered 200) precede it. */
export interface Judged {
  readonly id: number;
  readonly expect: Expectation;
  readonly conflict: string | null;
  readonly prefixAnswers: number;
}

/** The checks of one parser's outcome on its own. */
export function checkOutcome(outcome: Outcome, judged: Judged): string[] {
  const { id, expect, conflict, prefixAnswers } = judged;
  const problems: string[] = [];
  const { ending } = outcome;
  const prefix = outcome.answers.slice(0, prefixAnswers);
  if (prefix.length < prefixAnswers || prefix.some((answer) => answer.status !== 200)) {
    problems.push(`the plain request before the input was not answered 200 (${prefix.map((a) => a.status).join(', ') || 'no answer'})`);
  }
  const all = outcome.answers;
  const answers = all.slice(prefixAnswers);
  if (ending.kind === 'hang') problems.push(`hang: neither the marker's answer nor a close within the deadline (${answers.length} answers)`);
  if (ending.kind === 'garbled') problems.push(`garbled response stream: ${ending.why}`);
  if (all.some((answer) => answer.body.includes(SMUGGLED_PREFIX))) problems.push('a request hidden in a body was executed (SMUGGLED echoed)');
  const markerAt = answers.findIndex((answer) => answer.body === `${MARKER_PREFIX}${id}`);
  if (markerAt >= 0 && markerAt !== answers.length - 1) problems.push(`the marker was answered at ${markerAt + 1} of ${answers.length} answers`);
  const closing = answers.findIndex((answer) => answer.closes);
  if (closing >= 0 && closing !== answers.length - 1) problems.push(`an answer followed one with Connection: close`);
  if (closing >= 0 && ending.kind === 'marker-answered' && markerAt !== closing) problems.push('the marker was answered after Connection: close');
  const refused = expect === 'refused' || conflict !== null;
  if (refused) {
    const why = conflict ?? 'a refused shape';
    if (answers.some(is2xx)) problems.push(`2xx to a request with ${why}`);
    if (markerAt >= 0) problems.push(`the connection went on after a request with ${why} (marker answered)`);
    // Exactly the refusal: not even a 100 Continue, which would invite a body the server will not read as one.
    if (answers.length !== 1 && ending.kind === 'closed') problems.push(`${answers.length} answers to a request with ${why}, expected exactly one refusal`);
  }
  if (expect === 'accepted' && ending.kind !== 'marker-answered') problems.push('an acceptable input did not let the marker through');
  return problems;
}

/** What the two parsers must agree on: each answer's status and Connection: close, and how it ended. */
export function signature(outcome: Outcome): string {
  const answers = outcome.answers.map((answer) => `${answer.status}${answer.closes ? ' close' : ''}`).join(', ');
  return `[${answers}] ${outcome.ending.kind}`;
}

export function checkPair(native: Outcome, js: Outcome, judged: Judged): string[] {
  const problems = [
    ...checkOutcome(native, judged).map((p) => `native: ${p}`),
    ...checkOutcome(js, judged).map((p) => `js: ${p}`),
  ];
  if (signature(native) !== signature(js)) problems.push(`parsers differ: native ${signature(native)} / js ${signature(js)}`);
  return problems;
}
