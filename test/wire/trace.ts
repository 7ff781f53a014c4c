/**
 * Wraps a Wire so that every call and what it wrote is appended to a trace. Two wires driven
 * the same way must leave identical traces; the first entry where they differ is the
 * disagreement to report.
 */
import { D_SPAN_COUNT, D_SPANS_START, R_STATUS } from '../../src/wire/layout.js';
import type { ChunkedDecoderOptions, Wire } from '../../src/wire/types.js';
import { recordWords } from './records.js';

/** One call: its name, its range, the returned status and the words that carry its result. */
export type TraceEntry = readonly [call: string, start: number, end: number, returned: number, words: number[]];

export function tracing(wire: Wire, trace: TraceEntry[]): Wire {
  return {
    name: wire.name,
    parse(buf, start, end, out) {
      const returned = wire.parse(buf, start, end, out);
      const words = [...out.subarray(R_STATUS, R_STATUS + 5)];
      for (const record of recordWords(out)) words.push(...record);
      trace.push(['parse', start, end, returned, words]);
      return returned;
    },
    createChunkedDecoder(options: ChunkedDecoderOptions) {
      const decoder = wire.createChunkedDecoder(options);
      return {
        decode(buf, start, end, out) {
          const returned = decoder.decode(buf, start, end, out);
          const words = [...out.subarray(0, 5), ...out.subarray(D_SPANS_START, D_SPANS_START + 2 * out[D_SPAN_COUNT])];
          trace.push(['decode', start, end, returned, words]);
          return returned;
        },
      };
    },
    writeResponse: (...args) => wire.writeResponse(...args),
  };
}

/** Index of the first differing entry, or -1 when the traces are the same. */
export function firstDifference(a: readonly TraceEntry[], b: readonly TraceEntry[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (!sameEntry(a[i], b[i])) return i;
  }
  return -1;
}

function sameEntry(a: TraceEntry | undefined, b: TraceEntry | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a[0] !== b[0] || a[1] !== b[1] || a[2] !== b[2] || a[3] !== b[3] || a[4].length !== b[4].length) return false;
  return a[4].every((word, i) => word === b[4][i]);
}
