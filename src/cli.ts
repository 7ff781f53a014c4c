/**
 * `npx server` / `npx ferroserve`: options, environment, help, exit codes. No server logic.
 *
 * Exit codes: 0 after a clean shutdown (SIGINT, SIGTERM), --help and --version; 2 for bad
 * usage; 1 for runtime failures (directory missing, port in use or not permitted, the native
 * parser forced but unavailable). Every failure is one line on stderr, never a stack trace.
 */
import { Command, CommanderError, Option } from 'commander';
import { createRequire } from 'node:module';
import os from 'node:os';
import { isWorker, onShutdownRequest, reportToPrimary, runPrimary } from './cluster.js';
import { buildConfig, type Config, OPTIONS, type RawOptions, UsageError } from './options.js';
import { sweepStaleTemporaries } from './files/stale-temporaries.js';
import { bannerLines, openWritesWarning } from './server/banner.js';
import { FerroServer } from './server/server.js';
import { chooseWire, loadTls, openAccessLog, openTree, StartupError } from './server/setup.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** A runtime failure: one line on stderr, exit code 1. */
class RuntimeFailure extends StartupError {}

const EXAMPLES = `
Examples:
  $ npx server --directory ./public
      serve ./public on http://127.0.0.1:4221
  $ npx server --directory /srv/files --port 8080 --host 0.0.0.0
      listen on every interface, port 8080
  $ npx server --port 0
      pick a free port (printed on start); /files/ answers 404 without --directory
  $ PORT=9000 FERROSERVE_PARSER=js npx server --directory .
      settings from the environment; flags win over them
  $ curl -i http://127.0.0.1:4221/echo/hello
  $ curl -i --data-binary @photo.jpg http://127.0.0.1:4221/files/photo.jpg

  $ npx server --directory ./site --files-mount / --spa --cors
      a single-page app for a front-end on another port
  $ npx server --directory ./drop --host 0.0.0.0 --auth me:secret --log combined
      a file drop on the LAN, with credentials and an access log
  $ npx server --directory . --read-only --tls-cert cert.pem --tls-key key.pem
      HTTPS, downloads only

Environment: PORT, HOST, FERROSERVE_PARSER (native|js), FERROSERVE_AUTH (user:password), NO_COLOR.
Flags beat environment, which beats defaults.`;

/** `--help`'s line for an option of the table: what it does, its default, its variable. */
function helpLine(option: (typeof OPTIONS)[number]): string {
  const notes: string[] = [];
  const fallback = option.default;
  if (fallback !== null && fallback !== false && fallback !== 'auto') {
    notes.push(`default: ${option.key === 'maxBody' ? '1g' : String(fallback)}`);
  }
  if (option.env !== undefined) notes.push(`env ${option.env}`);
  return notes.length === 0 ? option.description : `${option.description} (${notes.join(', ')})`;
}

function program(): Command {
  const command = new Command()
    .name('ferroserve')
    .description('A fast, strict, safe HTTP/1.1 file server (routes: /, /echo/{str}, /user-agent, /files/{name}).');
  for (const option of OPTIONS) command.addOption(new Option(option.flag, helpLine(option)));
  return command
    .option('-v, --version', 'print the version and the active parser')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', EXAMPLES)
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
}

/** Parses the command line; throws UsageError, or exits 0 for --help. */
function parseArguments(argv: readonly string[]): RawOptions & { version?: boolean } {
  const command = program();
  try {
    command.parse(argv as string[], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) process.exit(0); // --help: commander already printed it
      throw new UsageError(error.message.replace(/^error: /, ''));
    }
    throw error;
  }
  return command.opts();
}

