#!/usr/bin/env node
// `npm run bench:instructions`: how many instructions each server executes per request, case
// by case, counted by valgrind's callgrind. On a shared machine, req/s of two servers measured
// seconds apart swings by tens of percent (bench/RESULTS.md), which hides differences of a few
// percent, such as what the native parser saves over the TypeScript twin on one small request.
// An instruction count is the same whatever else the machine runs. It counts user space only:
// the kernel's share (the socket reads and writes) is the same bytes for every server.
//
// Each server starts under callgrind (pinned to CPU 0; this runner and its client on CPU 1).
// Per case it answers `--warmup` requests, then batches of `--requests` until two batches in a
// row agree within SETTLED (V8 has compiled the hot code: before that, compilation dominates
// the count), then `--repeats` measured batches: counters zeroed, the requests sent on one
// keep-alive connection (one at a time, or 16 per write for pipe), counters dumped.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callgrindWrapper, dumpInstructions, VALGRIND_INSTALL_HINT, zeroCounters } from './lib/callgrind.mjs';
import { byFolderNeed, caseNamed } from './lib/cases.mjs';
import { log, runMain } from './lib/cli.mjs';
import { sendCounted } from './lib/counted-client.mjs';
import { makeFixtures } from './lib/fixtures.mjs';
import { probe } from './lib/probe.mjs';
import { readOptions, USAGE } from './lib/instructions-args.mjs';
import { formatInstructions, summariseInstructions } from './lib/instructions-report.mjs';
import { startServer } from './lib/servers.mjs';
import { findExecutable, machine, pinningPlan, pinSelf } from './lib/tools.mjs';

// A 1 MiB response costs ~100x the instructions of the others: fewer of them suffice. A pipe
// request costs a tenth of the others, and a garbage collection falls in one batch or the
// next: more of them average it out.
const SHARE = { big: 0.05, pipe: 4 };
// Warm-up batches go on until two in a row differ by less than this share, or MAX_SETTLING.
const SETTLED = 0.03;
const MAX_SETTLING = 10;
// Under valgrind, node takes seconds to start.
const START_TIMEOUT_MS = 180_000;


const scaled = (testCase, n) => Math.max(1, Math.round(n * (SHARE[testCase] ?? 1)));

/** Instructions per request over one batch of `count` requests. */
async function countBatch(server, testCase, count, tools) {
  zeroCounters(tools.control, server.pid);
  const { responses, errors } = await sendCounted({ url: server.url, testCase, count });
  const instructions = await dumpInstructions(tools.control, server.pid, tools.dumps);
  if (errors > 0) throw new Error(`${server.label} ${testCase.name}: ${errors} responses were not 2xx/3xx`);
  return instructions / responses;
}

/** Measures `options.cases` on one server start (with the served folder when a case needs it). */
async function measureServer(kind, options, tools) {
  const records = [];
  const needsFolder = options.cases.some((name) => caseNamed(name).files === true);
  const server = await startServer(kind, {
    folder: needsFolder ? tools.fixtures.folder : null,
    workers: 1,
    plan: tools.plan,
    wrapper: callgrindWrapper(tools.valgrind, tools.dumps),
    startTimeoutMs: START_TIMEOUT_MS,
  });
  try {
    const problems = await probe(server.url, options.cases.map(caseNamed));
    if (problems.length > 0) throw new Error(`${server.label} answers wrongly: ${problems.join('; ')}`);
    for (const name of options.cases) {
      const testCase = caseNamed(name);
      if (options.warmup > 0) await sendCounted({ url: server.url, testCase, count: scaled(name, options.warmup) });
      const batch = () => countBatch(server, testCase, scaled(name, options.requests), tools);
      let previous = await batch();
      let settled = false;
      for (let round = 1; round < MAX_SETTLING && !settled; round += 1) {
        const next = await batch();
        settled = Math.abs(next - previous) <= SETTLED * previous;
        previous = next;
      }
      for (let repeat = 1; repeat <= options.repeats; repeat += 1) {
        const perRequest = await batch();
        records.push({ server: kind, case: name, repeat, settled, perRequest });
        log(`${server.label.padEnd(17)} ${name.padEnd(5)} repeat ${repeat}/${options.repeats}  ${Math.round(perRequest).toLocaleString('en-US').padStart(11)} instructions/request${settled ? '' : '  (warm-up did not settle)'}`);
      }
    }
  } finally {
    await server.stop();
  }
  return records;
}

async function main(options, argv) {
  const valgrind = findExecutable('valgrind');
  const control = findExecutable('callgrind_control');
  if (valgrind === undefined || control === undefined) {
    log(`bench:instructions: ${VALGRIND_INSTALL_HINT}`);
    return 1;
  }
  const machineInfo = machine(undefined);
  const plan = pinningPlan(1);
  if (plan !== undefined && !pinSelf(plan)) log('bench:instructions: could not pin this runner to a CPU; continuing');
  const fixtures = await makeFixtures();
  const dumps = mkdtempSync(join(tmpdir(), 'ferroserve-callgrind-'));
  const cleanUp = () => {
    rmSync(dumps, { recursive: true, force: true });
    rmSync(fixtures.folder, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  const records = [];
  try {
    for (const kind of options.servers) {
      for (const group of byFolderNeed(options.cases.map(caseNamed))) {
        const groupOptions = { ...options, cases: group.map((testCase) => testCase.name) };
        records.push(...(await measureServer(kind, groupOptions, { valgrind, control, plan, fixtures, dumps })));
      }
    }
  } finally {
    cleanUp();
  }
  const byCase = summariseInstructions(records, options);
  const text = formatInstructions(byCase, options, SETTLED);
  const report = {
    config: {
      command: ['npm run bench:instructions', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' '),
      date: new Date().toISOString(),
      ...options,
      pinning: plan === undefined ? 'none' : `servers on CPU ${plan.server}, client on CPU ${plan.load}`,
    },
    machine: machineInfo,
    byCase,
    records,
  };
  if (options.json) {
    log(`\n${text}`);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    console.log(`\n${text}`);
  }
  return 0;
}

runMain('bench:instructions', { usage: USAGE, readOptions, body: main });
