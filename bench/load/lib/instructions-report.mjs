// From callgrind batches to the figures bench:instructions reports.
import { SERVERS } from './servers.mjs';
import { median } from './summary.mjs';

/**
 * Per case and server: the fewest instructions per request of any batch, and the median. The
 * ratios compare the fewest: a garbage collection or a recompilation only ever adds
 * instructions to the batch it falls in (one batch of echo once counted twice the others), so
 * the least disturbed batch is the one that repeats from run to run, as the parser benchmark's
 * best median does for time.
 */
export function summariseInstructions(records, options) {
  const byCase = {};
  for (const name of options.cases) {
    byCase[name] = {};
    for (const kind of options.servers) {
      const values = records.filter((r) => r.case === name && r.server === kind).map((r) => r.perRequest);
      if (values.length > 0) byCase[name][kind] = { min: Math.min(...values), median: median(values), max: Math.max(...values) };
    }
    const native = byCase[name].native?.min;
    byCase[name].jsOverNative = native && byCase[name].js ? byCase[name].js.min / native : undefined;
    byCase[name].nodeOverNative = native && byCase[name].node ? byCase[name].node.min / native : undefined;
  }
  return byCase;
}

/** `settled`: the share within which two warm-up batches in a row had to agree. */
export function formatInstructions(byCase, options, settled) {
  const n = (value) => (value === undefined ? '-' : Math.round(value).toLocaleString('en-US'));
  const r = (value) => (value === undefined ? '-' : value.toFixed(2));
  const header = ['case', ...options.servers.map((kind) => `${SERVERS[kind].label} fewest (median, most)`), 'js / native', 'node:http / native'];
  const rows = Object.entries(byCase).map(([name, entry]) => [
    name,
    ...options.servers.map((kind) => (entry[kind] ? `${n(entry[kind].min)} (${n(entry[kind].median)}, ${n(entry[kind].max)})` : '-')),
    r(entry.jsOverNative),
    r(entry.nodeOverNative),
  ]);
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (cells) => cells.map((cell, column) => cell[column === 0 ? 'padEnd' : 'padStart'](widths[column])).join('  ');
  return [
    `Instructions per request (callgrind, user space; the fewest, median and most of ${options.repeats} batches of ${options.requests} requests, after ${options.warmup} requests and batches until two in a row agreed within ${settled * 100}%; ratios of the fewest)`,
    line(header),
    ...rows.map(line),
    'Ratios above 1: the native server executes fewer instructions per request.',
  ].join('\n');
}

