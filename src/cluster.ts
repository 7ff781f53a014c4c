/**
 * `--workers N`: N worker processes on node:cluster sharing the listening port. The primary
 * serves nothing: it forks the workers, prints the banner once the first one listens, restarts
 * a worker that dies, and on SIGINT/SIGTERM has every worker shut down gracefully, then exits 0.
 * A worker that cannot listen (port in use, not permitted) ends the whole group with its
 * one-line reason and exit code 1.
 *
 * Connections are spread by the kernel (SCHED_NONE: every worker accepts on the shared socket),
 * which costs less than the primary accepting and handing sockets over.
 */
import cluster, { type Worker } from 'node:cluster';

/** What a worker tells the primary. */
export type WorkerReport =
  | { readonly type: 'ferroserve:listening'; readonly address: string; readonly port: number }
  | { readonly type: 'ferroserve:failed'; readonly message: string };

/**
 * What the primary adds to the workers' grace before it exits: their removal of temporary upload
 * files (a worker whose primary left exits at once).
 */
const WORKER_EXIT_MARGIN_MS = 2000;

export function isWorker(): boolean {
  return cluster.isWorker;
}

/** Sends `report` to the primary; `sent` runs once it left (before a worker exits, say). */
/** What the primary tells a worker: finish what is in flight and exit. */
const SHUTDOWN_REQUEST = 'ferroserve:shutdown';

/** In a worker: `shutdown` runs when the primary asks for a graceful stop. */
export function onShutdownRequest(shutdown: () => void): void {
  process.on('message', (message: unknown) => {
    if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === SHUTDOWN_REQUEST) {
      shutdown();
    }
  });
}

export function reportToPrimary(report: WorkerReport, sent: () => void = () => undefined): void {
  if (process.send === undefined) sent();
  else process.send(report, undefined, undefined, () => sent());
}

export interface PrimaryOptions {
  readonly workers: number;
  /** The workers' shutdown grace (--shutdown-grace). */
  readonly graceMs: number;
  /** Prints the banner for the address the first worker listens on. */
  readonly announce: (address: string, port: number) => void;
  /** Ends the process with a one-line failure (exit code 1). */
  readonly fail: (message: string) => never;
}

export function runPrimary(options: PrimaryOptions): void {
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  let state: 'starting' | 'serving' | 'stopping' = 'starting';

  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.on('message', (report: WorkerReport) => {
      if (report.type === 'ferroserve:failed') {
        state = 'stopping';
        for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGKILL');
        options.fail(report.message);
      } else if (report.type === 'ferroserve:listening' && state === 'starting') {
        state = 'serving';
        options.announce(report.address, report.port);
      }
    });
    return worker;
  };

  cluster.on('exit', () => {
    if (state !== 'stopping') fork();
    else if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });

  const stop = (): void => {
    if (state === 'stopping') process.exit(0); // a second signal: at once
    state = 'stopping';
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(0);
    // A message, not a signal: after Ctrl-C the workers got SIGINT already, and to them a
    // second signal means "stop at once".
    for (const worker of workers) if (worker?.isConnected()) worker.send({ type: SHUTDOWN_REQUEST });
    setTimeout(() => process.exit(0), options.graceMs + WORKER_EXIT_MARGIN_MS).unref();
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);

  for (let i = 0; i < options.workers; i++) fork();
}
