// The consumer's side of one benchmark run: feeds a buffer of requests to a parser the way the
// connection loop does, and optionally reads every field as a string. bench/parser.mjs imports
// this module once per parser (with a distinct query string), so each parser gets its own copy
// of these functions and V8 sees one parser per call site, as in a server that uses one wire.
import {
  BODY_LENGTH, F_BODY_KIND, F_HEAD_END, F_HEAD_START, F_HEADER_COUNT, F_LENGTH_HI, F_LENGTH_LO,
  F_METHOD_LEN, F_TARGET_LEN, F_TARGET_START, F_WORDS, HEADER_WORDS, R_CONSUMED, R_COUNT,
  RECORDS_START, REC_FIXED, STATUS_DONE,
} from '../dist/wire/layout.js';

const TWO_POW_32 = 2 ** 32;

/** Where read fields are kept (a ring), so that making them cannot be optimised away. */
const kept = new Array(64).fill('');
let keptAt = 0;
function keep(field) {
  kept[keptAt++ & 63] = field;
}

/**
 * Parses every request in `buf` (a Content-Length body is skipped, as the connection slices it)
 * and returns how many were parsed. `fields` says what is read of each record:
 * 'offsets' nothing more, 'slices' each field as buf.latin1Slice, 'head' one latin1 string of
 * the head and a substring per field.
 */
export function drain(parse, buf, out, fields) {
  const end = buf.length;
  let pos = 0;
  let requests = 0;
  while (pos < end) {
    const status = parse(buf, pos, end, out);
    const count = out[R_COUNT];
    pos = out[R_CONSUMED];
    let w = RECORDS_START;
    for (let i = 0; i < count; i++) {
      if (fields === 'slices') readSlices(buf, out, w);
      else if (fields === 'head') readHead(buf, out, w);
      if (out[w + F_BODY_KIND] === BODY_LENGTH) pos += out[w + F_LENGTH_HI] * TWO_POW_32 + out[w + F_LENGTH_LO];
      w += out[w + F_WORDS];
    }
    requests += count;
    if (status !== STATUS_DONE) throw new Error(`parse stopped with status ${status} at ${pos}`);
  }
  return requests;
}

function readSlices(buf, out, w) {
  const headStart = out[w + F_HEAD_START];
  keep(buf.latin1Slice(headStart, headStart + out[w + F_METHOD_LEN]));
  const targetStart = out[w + F_TARGET_START];
  keep(buf.latin1Slice(targetStart, targetStart + out[w + F_TARGET_LEN]));
  const headers = out[w + F_HEADER_COUNT];
  for (let h = 0, x = w + REC_FIXED; h < headers; h++, x += HEADER_WORDS) {
    keep(buf.latin1Slice(out[x], out[x] + out[x + 1]));
    keep(buf.latin1Slice(out[x + 2], out[x + 2] + out[x + 3]));
  }
}

function readHead(buf, out, w) {
  const headStart = out[w + F_HEAD_START];
  const head = buf.latin1Slice(headStart, out[w + F_HEAD_END]);
  keep(head.substring(0, out[w + F_METHOD_LEN]));
  const targetStart = out[w + F_TARGET_START] - headStart;
  keep(head.substring(targetStart, targetStart + out[w + F_TARGET_LEN]));
  const headers = out[w + F_HEADER_COUNT];
  for (let h = 0, x = w + REC_FIXED; h < headers; h++, x += HEADER_WORDS) {
    const nameStart = out[x] - headStart;
    const valueStart = out[x + 2] - headStart;
    keep(head.substring(nameStart, nameStart + out[x + 1]));
    keep(head.substring(valueStart, valueStart + out[x + 3]));
  }
}
