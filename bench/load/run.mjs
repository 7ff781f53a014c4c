#!/usr/bin/env node
// `npm run bench:load`: ferroserve (native parser), ferroserve (JS twin) and a node:http anchor,
// and for the file cases of issue 12 also nginx and the Node peers users pick (http-server,
// serve, sirv, @fastify/static), loaded by wrk one after another, case by case (A B C, A B C, ...),
// over rounds whose order rotates (A B C, then B C A, ...), so that drift on a shared machine
// hits all of them alike. Prints medians over rounds,
// medians of per-round ratios, and which targets are met. `--json` prints the same as JSON on
// stdout; progress and the human report go to stderr then.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readOptions, USAGE } from './lib/args.mjs';
import { byFolderNeed, caseNamed } from './lib/cases.mjs';
import { log, runMain } from './lib/cli.mjs';
import { makeFixtures } from './lib/fixtures.mjs';
import { idleLimitProblem, measureIdle } from './lib/idle.mjs';
import { chartSvg } from './lib/chart.mjs';
import { nginxBuild, nginxLacks } from './lib/nginx.mjs';
import { ensurePeers } from './lib/peers.mjs';
import { probeOne, validatorHeaders } from './lib/probe.mjs';
import { formatReport } from './lib/report.mjs';
import { cpuMicros, PEER_SERVER_KINDS, processCount, SERVERS, startServer } from './lib/servers.mjs';
import { summarise } from './lib/summary.mjs';
import { evaluateTargets } from './lib/targets.mjs';
import { findExecutable, machine, pinningPlan, pinSelf, WRK_INSTALL_HINT } from './lib/tools.mjs';
import { runWrk } from './lib/wrk.mjs';

// Lets a server release the connections of the previous run before the next one starts.
const PAUSE_MS = 300;

const ms = (us) => (us / 1000).toFixed(2);

/** `items` rotated left by `by` places. */
const rotate = (items, by) => items.map((_, index) => items[(index + by) % items.length]);

async function runCase({ testCase, server, options, wrkPath, plan, headers }) {
  const root = caseNamed('root');
  const warmCase = testCase.kind === 'idle' ? root : testCase;
  const common = { wrkPath, plan, url: server.url, connections: options.connections };
  if (options.warmup > 0) await runWrk({ ...common, testCase: warmCase, seconds: options.warmup, headers: testCase.kind === 'idle' ? root.headers : headers });
  await sleep(PAUSE_MS);
  if (testCase.kind === 'idle') {
    return measureIdle({ server, count: options.idleConnections, wrkPath, plan, latencyCase: root, duration: options.duration });
  }
  const cpuBefore = cpuMicros(server.pid);
  const { requests, rps, p50Us, p99Us, latencyUs, errors, errorCount } = await runWrk({
    ...common,
    testCase,
    headers,
    seconds: options.duration,
  });
  const cpuUsPerRequest = requests > 0 ? (cpuMicros(server.pid) - cpuBefore) / requests : undefined;
  return { requests, rps, p50Us, p99Us, latencyUs, errors, errorCount, cpuUsPerRequest };
}

function progressLine(round, options, server, testCase, record) {
  const head = `round ${round}/${options.rounds}  ${server.label.padEnd(23)} ${testCase.name.padEnd(10)}`;
  const latency = `p50 ${ms(record.p50Us)} ms  p99 ${ms(record.p99Us)} ms  errors ${record.errorCount}`;
  if (testCase.kind === 'idle') {
    const perConnection = record.perConnectionKiB?.toFixed(1) ?? '-';
    return `${head}  ${record.stillOpen}/${options.idleConnections} open  ${perConnection} KiB/conn  ${latency}`;
  }
  const cpu = record.cpuUsPerRequest === undefined ? '-' : record.cpuUsPerRequest.toFixed(2);
  return `${head}  ${Math.round(record.rps).toLocaleString('en-US').padStart(9)} req/s  ${cpu.padStart(7)} µs CPU/req  ${latency}`;
}

