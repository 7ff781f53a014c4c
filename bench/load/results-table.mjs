#!/usr/bin/env node
// `node bench/load/results-table.mjs bench/out/load.json [--chart FILE]`: the markdown tables of
// bench/RESULTS.md's issue 12 section, from a `npm run bench:load -- --json` report, so that the
// run redone after a change is pasted, not retyped. --chart draws the report's chart again (the
// chart is a function of the report alone), for a chart made before a change to chart.mjs.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chartSvg } from './lib/chart.mjs';
import { fileRatioTable, serverTable } from './lib/markdown.mjs';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { chart: { type: 'string' } } });
const [path] = positionals;
if (path === undefined) {
  process.stderr.write('Usage: node bench/load/results-table.mjs REPORT.json [--chart FILE]\n');
  process.exit(2);
}
const report = JSON.parse(readFileSync(path, 'utf8'));
if (values.chart !== undefined) writeFileSync(values.chart, chartSvg(report));
process.stdout.write(`${serverTable(report, 'rps')}\n\n${serverTable(report, 'latency')}\n\n${fileRatioTable(report)}\n`);
