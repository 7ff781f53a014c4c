// The idle case: many keep-alive connections that each made one request and then stay silent.
// Measures the server's resident memory before and after opening them, each time just after a
// full garbage collection in the server (gc-on-signal.mjs), and GET / latency (a short
// one-connection wrk run) while they are open.
//
// Both ferroserve and node:http close a keep-alive connection after 5 s of silence, so the
// whole measurement fits in that window: the connections open in parallel batches, memory is
// read SETTLE_MS later, and the latency run lasts at most LATENCY_SECONDS. `stillOpen` reports how
// many idle connections the server had not closed when the measurement ended.
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { collectGarbage, residentKiB } from './servers.mjs';
import { openFilesLimit } from './tools.mjs';
import { runWrk } from './wrk.mjs';

const BATCH = 250;
const SETTLE_MS = 300;
const LATENCY_SECONDS = 2;
const CONNECT_TIMEOUT_MS = 5_000;
// File descriptors this process needs besides the idle connections (stdio, pipes to children, ...).
const SPARE_FILES = 64;

/** Opens one connection, sends GET /, resolves with the socket once the response head arrived. */
function openIdle(hostname, port, onClose) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, hostname);
    let received = '';
    const timer = setTimeout(() => socket.destroy(new Error('no response within 5 s')), CONNECT_TIMEOUT_MS);
    socket.once('connect', () => socket.write(`GET / HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`));
    const onData = (chunk) => {
      received += chunk.toString('latin1');
      // GET / answers with an empty body, so the end of the head is the end of the response.
      if (!received.includes('\r\n\r\n')) return;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.once('close', onClose);
      resolve(socket);
    };
    socket.on('data', onData);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Resident memory after a full garbage collection in the server (and its workers). */
async function settledResidentKiB(pid) {
  collectGarbage(pid);
  await sleep(SETTLE_MS);
  return residentKiB(pid);
}

/** Refuses to start when this process may not open enough files; says how to raise the limit. */
export function idleLimitProblem(count) {
  const limit = openFilesLimit();
  if (limit === undefined || limit >= count + SPARE_FILES) return undefined;
  return `the idle case needs ${count + SPARE_FILES} open files, this shell allows ${limit}: run \`ulimit -n ${count + 1024}\` first`;
}

export async function measureIdle({ server, count, wrkPath, plan, latencyCase, duration }) {
  const { hostname, port } = new URL(server.url);
  const before = await settledResidentKiB(server.pid);
  const sockets = [];
  let closedByServer = 0;
  let failed = 0;
  const started = performance.now();
  try {
    for (let opened = 0; opened < count; opened += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, count - opened) }, () =>
        openIdle(hostname, Number(port), () => (closedByServer += 1)),
      );
      for (const outcome of await Promise.allSettled(batch)) {
        if (outcome.status === 'fulfilled') sockets.push(outcome.value);
        else failed += 1;
      }
    }
    const openMs = performance.now() - started;
    const after = await settledResidentKiB(server.pid);
    const latency = await runWrk({
      wrkPath,
      plan,
      url: server.url,
      testCase: latencyCase,
      seconds: Math.min(duration, LATENCY_SECONDS),
      connections: 1,
    });
    return {
      connections: sockets.length,
      failed,
      stillOpen: sockets.length - closedByServer,
      openMs: Math.round(openMs),
      rssBeforeKiB: before,
      rssAfterKiB: after,
      perConnectionKiB: sockets.length === 0 ? undefined : (after - before) / sockets.length,
      p50Us: latency.p50Us,
      p99Us: latency.p99Us,
      rps: latency.rps,
      // An idle connection that failed to open or was closed early invalidates the figures.
      errors: { ...latency.errors, idleFailed: failed, idleClosedEarly: closedByServer },
      errorCount: latency.errorCount + failed + closedByServer,
    };
  } finally {
    for (const socket of sockets) socket.destroy();
  }
}
