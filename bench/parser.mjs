// Parser micro-benchmark: `npm run bench:parser` (add `-- --json` for the same figures as JSON).
//
// Measures, per request, the native wire (crates/wire through the addon, crossing included),
// its TypeScript twin and, as the anchor, Node's own llhttp binding fed the same bytes, on the
// samples of bench/samples: (a) curl GET, (b) browser GET, (c) POST with a 1 KiB body, (d) 16
// pipelined copies of (b) in one buffer. Then the same with every field read as a JS string,
// the response writers, and the chunked decoders. bench/RESULTS.md records a run.
//
// Options: --json, --no-build (skip `npm run build`, e.g. when it just ran), --time=MS per task,
// --rounds=N (each table is measured N times, tasks interleaved; the best median is kept, since
// on a shared machine interference only ever adds time).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { Bench } from 'tinybench';

const args = new Set(process.argv.slice(2));
const asJson = args.has('--json');
const timeArg = process.argv.find((arg) => arg.startsWith('--time='));
const TASK_TIME_MS = timeArg ? Number(timeArg.slice('--time='.length)) : 300;
const roundsArg = process.argv.find((arg) => arg.startsWith('--rounds='));
const ROUNDS = roundsArg ? Number(roundsArg.slice('--rounds='.length)) : 3;
const root = new URL('../', import.meta.url);

if (!args.has('--no-build')) {
  // The figures are of release builds of the current sources. The build's output goes to
  // stderr so that stdout holds only the results (the JSON with --json).
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (build.status !== 0) fail('the build failed (see above)');
}

const { jsWire } = await import('../dist/wire/js/index.js');
const { loadNativeAddon, nativeWireFrom, PRODUCT_PARTS } = await import('../dist/wire/native.js');
const L = await import('../dist/wire/layout.js');
const addonLoad = loadNativeAddon();
if (!addonLoad.ok) fail(`the native addon is required: ${addonLoad.reason}`);
const addon = addonLoad.addon;
const nativeWire = nativeWireFrom(addon, PRODUCT_PARTS);
const { HTTPParser } = createRequire(import.meta.url)('_http_common');

function fail(message) {
  process.stderr.write(`bench:parser: ${message}\n`);
  process.exit(1);
}

// ---- samples ---------------------------------------------------------------------------------

const sample = (name) => readFileSync(new URL(`samples/${name}`, import.meta.url));
const browser = sample('b-browser-get.http');
const SAMPLES = [
  { id: 'a', label: 'curl GET', buf: sample('a-curl-get.http'), requests: 1 },
  { id: 'b', label: 'browser GET', buf: browser, requests: 1 },
  { id: 'c', label: 'POST 1 KiB body', buf: sample('c-post-1k.http'), requests: 1 },
  { id: 'd', label: '16 x (b) pipelined', buf: Buffer.concat(Array(16).fill(browser)), requests: 16 },
];

/** `out` with the default limits and room for all 16 pipelined records in one call. */
function newOut() {
  const out = new Uint32Array(L.RECORDS_START + 17 * (L.REC_FIXED + L.HEADER_WORDS * L.DEFAULT_MAX_HEADERS));
  out[L.C_MAX_HEAD] = L.DEFAULT_MAX_HEAD;
  out[L.C_MAX_TARGET] = L.DEFAULT_MAX_TARGET;
  out[L.C_MAX_HEADERS] = L.DEFAULT_MAX_HEADERS;
  out[L.C_FLAGS] = 0;
  out[L.C_CAPACITY] = out.length;
  return out;
}

// Each parser gets its own instance of the driver module (see bench/parser-drive.mjs).
const drivers = {
  native: await import('./parser-drive.mjs?native'),
  js: await import('./parser-drive.mjs?js'),
};

/** Node's own parser, with callbacks that only count. Its callbacks receive strings already. */
function llhttpRunner() {
  const parser = new HTTPParser();
  parser.initialize(HTTPParser.REQUEST, {});
  let heads = 0;
  parser[HTTPParser.kOnHeadersComplete] = () => {
    heads++;
    return 0;
  };
  parser[HTTPParser.kOnHeaders] = () => {};
  parser[HTTPParser.kOnBody] = () => {};
  parser[HTTPParser.kOnMessageComplete] = () => {};
  return (buf) => {
    const before = heads;
    const result = parser.execute(buf);
    if (result !== buf.length) throw new Error(`llhttp: ${result instanceof Error ? result.message : result}`);
    return heads - before;
  };
}

// ---- checks before timing --------------------------------------------------------------------

