// Command-line flags of `npm run bench:instructions`, validated into one options object.
import { parseArgs } from 'node:util';
import { list, positiveInteger } from './cli.mjs';
import { NODE_KINDS } from './servers.mjs';

export const CASES = ['root', 'echo', 'gzip', 'ua', 'small', 'revalidate', 'big', 'post', 'pipe'];

export const USAGE = `Usage: npm run bench:instructions -- [options]

Counts the instructions that ferroserve (native parser), ferroserve (JS twin) and the node:http
anchor execute per request, under valgrind's callgrind (apt-get install -y valgrind).

Options:
  --cases LIST      comma-separated, from ${CASES.join(',')} (default all)
  --servers LIST    comma-separated, from ${NODE_KINDS.join(',')} (default all)
  --requests N      requests per batch (default 1000; big: 5% of it, pipe: 4x)
  --repeats N       measured batches per case (default 5)
  --warmup N        requests per case before the settling batches (default 3000; big: 5%, pipe: 4x)
  --json            print the results as JSON on stdout (progress goes to stderr)
  -h, --help        this text`;

/** @returns {{ help: boolean, json: boolean, cases: string[], servers: string[], requests: number, repeats: number, warmup: number }} */
export function readOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      cases: { type: 'string', default: CASES.join(',') },
      servers: { type: 'string', default: NODE_KINDS.join(',') },
      requests: { type: 'string', default: '1000' },
      repeats: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '3000' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return {
    help: values.help,
    json: values.json,
    cases: list('cases', values.cases, CASES),
    servers: list('servers', values.servers, NODE_KINDS),
    requests: positiveInteger('requests', values.requests),
    repeats: positiveInteger('repeats', values.repeats),
    warmup: positiveInteger('warmup', values.warmup, { allowZero: true }),
  };
}

