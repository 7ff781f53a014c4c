// Command-line flags of `npm run bench:load`, validated into one frozen options object.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CASE_NAMES } from './cases.mjs';
import { list, positiveInteger } from './cli.mjs';
import { SERVER_KINDS } from './servers.mjs';

// 2 s (5 s until issue 12): eight servers and sixteen cases, ~80 runs of warm-up + measure per
// round, must fit in about 15 minutes on 2 cores.
const DEFAULT_DURATION = 2;
const DEFAULT_CHART = fileURLToPath(new URL('../../out/load-chart.svg', import.meta.url));

export const USAGE = `Usage: npm run bench:load -- [options]

Starts ferroserve (native parser), ferroserve (JS parser) and a node:http anchor, and for the
file cases nginx (one worker) and the Node peers (http-server, serve, sirv, @fastify/static),
and loads each with wrk, one after another, round after round. nginx is skipped where it is not
installed; the peers are installed into bench/peers/node_modules on first use. All servers and
cases with the defaults take about 15 minutes on 2 cores.

Options:
  --rounds N        rounds of A B C (default 3)
  --duration S      measured seconds per case (default ${DEFAULT_DURATION})
  --warmup S        warm-up seconds before each case, 0 to skip (default 1)
  --connections N   keep-alive connections (default 50)
  --cases LIST      comma-separated, from ${CASE_NAMES.join(',')} (default all)
  --servers LIST    comma-separated, from ${SERVER_KINDS.join(',')} (default all)
  --workers N       processes per server (ferroserve --workers, anchor on node:cluster; default 1)
  --idle N          idle connections in the idle case (default 2000)
  --json            print the results as JSON on stdout (progress goes to stderr)
  --chart FILE      where to write the SVG chart of req/s (default bench/out/load-chart.svg;
                    bench/RESULTS.md shows bench/load/chart.svg, written with --chart)
  -h, --help        this text

Examples:
  npm run bench:load -- --rounds 1 --duration 1 --servers node
  npm run bench:load -- --servers native,nginx,sirv --cases small,range
  mkdir -p bench/out && npm run -s bench:load -- --json > bench/out/load.json
  (-s keeps npm from printing its own header on stdout)`;

/** @returns {{help: true} | {help: false, rounds: number, duration: number, warmup: number, connections: number, cases: string[], servers: string[], workers: number, idleConnections: number, json: boolean, chart: string}} */
export function readOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: 'string', default: '3' },
      duration: { type: 'string', default: String(DEFAULT_DURATION) },
      warmup: { type: 'string', default: '1' },
      connections: { type: 'string', default: '50' },
      cases: { type: 'string', default: CASE_NAMES.join(',') },
      servers: { type: 'string', default: SERVER_KINDS.join(',') },
      workers: { type: 'string', default: '1' },
      idle: { type: 'string', default: '2000' },
      json: { type: 'boolean', default: false },
      chart: { type: 'string', default: DEFAULT_CHART },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return { help: true };
  return Object.freeze({
    help: false,
    rounds: positiveInteger('rounds', values.rounds),
    duration: positiveInteger('duration', values.duration),
    warmup: positiveInteger('warmup', values.warmup, { allowZero: true }),
    connections: positiveInteger('connections', values.connections),
    cases: list('cases', values.cases, CASE_NAMES),
    servers: list('servers', values.servers, SERVER_KINDS),
    workers: positiveInteger('workers', values.workers),
    idleConnections: positiveInteger('idle', values.idle),
    json: values.json,
    chart: values.chart,
  });
}