function notesFor(options, plan, skipped) {
  const notes = [
    ...skipped,
    'wrk counts every response as a request, pipelined ones included (it parses the pipelined batch once and expects that many responses): pipe req/s is responses per second, not multiplied by 16; pipe latency is per batch of 16.',
    "Latency percentiles are wrk's, after its coordinated-omission correction; with pipelining that correction can push samples below the recorded minimum, so percentiles are taken over the samples wrk's percentile() sees (visibleShare in --json).",
    'The node:http anchor keeps node:http defaults as a user has them: it sends Date, Connection: keep-alive and Keep-Alive: timeout=5 on every response (about 80 bytes more than ferroserve, which sends no Date unless --date).',
    `The idle case runs on a freshly started server (warmed up with ${options.warmup} s of GET /) and opens ${options.idleConnections} keep-alive connections (one GET / each), reads VmRSS of the server and its workers from /proc 300 ms after a full GC in each (node --expose-gc and a SIGUSR2 hook preloaded into all three servers, bench/load/gc-on-signal.mjs), before and after, then runs GET / on one more connection for up to 2 s; both servers close idle connections after 5 s, so all of this fits in that window ("open" shows how many were still open at the end).`,
    'Ratios are medians of per-round ratios; req/s, p50 and p99 are medians over rounds; errors are summed over rounds (wrk socket errors, responses >= 400, failed or early-closed idle connections).',
    "CPU/req is the server's CPU time (user + system, its workers included, from /proc/PID/stat) over the measured run divided by the responses wrk counted. It leaves out the kernel's softirq work on loopback, which no process is charged for. 'js / native CPU/req' above 1 means the native parser costs the server less per request. A server whose core is saturated has CPU/req = 1 / req/s, so on a shared machine this figure moves as much as req/s; `npm run bench:instructions` counts work that the machine's noise does not move.",
    plan === undefined
      ? 'No CPU pinning (taskset missing or a single core): servers and wrk share the CPUs.'
      : options.workers > 1
        ? `Servers may use CPUs ${plan.server}, wrk and this runner are pinned to CPU ${plan.load}: the load generator competes with the workers.`
        : `Servers pinned to CPU ${plan.server}, wrk and this runner to CPU ${plan.load}.`,
  ];
  if (options.workers > 1) {
    notes.push(`--workers ${options.workers}: ferroserve runs ${options.workers} processes, the anchor ${options.workers} node:cluster workers, nginx ${options.workers} worker processes; the Node peers stay single-process.`);
  }
  if (options.servers.some((kind) => SERVERS[kind].family !== 'node')) {
    notes.push(
      'nginx and the Node peers serve the file cases only (they have no /echo, /user-agent or challenge routes). They serve the folder that holds ferroserve\'s --directory, so /files/NAME is the same file on every server.',
      "native / best peer: per round, ferroserve-native's req/s over the fastest peer's of that round (the peer may differ between rounds), then the median over rounds; 'best peer' names the peer with the highest median req/s.",
      'n/a: the server has no such feature (a read-only server and uploads, no on-the-fly compression, no listing); it is not measured, and no ratio uses it.',
      `Peer flags: ${PEER_SERVER_KINDS.map((kind) => `${SERVERS[kind].label}: ${SERVERS[kind].flags}`).join('; ')}.`,
    );
  }
  return notes;
}

