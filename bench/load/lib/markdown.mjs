// Markdown tables of a bench:load report for bench/RESULTS.md: servers as columns (a reader
// compares across a row), n/a where a server lacks the feature, errors shown in the cell that has
// them rather than in a column most rows leave empty.
import { FILE_TARGETS } from './targets.mjs';

const thousands = (value) => Math.round(value).toLocaleString('en-US');
const fixed = (value, digits = 2) => (value === undefined ? '–' : value.toFixed(digits));

/** Cases in the report's order, idle left out (it has its own table in the human report). */
const casesOf = (report) => Object.keys(report.byCase).filter((name) => name !== 'idle');

function cell(report, testCase, server, what) {
  const summary = report.byCase[testCase]?.[server];
  const crashes = (report.failures ?? []).filter((f) => f.case === testCase && f.server === server).length;
  const crashed = crashes > 0 ? ` (crashed ${crashes}x)` : '';
  if (summary === undefined) return report.notApplicable?.[testCase]?.[server] !== undefined ? 'n/a' : crashed.trim().replace(/[()]/g, '');
  const errors = summary.errorCount > 0 ? ` (${summary.errorCount} err)` : '';
  if (what === 'rps') return `${thousands(summary.rps)}${errors}${crashed}`;
  return `${fixed(summary.p50Us / 1000)} / ${fixed(summary.p99Us / 1000)}${errors}${crashed}`;
}

/** One row per case, one column per server: req/s (`rps`) or p50 / p99 in ms (`latency`). */
export function serverTable(report, what) {
  const servers = Object.keys(report.config.servers);
  const header = `| case (${what === 'rps' ? 'req/s' : 'p50 / p99 ms'}) | ${servers.map((kind) => report.config.servers[kind]).join(' | ')} |`;
  const rule = `|---|${servers.map(() => '---:').join('|')}|`;
  const rows = casesOf(report)
    .map((testCase) => `| ${testCase} | ${servers.map((server) => cell(report, testCase, server, what)).join(' | ')} |`)
    .filter((row) => !/^\| [^|]+ \|( \|)+$/.test(row));
  return [header, rule, ...rows].join('\n');
}

const verdict = (value, target) => (target === undefined || value === undefined ? '' : value >= target ? ' ✓' : ' ✗');

/** ferroserve-native / nginx and / best peer per case, with issue 12's target where there is one. */
export function fileRatioTable(report) {
  const rows = casesOf(report)
    .filter((testCase) => report.ratios[testCase]?.nativeOverNginx !== undefined || report.ratios[testCase]?.nativeOverBestPeer !== undefined)
    .map((testCase) => {
      const r = report.ratios[testCase];
      const target = FILE_TARGETS[testCase] ?? {};
      const nginx = `${fixed(r.nativeOverNginx)}${target.nginx === undefined ? '' : ` (≥ ${target.nginx})`}${verdict(r.nativeOverNginx, target.nginx)}`;
      const peer = `${fixed(r.nativeOverBestPeer)}${target.peer === undefined ? '' : ` (≥ ${target.peer})`}${verdict(r.nativeOverBestPeer, target.peer)}`;
      return `| ${testCase} | ${nginx} | ${peer} | ${r.bestPeer === undefined ? '–' : report.config.servers[r.bestPeer]} |`;
    });
  return ['| case | native / nginx (target) | native / best peer (target) | best peer |', '|---|---:|---:|---|', ...rows].join('\n');
}
