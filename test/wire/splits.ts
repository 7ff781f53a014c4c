/**
 * The ways a test feeds one input to drive.ts besides all at once: cut in two at every position,
 * and one byte at a time. Long inputs (the default-limit rows) get a sample of cut positions and
 * small chunks instead, so that every test stays well under a second.
 */
import { everyByte } from './drive.js';

const LONG = 2048;

/** Single cut positions to try: all of them, or for long inputs the edges and a stride. */
export function cutPositions(length: number): number[] {
  if (length <= LONG) return everyByte(length);
  const positions = new Set<number>();
  for (let p = 1; p < 64; p++) positions.add(p);
  for (let p = length - 64; p < length; p++) positions.add(p);
  for (let p = 64; p < length - 64; p += 257) positions.add(p);
  return [...positions].filter((p) => p > 0 && p < length).sort((a, b) => a - b);
}

/** Cuts for a trickle: every byte, or for long inputs every 61 bytes. */
export function trickleCuts(length: number): number[] {
  if (length <= LONG) return everyByte(length);
  const cuts: number[] = [];
  for (let p = 61; p < length; p += 61) cuts.push(p);
  return cuts;
}
