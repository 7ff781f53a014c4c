/**
 * Runs the real CLI (`node bin/server.js ...`) as a child process, the way users start it, or the
 * library's createHandler inside node:http (node-http-host.mjs, same flags, same banner).
 * startServer waits for the one-line banner; runCli runs a command that is expected to exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SERVER_BIN = path.join(REPO_ROOT, 'bin', 'server.js');
export const NODE_HTTP_HOST = path.join(REPO_ROOT, 'test', 'e2e', 'node-http-host.mjs');

/** `ferroserve listening on http://HOST:PORT (directory: ABS_DIR, parser: NAME)`, maybe `https`, maybe a note after it. */
export const BANNER = /^ferroserve listening on (https?):\/\/(.+):(\d+) \(directory: (.+), parser: ([a-z-]+)\)(.*)$/;

export type Parser = 'native' | 'js';
export const PARSERS: readonly Parser[] = ['native', 'js'];
/** ferroserve's own server with each parser, and createHandler inside node:http. */
export type Transport = Parser | 'node-http';
export const TRANSPORTS: readonly Transport[] = [...PARSERS, 'node-http'];

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** How a child stands; `exited` holds how it ended. */
type ChildState = { readonly kind: 'running' } | { readonly kind: 'exited'; readonly exit: Exit };

export interface CliOptions {
  /** Extra environment; `undefined` removes a variable. PORT, HOST and FERROSERVE_PARSER start unset. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** Run createHandler inside node:http instead of the CLI. */
  readonly nodeHttp?: boolean;
  /**
   * A command the server is started through (`['setpriv', '--bounding-set=-all', '--']`); it
   * must exec node, so that the child's pid stays the server's.
   */
  readonly through?: readonly string[];
}

export interface StartOptions extends CliOptions {
  /** Arguments after `bin/server.js`. `--port 0` is prepended unless `--port` is given or `portFlag` is false. */
  readonly args?: readonly string[];
  readonly portFlag?: boolean;
  readonly startTimeoutMs?: number;
}

export interface RunningServer {
  readonly child: ChildProcess;
  readonly banner: string;
  readonly host: string;
  readonly port: number;
  readonly directory: string;
  readonly parser: string;
  readonly url: string;
  stdout(): string;
  stderr(): string;
  /** Resolves once the child has exited. */
  readonly exited: Promise<Exit>;
  isRunning(): boolean;
  /** Sends `signal` (SIGTERM by default), waits up to `timeoutMs`, then SIGKILLs. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<Exit & { readonly forced: boolean }>;
}

function childEnv(extra: CliOptions['env']): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.PORT;
  delete env.HOST;
  delete env.FERROSERVE_PARSER;
  for (const [name, value] of Object.entries(extra ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Children still running: killed if the test process exits first (a timed-out test must not leave a server behind). */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

function spawnCli(args: readonly string[], options: CliOptions): ChildProcess {
  const command = [...(options.through ?? []), process.execPath, options.nodeHttp ? NODE_HTTP_HOST : SERVER_BIN, ...args];
  const child = spawn(command[0], command.slice(1), {
    cwd: options.cwd ?? REPO_ROOT,
    env: childEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

function exitOf(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

export function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const given = options.args ?? [];
  const args = given.includes('--port') || options.portFlag === false ? [...given] : ['--port', '0', ...given];
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  const child = spawnCli(args, options);
  let stdout = '';
  let stderr = '';
  let state: ChildState = { kind: 'running' };
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = exitOf(child).then((exit) => {
    state = { kind: 'exited', exit };
    return exit;
  });

  return new Promise<RunningServer>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      if (state.kind === 'running') child.kill('SIGKILL');
      reject(new Error(`${why}\n  command: node bin/server.js ${args.join(' ')}\n  stdout: ${JSON.stringify(stdout)}\n  stderr: ${JSON.stringify(stderr)}`));
    };
    const timer = setTimeout(() => fail(`no banner within ${startTimeoutMs} ms`), startTimeoutMs);
    const onData = () => {
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      const banner = stdout.slice(0, newline).replace(/\r$/, '');
      const match = BANNER.exec(banner);
      if (!match) {
        fail(`the first stdout line is not the banner: ${JSON.stringify(banner)}`);
        return;
      }
      const [, scheme, host, port, directory, parser] = match;
      const server: RunningServer = {
        child,
        banner,
        host,
        port: Number(port),
        directory,
        parser,
        url: `${scheme}://${host}:${port}`,
        stdout: () => stdout,
        stderr: () => stderr,
        exited,
        isRunning: () => state.kind === 'running',
        async stop(signal = 'SIGTERM', timeoutMs = 5000) {
          if (state.kind === 'exited') return { ...state.exit, forced: false };
          child.kill(signal);
          let timer: NodeJS.Timeout | undefined;
          const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
          const first = await Promise.race([exited, timedOut]);
          clearTimeout(timer);
          if (first !== 'timeout') return { ...first, forced: false };
          child.kill('SIGKILL');
          return { ...(await exited), forced: true };
        },
      };
      resolve(server);
    };
    child.stdout!.on('data', onData);
    void exited.then((exit) => {
      if (!stdout.includes('\n')) fail(`the server exited before its banner (code ${exit.code}, signal ${exit.signal})`);
    });
    child.once('error', (error) => fail(`could not spawn the server: ${error.message}`));
  });
}

export interface CliResult extends Exit {
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI to completion (bounded: SIGKILL after `timeoutMs`, reported as a failure). */
export async function runCli(args: readonly string[], options: CliOptions & { timeoutMs?: number } = {}): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const child = spawnCli(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const closed = new Promise<Exit>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const first = await Promise.race([closed, timedOut]);
  clearTimeout(timer);
  if (first === 'timeout') {
    child.kill('SIGKILL');
    await closed;
    throw new Error(`node bin/server.js ${args.join(' ')} did not exit within ${timeoutMs} ms; stdout ${JSON.stringify(stdout)}, stderr ${JSON.stringify(stderr)}`);
  }
  return { ...first, stdout, stderr };
}
