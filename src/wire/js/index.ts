/**
 * The TypeScript twin of the wire (docs/wire-spec.md): the fallback where the native addon
 * cannot load, the oracle of the differential tests, and the benchmark's baseline.
 */
import type { ChunkedDecoder, ChunkedDecoderOptions, Wire } from '../types.js';
import { JsChunkedDecoder } from './chunked.js';
import { parse } from './parse.js';
import { writeResponse } from './write.js';

export const jsWire: Wire = {
  name: 'js',
  parse,
  createChunkedDecoder(options: ChunkedDecoderOptions): ChunkedDecoder {
    return new JsChunkedDecoder(options);
  },
  writeResponse,
};
