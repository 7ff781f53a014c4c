// The least-squares slope of samples, and the table the soak prints.

/** Slope of y over x (least squares); NaN with fewer than two distinct x. */
export function slope(points) {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? NaN : num / den;
}

/** Samples taken in the second half of the run (by time), where start-up growth is over. */
export function secondHalf(samples, durationMs) {
  return samples.filter((s) => s.atMs >= durationMs / 2);
}

export const mib = (kib) => kib / 1024;

/** One line per sample: elapsed time, RSS, descriptors, requests answered so far. */
export function sampleLine(sample) {
  return `${(sample.atMs / 1000).toFixed(0).padStart(6)} s  ${mib(sample.rssKiB).toFixed(1).padStart(8)} MiB  ${String(sample.fds).padStart(6)} fds  ${String(sample.requests).padStart(10)} requests`;
}

export const SAMPLE_HEADER = `${'time'.padStart(8)}  ${'RSS'.padStart(12)}  ${'fds'.padStart(10)}  ${'answered'.padStart(19)}`;
