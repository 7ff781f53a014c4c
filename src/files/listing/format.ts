/** How sizes and times read in the HTML listing. */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** Binary units: '512 B', '1.2 KiB', '34 MiB'; one decimal below 10, whole numbers above. */
export function humanSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${value} B`;
  // Rounding may reach the next unit: 1048575 B is 1023.999 KiB, shown as 1.0 MiB.
  if (value >= 1023.5 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = value < 9.95 ? value.toFixed(1) : String(Math.round(value));
  return `${shown} ${UNITS[unit]}`;
}

/** '2026-12-01 14:03': UTC to the minute, sortable, the same for every reader. */
export function utcMinute(mtimeMs: number): string {
  return new Date(mtimeMs).toISOString().slice(0, 16).replace('T', ' ');
}