for (const { id, buf, requests } of SAMPLES) {
  const outs = {};
  for (const name of ['native', 'js']) {
    const out = newOut();
    const parsed = drivers[name].drain(name === 'native' ? nativeWire.parse : jsWire.parse, buf, out, 'slices');
    if (parsed !== requests) fail(`${name} parsed ${parsed} requests of sample ${id}, expected ${requests}`);
    outs[name] = out;
  }
  if (!outs.native.every((word, i) => word === outs.js[i])) fail(`native and js disagree on sample ${id}`);
  const parsed = llhttpRunner()(buf);
  if (parsed !== requests) fail(`llhttp parsed ${parsed} requests of sample ${id}, expected ${requests}`);
}

// ---- timing ----------------------------------------------------------------------------------

/** Calls per timed sample: enough that one sample lasts ~50-200 µs, far above timer noise. */
const BATCH = 256;

/**
 * Runs the tasks ROUNDS times; returns, per task, the best of its median ns per unit (one timed
 * sample = `batch` calls of fn, each doing `units` units).
 */
async function measure(tasks) {
  const best = new Map(tasks.map((task) => [task.name, Infinity]));
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ time: TASK_TIME_MS, warmupTime: Math.min(200, TASK_TIME_MS), throws: true });
    for (const task of tasks) {
      const batch = task.batch ?? BATCH;
      bench.add(task.name, () => {
        for (let i = 0; i < batch; i++) task.fn();
      });
    }
    await bench.run();
    bench.tasks.forEach((task, i) => {
      const perUnit = (task.result.latency.p50 * 1e6) / ((tasks[i].batch ?? BATCH) * tasks[i].units);
      best.set(task.name, Math.min(best.get(task.name), perUnit));
    });
  }
  return best;
}

const ratio = (a, b) => Math.round((a / b) * 100) / 100;
const ns = (value) => Math.round(value);

async function parseTable(fields) {
  const rows = [];
  for (const { id, label, buf, requests } of SAMPLES) {
    const tasks = [];
    for (const name of ['native', 'js']) {
      const out = newOut();
      const parse = name === 'native' ? nativeWire.parse : jsWire.parse;
      const { drain } = drivers[name];
      tasks.push({ name, units: requests, fn: () => drain(parse, buf, out, fields) });
    }
    const run = llhttpRunner();
    tasks.push({ name: 'llhttp', units: requests, fn: () => run(buf) });
    const t = await measure(tasks);
    rows.push({
      sample: id,
      label,
      bytes: buf.length,
      requests,
      ns: { native: ns(t.get('native')), js: ns(t.get('js')), llhttp: ns(t.get('llhttp')) },
      jsOverNative: ratio(t.get('js'), t.get('native')),
      llhttpOverNative: ratio(t.get('llhttp'), t.get('native')),
    });
  }
  return rows;
}

async function crossing() {
  // parse over an empty range: the Node-API call, its argument checks and an immediate DONE.
  const out = newOut();
  const buf = SAMPLES[0].buf;
  const t = await measure([
    { name: 'native', units: 1, fn: () => nativeWire.parse(buf, 0, 0, out) },
    { name: 'js', units: 1, fn: () => jsWire.parse(buf, 0, 0, out) },
  ]);
  return { native: ns(t.get('native')), js: ns(t.get('js')) };
}

const WRITER_CASES = [
  {
    id: 'file-head',
    label: '200, 3 headers, Content-Length, no body',
    args: [200, ['Content-Type', 'text/html; charset=utf-8', 'Last-Modified', 'Tue, 24 Nov 2026 10:00:00 GMT', 'ETag', '"5f3a-18c2b"'], 23_456],
  },
  { id: 'echo', label: '200, 1 header, 3-byte body', args: [200, ['Content-Type', 'text/plain'], -1, Buffer.from('abc')] },
  { id: 'not-found', label: '404, no headers, Content-Length 0', args: [404, [], 0] },
  {
    id: 'body-4k',
    label: '200, 3 headers, 4 KiB body',
    args: [200, ['Content-Type', 'application/octet-stream', 'Last-Modified', 'Tue, 24 Nov 2026 10:00:00 GMT', 'ETag', '"1000-18c2b"'], -1, Buffer.alloc(4096, 0x61)],
  },
];

async function writerTable() {
  const rows = [];
  for (const { id, label, args: callArgs } of WRITER_CASES) {
    if (!addon.writeResponse(...callArgs).equals(jsWire.writeResponse(...callArgs))) fail(`the writers disagree on ${id}`);
    const t = await measure([
      { name: 'native', units: 1, fn: () => addon.writeResponse(...callArgs) },
      { name: 'js', units: 1, fn: () => jsWire.writeResponse(...callArgs) },
    ]);
    rows.push({ case: id, label, ns: { native: ns(t.get('native')), js: ns(t.get('js')) }, jsOverNative: ratio(t.get('js'), t.get('native')) });
  }
  return rows;
}

