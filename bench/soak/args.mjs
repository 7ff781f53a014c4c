// Command-line flags of `npm run soak`, validated into one frozen options object.
import { parseArgs } from 'node:util';

export const USAGE = `Usage: npm run soak -- --minutes N [options]

Starts one ferroserve process on a temporary folder and loads it with a mix of small GETs,
1 MiB GETs, uploads, connections aborted mid-request and mid-response, pipelined bursts of 16,
keep-alive and one-request connections. Samples the server's RSS and open descriptors, prints
them with their slope over the second half of the run, and exits 1 if any answer was wrong.

Options:
  --minutes N       how long to run (decimals allowed, e.g. 0.5; required)
  --parser NAME     native or js (default native)
  --sample S        seconds between samples (default 5)
  --clients N       concurrent clients of each kind (default 2)
  -h, --help        this text

Examples:
  npm run soak -- --minutes 10
  npm run soak -- --minutes 1 --parser js --sample 2`;

function positive(name, text, { integer }) {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** @returns {{help: true} | {help: false, minutes: number, parser: 'native'|'js', sampleSeconds: number, clients: number}} */
export function readOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      minutes: { type: 'string' },
      parser: { type: 'string', default: 'native' },
      sample: { type: 'string', default: '5' },
      clients: { type: 'string', default: '2' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return { help: true };
  if (values.minutes === undefined) throw new Error('--minutes is required');
  if (values.parser !== 'native' && values.parser !== 'js') throw new Error(`--parser must be native or js, got ${JSON.stringify(values.parser)}`);
  return Object.freeze({
    help: false,
    minutes: positive('minutes', values.minutes, { integer: false }),
    parser: values.parser,
    sampleSeconds: positive('sample', values.sample, { integer: false }),
    clients: positive('clients', values.clients, { integer: true }),
  });
}
