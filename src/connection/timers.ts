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