function listenFailure(error: NodeJS.ErrnoException, config: Config): RuntimeFailure {
  const where = `${config.host}:${config.port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return new RuntimeFailure(`${where} is already in use (try another --port, or --port 0)`);
    case 'EACCES':
    case 'EPERM':
      return new RuntimeFailure(`not permitted to listen on ${where} (ports below 1024 need privileges)`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new RuntimeFailure(`cannot listen on ${where}: no such local address`);
    default:
      return new RuntimeFailure(`cannot listen on ${where}: ${error.code ?? error.message}`);
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const options = parseArguments(argv);
  const config = buildConfig(options, process.env, process.cwd(), os.availableParallelism());
  const wire = chooseWire(config.parser);
  if (options.version === true) {
    process.stdout.write(`ferroserve ${version} (parser: ${wire.name})\n`);
    return;
  }
  const tree = openTree(config.directory);
  const tls = loadTls(config);
  const scheme = tls === null ? 'http' : 'https';
  // The default port is a suggestion: busy, another is taken. A port the user asked for is not.
  const portExplicit = options.port !== undefined || (process.env.PORT ?? '') !== '';
  let portNote = '';
  const announce = (host: string, port: number): void => {
    const [first, ...others] = bannerLines(scheme, host, port, os.networkInterfaces());
    process.stdout.write(
      `ferroserve listening on ${first} (directory: ${tree?.root ?? 'none'}, parser: ${wire.name})${portNote}\n` +
        others.map((url) => `  also on ${url}\n`).join(''),
    );
    // After the banner (its line comes first), in the background, once per group of workers.
    if (tree !== null) sweepInBackground(tree.root, config.dotfiles);
  };
  const warning = openWritesWarning(config);
  if (warning !== null && !isWorker()) process.stderr.write(`ferroserve: warning: ${warning}\n`);
  if (config.workers > 1 && !isWorker()) {
    runPrimary({ workers: config.workers, graceMs: config.shutdownGraceMs, announce, fail: (message) => fail(new RuntimeFailure(message)) });
    return;
  }
  const log = openAccessLog(config, process.stdout.isTTY === true, process.env);
  const server = new FerroServer({ options: config, wire, tree, log, tls });
  let address;
  try {
    try {
      address = await server.listen(config.port, config.host);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || portExplicit || isWorker()) throw error;
      address = await server.listen(0, config.host);
      portNote = ` -- PORT ${config.port} IS BUSY: listening on ${address.port} instead`;
    }
  } catch (error) {
    const failure = listenFailure(error as NodeJS.ErrnoException, config);
    if (!isWorker()) throw failure;
    // The primary prints the one line for the whole group.
    reportToPrimary({ type: 'ferroserve:failed', message: failure.message }, () => process.exit(1));
    return;
  }
  // Signal handlers go in before the banner: whoever reads the banner may signal at once.
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    server
      .shutdown(config.shutdownGraceMs)
      .then(() => log?.writer.close())
      .then(() => process.exit(0));
  };
  // A second signal while draining ends at once (temporary upload files are still removed, in
  // the 'exit' hook of live-temporaries.ts).
  const onSignal = (): void => (stopping ? process.exit(0) : shutdown());
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  if (isWorker()) onShutdownRequest(shutdown);
  if (isWorker()) reportToPrimary({ type: 'ferroserve:listening', address: address.address, port: address.port });
  else announce(address.address, address.port);
}

/** Removes what a crashed ferroserve left of its uploads; one line when it removed something. */
function sweepInBackground(root: string, dotfiles: boolean): void {
  void sweepStaleTemporaries(root, { dotfiles }).then(({ removed }) => {
    if (removed.length === 0) return;
    const what = removed.length === 1 ? 'temporary upload file' : 'temporary upload files';
    process.stdout.write(`ferroserve: removed ${removed.length} stale ${what} left by a process that is gone (${removed[0]}${removed.length > 1 ? ', ...' : ''})\n`);
  });
}

function fail(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`ferroserve: ${message}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
}

// A fault in ferroserve itself must not take every connection down with one request: it is
// reported in one line and the server goes on.
process.on('uncaughtException', (error) => {
  process.stderr.write(`ferroserve: internal error: ${error.message}\n`);
});

main(process.argv.slice(2)).catch(fail);
