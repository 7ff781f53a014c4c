// The markdown that goes into the README: one table (a bold row per section), then how each
// server was run and which were left out. Cells are ✓, ✗ or – (does not apply), each with what
// was seen when it is not a plain ✓.

const MARKS = { yes: '✓', no: '✗', na: '–', error: '⚠' };

/** Text safe inside a table cell: no `|` to split it, no `<` for the README to render as HTML. */
function cellText(text) {
  return text.replaceAll('|', '\\|').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replace(/\s+/g, ' ').trim();
}

function cell(verdict) {
  const note = verdict.note ? ` ${cellText(verdict.note)}` : '';
  return `${MARKS[verdict.mark]}${note}`;
}

/**
 * `columns`: the servers that ran, each { label, options };
 * `results[section][row][column]`: their verdicts; `skipped`: [{ label, reason }].
 */
export function renderMarkdown({ sections, columns, results, skipped, environment }) {
  const lines = [];
  lines.push(`| Behaviour | ${columns.map((c) => c.label).join(' | ')} |`);
  lines.push(`| --- | ${columns.map(() => ':---:').join(' | ')} |`);
  sections.forEach((section, s) => {
    lines.push(`| **${section.title}** | ${columns.map(() => '').join(' | ')} |`);
    section.rows.forEach((row, r) => {
      // Labels hold `code` spans, where `<b>` stays literal; only `|` needs care there.
      lines.push(`| ${row.label.replaceAll('|', '\\|')} | ${results[s][r].map(cell).join(' | ')} |`);
    });
  });
  lines.push('');
  lines.push('✓ yes; ✗ no, with what was seen instead; – does not apply. Measured by `npm run bench:features` (bench/features/probe.mjs) over raw HTTP/1.1 on 127.0.0.1, every server serving the same fixture at `/`.');
  lines.push('');
  for (const column of columns) lines.push(`- **${column.label}**: ${column.options}`);
  for (const { label, reason } of skipped) lines.push(`- **${label}**: not measured (${reason})`);
  if (environment) lines.push(`- Run on ${environment}.`);
  return `${lines.join('\n')}\n`;
}
