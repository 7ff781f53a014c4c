/**
 * Seeded mutations of a valid request. Byte-level ones (flip, insert, delete, duplicate) find what
 * nobody thought of; structural ones aim at the framing and line grammar (numbers, line ends,
 * header names, folds, the version, over-long lines), where parsers disagree in practice.
 */
import type { Prng } from '../wire/prng.js';

type Mutator = (input: Buffer, prng: Prng) => Buffer;

const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

/** Bytes that mean something to an HTTP/1.1 parser. */
const SPECIAL_BYTES = [0x0d, 0x0a, 0x00, 0x20, 0x09, 0x3a, 0x2c, 0x3b, 0x22, 0x0b, 0x0c, 0x7f, 0x80, 0xff, 0x2f, 0x25, 0x3f, 0x23, 0x30];
/** Texts worth splicing in as a whole. */
const SPLICES = [
  '\r\n', '\n', '\r', '\r\n\r\n', '\r\n ', '\r\n\t', ' ', '\t', ':', ', ', '\x00', '%00', '%2f', '../', 'HTTP/1.1', 'HTTP/1.0',
  'Content-Length: 0\r\n', 'Content-Length: 5\r\n', 'Transfer-Encoding: chunked\r\n', 'Transfer-Encoding: xchunked\r\n',
  'Connection: close\r\n', 'Expect: 100-continue\r\n', 'Host: h\r\n', '0\r\n\r\n', 'chunked', 'identity',
];
const NUMBERS = ['0', '1', '5', '00', '-1', '+1', '0x10', '4294967296', '9007199254740992', '99999999999999999999', 'ffffffff', ' 1', '1 ', '1,1'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE', 'PATCH', 'get', 'G ET', ''];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/0.9', 'HTTP/1.2', 'HTTP/1', 'http/1.1', 'HTTP/1.1 ', ''];

function splice(input: Buffer, at: number, remove: number, insert: Buffer): Buffer {
  return Buffer.concat([input.subarray(0, at), insert, input.subarray(Math.min(input.length, at + remove))]);
}

/** The spans of `re` in the latin1 text, to aim a structural mutation at one of them. */
function spans(input: Buffer, re: RegExp): Array<[number, number]> {
  const text = input.toString('latin1');
  const found: Array<[number, number]> = [];
  for (const match of text.matchAll(re)) found.push([match.index ?? 0, match[0].length]);
  return found;
}

function replaceOne(input: Buffer, prng: Prng, re: RegExp, choices: readonly string[]): Buffer {
  const found = spans(input, re);
  if (found.length === 0) return input;
  const [at, length] = prng.pick(found);
  return splice(input, at, length, latin1(prng.pick(choices)));
}

/** Line starts (0 and after every LF). */
function lineStarts(input: Buffer): number[] {
  const starts = [0];
  for (let i = 0; i < input.length; i++) if (input[i] === 0x0a) starts.push(i + 1);
  return starts;
}

const MUTATORS: ReadonlyArray<readonly [name: string, mutate: Mutator]> = [
  ['flip a bit', (input, prng) => {
    if (input.length === 0) return input;
    const copy = Buffer.from(input);
    copy[prng.int(copy.length)] ^= 1 << prng.int(8);
    return copy;
  }],
  ['set a special byte', (input, prng) => {
    if (input.length === 0) return input;
    const copy = Buffer.from(input);
    copy[prng.int(copy.length)] = prng.pick(SPECIAL_BYTES);
    return copy;
  }],
  ['insert a special byte', (input, prng) => splice(input, prng.int(input.length + 1), 0, Buffer.from([prng.pick(SPECIAL_BYTES)]))],
  ['splice in a token', (input, prng) => splice(input, prng.int(input.length + 1), prng.chance(0.3) ? prng.int(4) : 0, latin1(prng.pick(SPLICES)))],
  ['delete a range', (input, prng) => {
    const at = prng.int(input.length + 1);
    return splice(input, at, prng.range(1, 16), Buffer.alloc(0));
  }],
  ['duplicate a range', (input, prng) => {
    const at = prng.int(input.length + 1);
    const range = input.subarray(at, at + prng.range(1, 64));
    return splice(input, at, 0, range);
  }],
  ['truncate', (input, prng) => input.subarray(0, prng.int(input.length + 1))],
  ['duplicate a line', (input, prng) => {
    const starts = lineStarts(input);
    const index = prng.int(starts.length);
    const end = starts[index + 1] ?? input.length;
    return splice(input, end, 0, input.subarray(starts[index], end));
  }],
  ['fold a line (obs-fold)', (input, prng) => {
    const starts = lineStarts(input).filter((at) => at > 0);
    if (starts.length === 0) return input;
    return splice(input, prng.pick(starts), 0, latin1(prng.pick([' ', '\t', ' x\r\n'])));
  }],
  ['change a line end', (input, prng) => replaceOne(input, prng, /\r\n/g, ['\n', '\r', '\r\r\n', '\n\r', ' \r\n', '\r\n\r\n'])],
  ['change a number', (input, prng) => replaceOne(input, prng, /\d+/g, NUMBERS)],
  ['change the method', (input, prng) => replaceOne(input, prng, /^[A-Z]+/g, METHODS)],
  ['change the version', (input, prng) => replaceOne(input, prng, /HTTP\/\d\.\d/g, VERSIONS)],
  ['change the case of a header name', (input, prng) => {
    const found = spans(input, /\n[A-Za-z-]+:/g);
    if (found.length === 0) return input;
    const [at, length] = prng.pick(found);
    const name = input.toString('latin1', at, at + length);
    return splice(input, at, length, latin1(prng.chance(0.5) ? name.toUpperCase() : name.toLowerCase()));
  }],
  ['space around a colon', (input, prng) => replaceOne(input, prng, /: ?/g, [' : ', ' :', ':\t', '::', ':  ', '\t:'])],
  ['an over-long line', (input, prng) => {
    const starts = lineStarts(input);
    const filler = latin1(`X-Long-${prng.int(1000)}: ${'v'.repeat(prng.pick([4090, 8200, 16_400, 20_000]))}\r\n`);
    return splice(input, prng.pick(starts.slice(1).length > 0 ? starts.slice(1) : starts), 0, filler);
  }],
];

export const MUTATOR_NAMES: readonly string[] = MUTATORS.map(([name]) => name);

/** Applies 1..maxSteps mutations; returns the result and the names applied, for the report. */
export function mutate(input: Buffer, prng: Prng, maxSteps = 4): { readonly bytes: Buffer; readonly steps: readonly string[] } {
  let bytes = input;
  const steps: string[] = [];
  const count = prng.range(1, maxSteps);
  for (let i = 0; i < count; i++) {
    const [name, mutator] = prng.pick(MUTATORS);
    bytes = mutator(bytes, prng);
    steps.push(name);
  }
  return { bytes, steps };
}
