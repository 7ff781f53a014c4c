// Human-readable tables of the summary, targets and notes.
import { SERVERS } from './servers.mjs';

const thousands = (value) => (value === undefined ? '-' : Math.round(value).toLocaleString('en-US'));
const milliseconds = (us) => (us === undefined ? '-' : (us / 1000).toFixed(2));
const ratio = (value) => (value === undefined ? '-' : value.toFixed(2));
const micros = (value) => (value === undefined ? '-' : value.toFixed(2));
const kib = (value) => (value === undefined ? '-' : value.toFixed(1));

function table(header, rows) {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => String(row[column]).length)));
  const line = (cells) => cells.map((cell, column) => String(cell)[column === 0 ? 'padEnd' : 'padStart'](widths[column])).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

const label = (server) => SERVERS[server]?.label ?? server;

/** Issue 12's comparison: ferroserve-native against nginx and the best Node peer, per case. */
function fileRatioRows(ratios) {
  return Object.entries(ratios)
    .filter(([, r]) => r.nativeOverNginx !== undefined || r.nativeOverBestPeer !== undefined)
    .map(([testCase, r]) => [testCase, ratio(r.nativeOverNginx), ratio(r.nativeOverBestPeer), r.bestPeer === undefined ? '-' : label(r.bestPeer)]);
}

export function formatReport({ config, machine, byCase, ratios, targets, notes, notApplicable = {}, failures = [] }) {
  const out = [];
  out.push(
    `ferroserve load benchmark — ${config.date}`,
    `machine: ${machine.cpuModel}, ${machine.cores} cores, Linux ${machine.kernel}, Node ${machine.node}, ${machine.wrk}`,
    `run: ${config.rounds} round(s) x ${config.duration} s per case (+${config.warmup} s warm-up), ${config.connections} connections, 1 wrk thread, workers ${config.workers}, pinning: ${config.pinning}`,
    '',
  );

  const rows = [];
  for (const [testCase, servers] of Object.entries(byCase)) {
    if (testCase === 'idle') continue;
    for (const [server, s] of Object.entries(servers)) {
      rows.push([testCase, label(server), thousands(s.rps), micros(s.cpuUsPerRequest), milliseconds(s.p50Us), milliseconds(s.p99Us), s.errorCount]);
    }
    for (const server of Object.keys(notApplicable[testCase] ?? {})) rows.push([testCase, label(server), 'n/a', '', '', '', '']);
  }
  if (rows.length > 0) {
    out.push('Throughput and latency (median over rounds; errors summed over rounds)');
    out.push(table(['case', 'server', 'req/s', 'CPU µs/req', 'p50 ms', 'p99 ms', 'errors'], rows), '');
    const ratioRows = Object.entries(ratios).filter(([, r]) => r.nativeOverNode !== undefined || r.nativeOverJs !== undefined).map(([testCase, r]) => [
      testCase,
      ratio(r.nativeOverNode),
      ratio(r.nativeOverJs),
      ratio(r.nodeCpuOverNativeCpu),
      ratio(r.jsCpuOverNativeCpu),
    ]);
    out.push('Ratios (median of per-round ratios): req/s, and server CPU per request the other way up (above 1: native costs less)');
    out.push(table(['case', 'native / node:http', 'native / js', 'node:http / native CPU/req', 'js / native CPU/req'], ratioRows), '');
    const fileRows = fileRatioRows(ratios);
    if (fileRows.length > 0) {
      out.push('Files against nginx and the Node peers (req/s, median of per-round ratios; best peer = highest median req/s)');
      out.push(table(['case', 'native / nginx', 'native / best peer', 'best peer'], fileRows), '');
    }
    const naRows = Object.entries(notApplicable).flatMap(([testCase, servers]) => Object.entries(servers).map(([server, why]) => [testCase, label(server), why]));
    if (naRows.length > 0) {
      out.push('n/a: not measured, the server has no such feature');
      out.push(table(['case', 'server', 'why'], naRows), '');
    }
  }

  if (byCase.idle !== undefined) {
    const idleRows = Object.entries(byCase.idle).map(([server, s]) => [
      label(server),
      `${s.stillOpen}/${s.connections}`,
      thousands(s.rssBeforeKiB),
      thousands(s.rssAfterKiB),
      kib(s.perConnectionKiB),
      milliseconds(s.p50Us),
      milliseconds(s.p99Us),
      s.errorCount,
    ]);
    out.push(`Idle keep-alive connections (median over rounds; GET / latency on one extra connection meanwhile)`);
    out.push(table(['server', 'open', 'RSS before KiB', 'RSS after KiB', 'KiB / conn', 'p50 ms', 'p99 ms', 'errors'], idleRows), '');
  }

  if (failures.length > 0) {
    out.push('Crashed during a case (its figures of that round dropped; restarted for the next case)');
    out.push(table(['round', 'case', 'server', 'why'], failures.map((f) => [f.round, f.case, label(f.server), f.why])), '');
  }

  out.push('Targets (issues 4 and 12)');
  for (const t of targets) {
    const value = typeof t.value === 'number' ? t.value.toFixed(2) : (t.value ?? '-');
    out.push(`  [${t.status.toUpperCase().padEnd(12)}] ${t.target}: ${value}`);
  }
  out.push('', 'Notes');
  for (const note of notes) out.push(`  - ${note}`);
  return out.join('\n');
}
