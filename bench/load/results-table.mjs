#!/usr/bin/env node
// `node bench/load/results-table.mjs bench/out/load.json`: the markdown tables of bench/RESULTS.md's
// issue 12 section, from a `npm run bench:load -- --json` report, so that the run redone after a
// change is pasted, not retyped.
import { readFileSync } from 'node:fs';
import { fileRatioTable, serverTable } from './lib/markdown.mjs';

const [path] = process.argv.slice(2);
if (path === undefined) {
  process.stderr.write('Usage: node bench/load/results-table.mjs REPORT.json\n');
  process.exit(2);
}
const report = JSON.parse(readFileSync(path, 'utf8'));
process.stdout.write(`${serverTable(report, 'rps')}\n\n${serverTable(report, 'latency')}\n\n${fileRatioTable(report)}\n`);
