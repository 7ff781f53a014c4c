/**
 * The temporary upload files this process has on disk right now, so that none survives it: a
 * graceful shutdown removes them (`close`), and a process that exits any other way
 * (`process.exit` after a second signal, a cluster worker whose primary left) removes what is
 * still listed synchronously in its 'exit' hook, the last moment code runs.
 *
 * An upload registers a path before it creates the file (`creating`), so that a creation still
 * in flight at shutdown is waited for and then removed, and forgets it once the file was renamed
 * into place or deleted (`gone`). Once closed, no new temporary may be created: `creating` says
 * so and the upload answers 503.
 */
import { unlink, unlinkSync } from 'node:fs';

type Lifecycle =
  | { readonly kind: 'open' }
  /** Closing: waiting for creations in flight, then removing every listed file. */
  | { readonly kind: 'closing'; readonly done: Promise<void> };

/** How long `close` waits for creations in flight (an open(2) each) before removing anyway. */
const CREATION_WAIT_MS = 1000;

/** Every registry of the process, for the 'exit' hook (installed once). */
const registries = new Set<LiveTemporaries>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const registry of registries) registry.removeAllSync();
  });
}

export class LiveTemporaries {
  private lifecycle: Lifecycle = { kind: 'open' };
  /** Path -> whether its creation is still in flight. */
  private readonly live = new Map<string, 'creating' | 'created'>();
  private creationsSettled: (() => void) | null = null;

  constructor() {
    registries.add(this);
    installExitHook();
  }

  /** Registers `path` before it is created; false once closing (create nothing then). */
  creating(path: string): boolean {
    if (this.lifecycle.kind !== 'open') return false;
    this.live.set(path, 'creating');
    return true;
  }

  /** The creation of `path` ended: the file exists (`exists`), or it was not made (EEXIST: someone else's). */
  created(path: string, exists: boolean): void {
    if (exists) this.live.set(path, 'created');
    else this.live.delete(path);
    if (this.creationsSettled !== null && !this.hasCreations()) this.creationsSettled();
  }

  /** `path` was renamed into place or deleted: it is no temporary of ours any more. */
  gone(path: string): void {
    this.live.delete(path);
  }

  /** How many paths are listed. */
  get size(): number {
    return this.live.size;
  }

  /**
   * No new temporary from now on; waits for creations in flight (up to CREATION_WAIT_MS), then
   * removes every listed file. Uploads still writing to one then fail, as their connection is
   * gone by then.
   */
  close(): Promise<void> {
    if (this.lifecycle.kind === 'closing') return this.lifecycle.done;
    const done = this.waitForCreations().then(() => this.removeAll());
    this.lifecycle = { kind: 'closing', done };
    return done;
  }

  /** Removes what is listed, synchronously: the last resort before the process exits. */
  removeAllSync(): void {
    for (const path of this.live.keys()) {
      try {
        unlinkSync(path);
      } catch {
        // Gone already, or not ours to remove any more: nothing else can be done at exit.
      }
    }
    this.live.clear();
  }

  private hasCreations(): boolean {
    for (const state of this.live.values()) if (state === 'creating') return true;
    return false;
  }

  private waitForCreations(): Promise<void> {
    if (!this.hasCreations()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(finish, CREATION_WAIT_MS);
      function finish(): void {
        clearTimeout(timer);
        resolve();
      }
      this.creationsSettled = finish;
    });
  }

  private removeAll(): Promise<void> {
    const paths = [...this.live.keys()];
    return Promise.all(
      paths.map(
        (path) =>
          new Promise<void>((resolve) =>
            unlink(path, () => {
              // A creation still in flight stays listed: the 'exit' hook removes it if it lands.
              if (this.live.get(path) === 'created') this.live.delete(path);
              resolve();
            }),
          ),
      ),
    ).then(() => undefined);
  }
}