async function main(options, argv) {
  const wrkPath = findExecutable('wrk');
  if (wrkPath === undefined) {
    log(`bench:load: ${WRK_INSTALL_HINT}`);
    return 1;
  }
  const cases = options.cases.map(caseNamed);
  // Servers that cannot run here are left out with a note, not a crash.
  const skipped = [];
  let servers = [...options.servers];
  const nginxPath = servers.includes('nginx') ? (findExecutable('nginx') ?? ['/usr/sbin/nginx'].find((path) => nginxBuild(path) !== undefined)) : undefined;
  const nginx = nginxPath === undefined ? undefined : { path: nginxPath, build: nginxBuild(nginxPath) };
  if (servers.includes('nginx') && nginx?.build === undefined) {
    skipped.push('nginx skipped: not installed (apt-get install nginx-light, or nginx on PATH).');
    servers = servers.filter((kind) => kind !== 'nginx');
  } else if (nginx !== undefined) {
    const version = /nginx\/([\d.]+)/.exec(nginx.build)?.[1];
    if (version !== undefined) SERVERS.nginx.label = `nginx ${version}`;
    SERVERS.nginx.lacks = nginxLacks(nginx.build);
  }
  if (servers.some((kind) => SERVERS[kind].family === 'peer')) {
    const why = ensurePeers(log);
    if (why !== undefined) {
      skipped.push(`Node peers skipped: ${why}`);
      servers = servers.filter((kind) => SERVERS[kind].family !== 'peer');
    }
  }
  for (const line of skipped) log(`bench:load: ${line}`);
  if (servers.length === 0) {
    log('bench:load: no server left to measure');
    return 1;
  }
  const limitProblem = options.cases.includes('idle') ? idleLimitProblem(options.idleConnections) : undefined;
  if (limitProblem !== undefined) {
    log(`bench:load: ${limitProblem}`);
    return 1;
  }
  // Read before pinning: once pinned, this process sees one CPU.
  const machineInfo = machine(wrkPath);
  const plan = pinningPlan(options.workers);
  if (plan !== undefined && !pinSelf(plan)) log('bench:load: could not pin this runner to a CPU; continuing');

  const fixtures = await makeFixtures();
  const running = new Set();
  const interrupted = (signal) => {
    for (const server of running) void server.stop(); // sends SIGTERM at once
    rmSync(fixtures.base, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  const site = { siteRoot: fixtures.siteRoot, work: fixtures.work, nginx };
  // Cases a server has no feature for: reported n/a, never started nor measured.
  const notApplicable = {};
  for (const testCase of cases) {
    for (const kind of servers) {
      const reason = SERVERS[kind].lacks[testCase.name];
      if (reason !== undefined && (testCase.files === true || SERVERS[kind].family === 'node')) (notApplicable[testCase.name] ??= {})[kind] = reason;
    }
  }
  const applies = (kind, testCase) =>
    (testCase.files === true || SERVERS[kind].family === 'node') && notApplicable[testCase.name]?.[kind] === undefined;

  const results = [];
  const probeProblems = [];
  const failures = [];
  const banners = {};
  const warnings = new Set();
  const wrkCases = cases.filter((testCase) => testCase.kind === 'wrk');
  const idleCases = cases.filter((testCase) => testCase.kind === 'idle');

  /** Starts the servers of `kinds`, runs `body` with them, and always stops them. */
  // Per round: the headers each server is sent for a case (its own validators for revalidate),
  // and the cases it answered wrongly when probed, which are then not measured on it.
  let headersFor = new Map();
  let wrongAnswers = new Set();
  const key = (kind, testCase) => `${kind}\u0000${testCase.name}`;

  /**
   * Checks one answer per case before any timing. It also warms what a server computes on a
   * file's first request (serve hashes the whole file for its ETag), as any server that has
   * served once has.
   */
  const probeServer = async (round, server, sessionCases) => {
    const kind = server.kind;
    for (const testCase of sessionCases) {
      if (testCase.kind !== 'wrk' || !applies(kind, testCase)) continue;
      const headers = testCase.validators === true ? await validatorHeaders(server.url, testCase).catch(() => testCase.headers) : testCase.headers;
      headersFor.set(key(kind, testCase), headers);
      for (const problem of await probeOne(server.url, testCase, headers)) {
        wrongAnswers.add(key(kind, testCase));
        probeProblems.push({ round, server: kind, problem: `${testCase.name}: ${problem}` });
        log(`round ${round}/${options.rounds}  ${server.label}: WRONG ANSWER ${testCase.name}: ${problem} (not measured)`);
      }
    }
  };

  /** Starts the servers of `kinds`, runs `body` with them, and always stops them. */
  const withServers = async (round, kinds, sessionCases, body) => {
    const servers = [];
    const folder = sessionCases.some((testCase) => testCase.files === true) ? fixtures.folder : null;
    try {
      for (const kind of kinds.filter((kind) => sessionCases.some((testCase) => applies(kind, testCase)))) {
        const server = await startServer(kind, { folder, workers: options.workers, plan, site });
        running.add(server);
        servers.push(server);
        banners[kind] = server.banner;
        await probeServer(round, server, sessionCases);
      }
      await body(servers);
      for (const server of servers) {
        if (SERVERS[server.kind].family !== 'node') continue;
        // A cluster runs a primary and N workers; fewer means --workers did not take effect.
        const processes = processCount(server.pid);
        if (options.workers > 1 && processes < options.workers + 1) {
          warnings.add(`${server.label} ran ${processes} process(es) with --workers ${options.workers} (expected ${options.workers} workers and a primary)`);
        }
      }
    } finally {
      for (const server of servers) {
        running.delete(server);
        await server.stop();
      }
    }
    await sleep(PAUSE_MS);
  };

  /** Measures one case on `servers[index]`; a peer or nginx that dies is recorded and restarted. */
  const measure = async (round, servers, index, testCase, folder) => {
    const server = servers[index];
    // A server is compared on right answers only: wrong ones are reported, not timed.
    if (!applies(server.kind, testCase) || wrongAnswers.has(key(server.kind, testCase))) return;
    const headers = headersFor.get(key(server.kind, testCase)) ?? testCase.headers;
    const record = await runCase({ testCase, server, options, wrkPath, plan, headers });
    if (!server.alive()) {
      // ferroserve (and the anchor) dying is a bug to stop at. A peer dying is a finding about
      // that peer: its figures of this run are dropped, the crash is reported, and the rest of
      // the run goes on with a fresh instance.
      if (SERVERS[server.kind].family === 'node') throw new Error(`${server.label} exited during case ${testCase.name}: ${server.stderrTail()}`);
      const lines = server.stderrTail().split('\n');
      const why = (lines.find((line) => /^\w*Error: /.test(line)) ?? lines.find((line) => /error/i.test(line)) ?? 'exited').trim();
      failures.push({ round, server: server.kind, case: testCase.name, why });
      log(`round ${round}/${options.rounds}  ${server.label}: CRASHED during ${testCase.name} (${why}); restarting it for the next cases`);
      running.delete(server);
      servers[index] = await startServer(server.kind, { folder, workers: options.workers, plan, site });
      running.add(servers[index]);
      // Probed again like a first start: a cold instance would otherwise meet the next case's
      // 50 connections with nothing computed yet (serve hashing 100 MiB per request for a range).
      await probeServer(round, servers[index], cases.filter((other) => other.files === true));
      return;
    }
    results.push({ round, server: server.kind, case: testCase.name, ...record });
    log(progressLine(round, options, server, testCase, record));
  };

  try {
    for (let round = 1; round <= options.rounds; round += 1) {
      // Every server of the round runs at once (idle ones cost no CPU), and each case loads them
      // one right after another, so the figures a ratio compares are seconds apart, not minutes:
      // drift on a shared machine then hits the servers of a ratio alike. The order rotates from
      // round to round so that no server is always measured first.
      const order = rotate(servers, round - 1);
      headersFor = new Map();
      wrongAnswers = new Set();
      for (const group of byFolderNeed(wrkCases)) {
        await withServers(round, order, group, async (servers) => {
          for (const testCase of group) {
            const folder = testCase.files === true ? fixtures.folder : null;
            for (let index = 0; index < servers.length; index += 1) await measure(round, servers, index, testCase, folder);
          }
        });
      }
      // The idle case gets a fresh server of its own: after minutes of load a server's heap has
      // grown, and new connections fill that free space without raising RSS, hiding their cost.
      for (const testCase of idleCases) {
        for (const kind of order.filter((kind) => applies(kind, testCase))) {
          await withServers(round, [kind], [testCase], async (servers) => measure(round, servers, 0, testCase, null));
        }
      }
    }
  } finally {
    await fixtures.remove();
  }

  const { byCase, ratios } = summarise(results, options.cases, servers, { peers: PEER_SERVER_KINDS });
  const targets = evaluateTargets({ byCase, ratios }, probeProblems);
  const report = {
    config: {
      command: ['npm run bench:load', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' '),
      date: new Date().toISOString(),
      rounds: options.rounds,
      duration: options.duration,
      warmup: options.warmup,
      connections: options.connections,
      wrkThreads: 1,
      workers: options.workers,
      idleConnections: options.idleConnections,
      cases: options.cases,
      servers: Object.fromEntries(servers.map((kind) => [kind, SERVERS[kind].label])),
      skippedServers: options.servers.filter((kind) => !servers.includes(kind)),
      pinning: plan === undefined ? 'none' : `servers on CPU ${plan.server}, wrk on CPU ${plan.load}`,
    },
    machine: machineInfo,
    banners,
    byCase,
    ratios,
    targets,
    notApplicable,
    failures,
    notes: [...[...warnings].map((warning) => `WARNING: ${warning}`), ...notesFor({ ...options, servers }, plan, skipped)],
    probeProblems,
    results,
  };
  const text = formatReport(report);
  const chartPath = resolve(options.chart);
  mkdirSync(dirname(chartPath), { recursive: true });
  writeFileSync(chartPath, chartSvg(report));
  log(`bench:load: chart written to ${chartPath}`);
  if (options.json) {
    log(`\n${text}`);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    console.log(`\n${text}`);
  }
  return 0;
}

runMain('bench:load', { usage: USAGE, readOptions, body: main });