/** Chunked bodies of several shapes, fed in socket-sized reads: ns per body, decoder included. */
const CHUNKED_CASES = [
  { id: '64k-1k', label: '64 KiB in 1 KiB chunks, 16 KiB reads', size: 64 * 1024, chunk: 1024, read: 16 * 1024 },
  { id: '1m-64k', label: '1 MiB in 64 KiB chunks, 64 KiB reads', size: 1024 * 1024, chunk: 64 * 1024, read: 64 * 1024 },
  { id: '4k-16', label: '4 KiB in 16-byte chunks, one read', size: 4096, chunk: 16, read: 1 << 30 },
];

function chunkedBody(size, chunk) {
  const piece = `${chunk.toString(16)}\r\n${'x'.repeat(chunk)}\r\n`;
  return Buffer.from(`${piece.repeat(size / chunk)}0\r\n\r\n`);
}

async function chunkedTable() {
  const out = new Uint32Array(L.D_SPANS_START + 2 * 512);
  const options = { maxHeaders: L.DEFAULT_MAX_HEADERS, maxHeadBytes: L.DEFAULT_MAX_HEAD, lenientBareLf: false };
  const rows = [];
  for (const { id, label, size, chunk, read } of CHUNKED_CASES) {
    const body = chunkedBody(size, chunk);
    const decodeBody = (wire) => {
      const decoder = wire.createChunkedDecoder(options);
      let status = L.DECODE_NEED_MORE;
      let data = 0;
      for (let start = 0; start < body.length && status === L.DECODE_NEED_MORE; ) {
        status = decoder.decode(body, start, Math.min(body.length, start + read), out);
        start = out[L.D_CONSUMED];
        for (let i = 0, n = out[L.D_SPAN_COUNT]; i < n; i++) data += out[L.D_SPANS_START + 2 * i + 1];
      }
      if (status !== L.DECODE_DONE || data !== size) throw new Error(`chunked ${id}: status ${status}, ${data} bytes`);
    };
    const native = { createChunkedDecoder: (o) => new addon.ChunkedDecoder(o.maxHeaders, o.maxHeadBytes, o.lenientBareLf) };
    decodeBody(native);
    decodeBody(jsWire);
    // A body is far longer than a head: 1/8 of a batch of bodies per timed sample.
    const t = await measure([
      { name: 'native', units: 1, batch: BATCH / 8, fn: () => decodeBody(native) },
      { name: 'js', units: 1, batch: BATCH / 8, fn: () => decodeBody(jsWire) },
    ]);
    rows.push({ case: id, label, ns: { native: ns(t.get('native')), js: ns(t.get('js')) }, jsOverNative: ratio(t.get('js'), t.get('native')) });
  }
  return rows;
}

function machine() {
  const cpuModel = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return { nproc: availableParallelism(), node: process.version, cpu: cpuModel };
}

const results = {
  command: `npm run bench:parser${asJson ? ' -- --json' : ''}`,
  date: new Date().toISOString().slice(0, 10),
  machine: machine(),
  taskTimeMs: TASK_TIME_MS,
  rounds: ROUNDS,
  statistic: 'best of the rounds\' medians of batches; ns per request (per call for the writer, per body for chunked)',
  crossing: await crossing(),
  parse: await parseTable('offsets'),
  parseEveryFieldAsString: await parseTable('slices'),
  parseEveryFieldFromOneHeadString: await parseTable('head'),
  writer: await writerTable(),
  chunked: await chunkedTable(),
};

if (asJson) {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} else {
  const { machine: m } = results;
  console.log(`ferroserve parser benchmark, ${results.date}; ${m.cpu}, ${m.nproc} cores, Node ${m.node}`);
  console.log(`${results.statistic}\n`);
  console.log(`empty parse call (crossing only): native ${results.crossing.native} ns, js ${results.crossing.js} ns\n`);
  const parseRows = (title, rows) => {
    console.log(title);
    console.table(rows.map((r) => ({ sample: `(${r.sample}) ${r.label}`, native: r.ns.native, js: r.ns.js, llhttp: r.ns.llhttp, 'js/native': r.jsOverNative, 'llhttp/native': r.llhttpOverNative })));
  };
  parseRows('parse, offsets only (llhttp makes strings regardless)', results.parse);
  parseRows('parse + every field as a string, one latin1Slice per field', results.parseEveryFieldAsString);
  parseRows('parse + every field as a string, one latin1 string per head + substrings', results.parseEveryFieldFromOneHeadString);
  console.log('response writer, ns per call');
  console.table(results.writer.map((r) => ({ case: r.label, native: r.ns.native, js: r.ns.js, 'js/native': r.jsOverNative })));
  console.log('chunked decoder, ns per body');
  console.table(results.chunked.map((r) => ({ case: r.label, native: r.ns.native, js: r.ns.js, 'js/native': r.jsOverNative })));
}
