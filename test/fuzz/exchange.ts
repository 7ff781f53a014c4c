/**
 * One fuzz exchange over a real socket: the input, then the marker request on the same
 * connection, and every answer until the marker's echo arrives, the server closes, or the
 * deadline passes (then the exchange is a hang: the server's own timeouts should have closed it).
 */
import net from 'node:net';
import { parseResponse, type RawResponse } from '../e2e/raw-client.js';
import { MARKER_PREFIX, markerRequest } from './marker.js';

/** How the exchange ended, as the client saw it. */
export type Ending =
  | { readonly kind: 'marker-answered' }
  | { readonly kind: 'closed' }
  | { readonly kind: 'hang' }
  | { readonly kind: 'garbled'; readonly why: string };

export interface Answer {
  readonly status: number;
  readonly closes: boolean;
  readonly body: string;
}

export interface Outcome {
  readonly answers: readonly Answer[];
  readonly ending: Ending;
}

export interface ExchangeOptions {
  readonly port: number;
  readonly id: number;
  readonly input: Buffer;
  /** Sizes of the pieces the input is written in (the rest goes in one piece); empty: one write. */
  readonly pieces: readonly number[];
  readonly deadlineMs: number;
}

const answerOf = (response: RawResponse): Answer => ({
  status: response.status,
  closes: (response.headers.find(([name]) => name.toLowerCase() === 'connection')?.[1] ?? '').toLowerCase().includes('close'),
  body: response.body.toString('latin1', 0, Math.min(response.body.length, 200)),
});

function splitInput(input: Buffer, pieces: readonly number[]): Buffer[] {
  const parts: Buffer[] = [];
  let at = 0;
  for (const size of pieces) {
    if (at >= input.length) break;
    parts.push(input.subarray(at, at + size));
    at += size;
  }
  if (at < input.length) parts.push(input.subarray(at));
  return parts;
}

export function exchange(options: ExchangeOptions): Promise<Outcome> {
  const marker = `${MARKER_PREFIX}${options.id}`;
  return new Promise((resolve) => {
    const socket = net.connect({ port: options.port, host: '127.0.0.1' });
    socket.setNoDelay(true);
    const answers: Answer[] = [];
    let received = Buffer.alloc(0);
    let consumed = 0;
    let settled = false;
    const finish = (ending: Ending) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ answers, ending });
    };
    const timer = setTimeout(() => finish({ kind: 'hang' }), options.deadlineMs);
    /** Parses what arrived; true once the marker's echo is among the answers. */
    const drain = (atEof: boolean): boolean => {
      for (;;) {
        const step = parseResponse(received, consumed, 'by-headers', atEof);
        if (step.kind === 'partial') return false;
        consumed = step.next;
        const answer = answerOf(step.response);
        answers.push(answer);
        if (answer.body === marker) return true;
        if (consumed >= received.length) return false;
      }
    };
    const onBytes = (atEof: boolean) => {
      try {
        if (drain(atEof)) finish({ kind: 'marker-answered' });
        else if (atEof) finish(consumed < received.length ? { kind: 'garbled', why: 'bytes after the last answer' } : { kind: 'closed' });
      } catch (error) {
        finish({ kind: 'garbled', why: (error as Error).message });
      }
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      onBytes(false);
    });
    // A reset after the server's answer is how some closes look (unread input discarded): the answers read so far stand.
    socket.on('error', () => onBytes(true));
    socket.on('close', () => onBytes(true));
    socket.once('connect', async () => {
      const parts = [...splitInput(options.input, options.pieces), markerRequest(options.id)];
      for (const part of parts) {
        if (settled || socket.destroyed) return;
        await new Promise<void>((done) => socket.write(part, () => done()));
      }
    });
  });
}
