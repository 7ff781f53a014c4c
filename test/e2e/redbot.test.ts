/**
 * REDbot (redbot.org's linter of HTTP semantics against the RFCs) on what ferroserve serves: a
 * text file, an HTML page and a 5 MiB binary. With --date: no BAD and no WARN note. Without it
 * (the challenge's default, which forbids Date), only the notes about the missing Date.
 * CI installs REDbot (.ci/run); elsewhere the suite runs where `redbot` is on the PATH.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { serveFixture } from './harness.js';

function hasRedbot(): boolean {
  return spawnSync('redbot', ['--help'], { stdio: 'ignore' }).status === 0;
}

if (process.env.CI === 'true' && !hasRedbot()) throw new Error('REDbot is required in CI (.ci/run installs it)');

interface Note {
  readonly level: string;
  readonly summary: string;
}

/** REDbot's BAD and WARN notes on `url` (its HAR output lists them per exchange). */
function problems(url: string): Note[] {
  const har = execFileSync('redbot', ['-o', 'har', url], { encoding: 'utf8', timeout: 60_000 });
  const entries = (JSON.parse(har) as { log: { entries: { _red_messages?: Note[] }[] } }).log.entries;
  return entries.flatMap((entry) => entry._red_messages ?? []).filter((note) => note.level === 'BAD' || note.level === 'WARN');
}

// A text file, an HTML page, a 5 MiB binary, a folder listing and the front page. (On a file of a few bytes REDbot's own range probe
// covers the whole file and it notes that the 206 is as long as the 200: a property of the probe.)
const TARGETS = ['/files/data.json', '/files/story.txt', '/files/page.html', '/files/big.bin', '/files/', '/'];

describe.skipIf(!hasRedbot())('REDbot', () => {
  describe('with --date', () => {
    const suite = serveFixture('native', { args: ['--date'] });
    test.each(TARGETS)('%s: no BAD or WARN note', (target) => {
      expect(problems(`${suite.server.url}${target}`)).toEqual([]);
    }, 60_000);
  });

  describe('without --date', () => {
    const suite = serveFixture('native');
    test.each(TARGETS)('%s: only the missing Date is noted', (target) => {
      const notes = problems(`${suite.server.url}${target}`);
      expect(notes.length).toBeGreaterThan(0);
      for (const note of notes) expect(note.summary).toMatch(/\bDate\b/);
    }, 60_000);
  });
});
