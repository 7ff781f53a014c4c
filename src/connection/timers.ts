/**
 * A connection's one timer (the server sweeps every connection periodically instead of
 * keeping a Node timer per connection): which kind runs and when it is due.
 */

/** No timer runs. */
export const TIMER_NONE = 0;
/** Keep-alive connection with nothing in flight: closed silently when it fires. */
export const TIMER_IDLE = 1;
/** Part of a head arrived: 408 and close when it fires (slowloris). */
export const TIMER_HEAD = 2;
/** A body is expected and nothing arrived for a while: 408 (uploads) and close. */
export const TIMER_BODY = 3;
/** Closing: waiting for the peer to close after our FIN; destroyed when it fires. */
export const TIMER_LINGER = 4;
export type TimerKind =
  | typeof TIMER_NONE
  | typeof TIMER_IDLE
  | typeof TIMER_HEAD
  | typeof TIMER_BODY
  | typeof TIMER_LINGER;

export class ConnectionTimer {
  kind: TimerKind = TIMER_NONE;
  private deadline = 0;

  set(kind: TimerKind, deadline: number): void {
    this.kind = kind;
    this.deadline = deadline;
  }

  /** The kind that is due at `now` (and stops it), or TIMER_NONE. */
  due(now: number): TimerKind {
    const kind = this.kind;
    if (kind === TIMER_NONE || now < this.deadline) return TIMER_NONE;
    this.kind = TIMER_NONE;
    return kind;
  }
}

/**
 * The send timeout (nginx's `send_timeout`): whether the bytes a connection has to send make
 * progress. Looked at by the server's sweep: a backlog (bytes the socket holds because the
 * client does not read them) that has not shrunk, and no 'drain' since, for `timeoutMs` is a
 * stall. The backlog is Node's count of bytes not yet handed to the kernel, so progress is seen
 * at the granularity of the writes (up to 256 KiB of a file), and always at a 'drain'.
 */
type SendProgress =
  /** Nothing waits to be sent (or it just drained). */
  | { readonly kind: 'flowing' }
  /** `backlog` bytes waited at the last look; no progress since `since`. */
  | { readonly kind: 'waiting'; readonly since: number; backlog: number };

const FLOWING: SendProgress = { kind: 'flowing' };

export class SendWatch {
  private progress: SendProgress = FLOWING;

  /** The socket drained: what was waiting was sent. */
  drained(): void {
    this.progress = FLOWING;
  }

  /** Whether `backlog` bytes have been waiting without progress for `timeoutMs` at `now`. */
  stalled(backlog: number, now: number, timeoutMs: number): boolean {
    const progress = this.progress;
    if (backlog === 0) {
      this.progress = FLOWING;
      return false;
    }
    if (progress.kind === 'flowing' || backlog < progress.backlog) {
      this.progress = { kind: 'waiting', since: now, backlog };
      return false;
    }
    progress.backlog = backlog;
    return now - progress.since >= timeoutMs;
  }
}
