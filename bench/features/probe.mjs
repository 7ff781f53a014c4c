#!/usr/bin/env node
// `npm run bench:features [-- [--explain] [SERVER_ID...]]`: starts ferroserve and its peers one
// after another, each on a fresh copy of the fixture, asks each the questions of rows.mjs over
// raw HTTP, and prints the feature table as markdown on stdout. Progress goes to stderr.
//
// --explain: for every cell that is not a plain ✓, print the exchanges behind it to stderr, so a
// ✗ can be told apart from a probe mistake. SERVER_IDs (ferroserve, http-server, serve, sirv,
// nginx, fastify-static) limit the columns.
//
// Bounded: every request times out after 3 s and the whole run after DEADLINE_MS; every server
// is killed at the end, on an error and at the deadline.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeFixture } from './fixture.mjs';
import { abort, alsoOnAbort, killAll } from './processes.mjs';
import { request } from './raw-http.mjs';
import { renderMarkdown } from './render.mjs';
import { SECTIONS } from './rows.mjs';
import { PEERS_DIR, SERVERS } from './servers.mjs';

const DEADLINE_MS = 170_000;
const INSTALL_TIMEOUT_MS = 120_000;

const log = (text) => process.stderr.write(`${text}\n`);

/** Installs the pinned peers from bench/peers/package-lock.json when they are not there yet. */
function ensurePeers() {
  if (existsSync(path.join(PEERS_DIR, 'node_modules'))) return;
  log('installing the peers: npm ci --prefix bench/peers');
  execFileSync('npm', ['ci', '--prefix', PEERS_DIR, '--no-audit', '--no-fund'], { stdio: ['ignore', process.stderr, process.stderr], timeout: INSTALL_TIMEOUT_MS });
}

/**
 * What a row's check talks to: `get` (GETs are remembered, as several rows read the same answer),
 * `send` (any method, never remembered), and the fixture. `exchanges` keeps the current row's
 * requests and responses for --explain.
 */
function contextFor(port, fixture) {
  const remembered = new Map();
  const ctx = {
    port,
    root: fixture.root,
    files: fixture.files,
    exchanges: [],
    async send({ method = 'GET', path, headers = {}, body }) {
      const res = await request({ port, method, path, headers, body });
      ctx.exchanges.push({ method, path, headers, res });
      return res;
    },
    async get(path, headers = {}) {
      const key = JSON.stringify([path, headers]);
      if (!remembered.has(key)) remembered.set(key, await request({ port, path, headers }));
      const res = remembered.get(key);
      ctx.exchanges.push({ method: 'GET', path, headers, res });
      return res;
    },
  };
  return ctx;
}

function explain(server, row, verdict, exchanges) {
  log(`\n--- ${server.label}: ${row.label} → ${verdict.mark} ${verdict.note}`);
  for (const { method, path, headers, res } of exchanges) {
    log(`> ${method} ${path} ${Object.entries(headers).map(([n, v]) => `${n}: ${v}`).join('; ')}`);
    log(res.head.split('\r\n').map((line) => `< ${line}`).join('\n'));
    const preview = res.body.subarray(0, 300).toString('latin1').replace(/[^\x20-\x7e\n]/g, '.');
    if (preview) log(`< [${res.body.length} body bytes] ${preview.replace(/\n/g, '\n< ')}`);
  }
}

async function measure(server, explainCells) {
  const fixture = makeFixture(server.id);
  const forget = alsoOnAbort(fixture.remove);
  let running;
  try {
    running = await server.start(fixture.root);
    log(`${server.label}: listening on 127.0.0.1:${running.port}`);
    const ctx = contextFor(running.port, fixture);
    const verdicts = [];
    for (const section of SECTIONS) {
      const row = [];
      for (const check of section.rows) {
        ctx.exchanges = [];
        let verdict;
        try {
          verdict = await check.check(ctx);
        } catch (error) {
          // A timeout or a reset is the server's answer; anything else may be the probe's bug: shown as ⚠ either way.
          verdict = { mark: 'error', note: error.message.split('\n')[0] };
        }
        row.push(verdict);
        if (explainCells && (verdict.mark !== 'yes' || verdict.note)) explain(server, check, verdict, ctx.exchanges);
      }
      verdicts.push(row);
    }
    return verdicts;
  } finally {
    await running?.stop();
    fixture.remove();
    forget();
  }
}

async function main() {
  const args = process.argv.slice(2);
  const explainCells = args.includes('--explain');
  const only = args.filter((arg) => !arg.startsWith('--'));
  const unknown = only.filter((id) => !SERVERS.some((server) => server.id === id));
  if (unknown.length > 0) throw new Error(`unknown server ${unknown.join(', ')}; known: ${SERVERS.map((s) => s.id).join(', ')}`);

  ensurePeers();
  const columns = [];
  const perServer = [];
  const skipped = [];
  for (const server of SERVERS) {
    if (only.length > 0 && !only.includes(server.id)) continue;
    const reason = server.unavailable();
    // A table without ferroserve is not the table: fail rather than print one.
    if (reason && server.id === 'ferroserve') throw new Error(`ferroserve ${reason}`);
    if (reason) {
      log(`${server.label}: skipped, ${reason}`);
      skipped.push({ label: server.label, reason });
      continue;
    }
    try {
      perServer.push(await measure(server, explainCells));
      columns.push(server);
      log(`${server.label}: done`);
    } catch (error) {
      if (server.id === 'ferroserve') throw error;
      log(`${server.label}: could not be measured: ${error.message}`);
      skipped.push({ label: server.label, reason: `did not start: ${error.message.split('\n')[0]}` });
    }
  }
  // results[section][row][column], the shape render.mjs reads.
  const results = SECTIONS.map((section, s) => section.rows.map((_, r) => perServer.map((verdicts) => verdicts[s][r])));
  const environment = `Node ${process.version}, ${os.type()} ${os.release()}`;
  process.stdout.write(renderMarkdown({ sections: SECTIONS, columns, results, skipped, environment }));
}

const deadline = setTimeout(() => {
  log(`bench:features: not done after ${DEADLINE_MS / 1000} s, stopping`);
  abort(2);
}, DEADLINE_MS);
deadline.unref();

main()
  .catch((error) => {
    log(`bench:features: ${error.stack ?? error.message}`);
    process.exitCode = 1;
  })
  .finally(() => {
    killAll();
    clearTimeout(deadline);
  });
