// The SVG chart: one bar per measured server per case, n/a where a server lacks the feature,
// ratios coloured by issue 12's targets, and text that an XML parser accepts.
import { describe, expect, test } from 'vitest';
import { chartSvg, compactNumber, tickLabel } from './chart.mjs';

const report = {
  config: {
    date: '2026-12-02T14:00:00.000Z',
    command: 'npm run bench:load -- --json --cases small,put1k',
    servers: { native: 'ferroserve-native', nginx: 'nginx 1.22.1', sirv: 'sirv-cli 3.0.1', serve: 'serve 14.2.7' },
  },
  byCase: {
    small: { native: { rps: 20000 }, nginx: { rps: 60000 }, sirv: { rps: 7000 }, serve: { rps: 3000 } },
    put1k: { native: { rps: 4000 }, nginx: { rps: 3000 } },
    idle: { native: { rps: 10 } },
  },
  ratios: { small: { nativeOverNginx: 0.33, nativeOverBestPeer: 2.86 }, put1k: { nativeOverNginx: 1.33 } },
  notApplicable: { put1k: { sirv: 'read-only server: no uploads', serve: 'read-only server: no uploads' } },
};

const bars = (svg) => [...svg.matchAll(/<rect class="bar" data-server="([^"]+)" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => ({ server: m[1], width: Number(m[3]) }));
const groupOf = (svg, name) => new RegExp(`<g class="case" data-case="${name}">([\\s\\S]*?)</g>`).exec(svg)?.[1] ?? '';

describe('chartSvg', () => {
  const svg = chartSvg(report);

  test('one bar per measured server in each case group, none for idle', () => {
    expect(bars(groupOf(svg, 'small')).map((bar) => bar.server)).toEqual(['native', 'nginx', 'sirv', 'serve']);
    expect(bars(groupOf(svg, 'put1k')).map((bar) => bar.server)).toEqual(['native', 'nginx']);
    expect(svg).not.toContain('data-case="idle"');
  });

  test('n/a servers get a label and no bar', () => {
    const put = groupOf(svg, 'put1k');
    expect(put.match(/>n\/a</g)).toHaveLength(2);
  });

  test('a faster server gets a longer bar (log scale keeps the order)', () => {
    const widths = Object.fromEntries(bars(groupOf(svg, 'small')).map((bar) => [bar.server, bar.width]));
    expect(widths.nginx).toBeGreaterThan(widths.native);
    expect(widths.native).toBeGreaterThan(widths.sirv);
    expect(widths.sirv).toBeGreaterThan(widths.serve);
  });

  test('ratios are green when the target is met, red when missed', () => {
    const small = groupOf(svg, 'small');
    expect(small).toContain('fill="#c92a2a">÷ nginx 0.33 (≥0.8)');
    expect(small).toContain('fill="#c92a2a">÷ best peer 2.86 (≥4)');
    expect(groupOf(svg, 'put1k')).toContain('fill="#2b8a3e">÷ nginx 1.33 (≥1)');
  });

  test('well-formed: no "--" inside a comment, names escaped, the same input gives the same bytes', () => {
    for (const comment of svg.match(/<!--([\s\S]*?)-->/g) ?? []) expect(comment.slice(4, -3)).not.toContain('--');
    const hostile = chartSvg({ ...report, config: { ...report.config, servers: { ...report.config.servers, nginx: 'a<b&c' } } });
    expect(hostile).toContain('a&lt;b&amp;c');
    expect(hostile).not.toContain('a<b&c');
    expect(chartSvg(report)).toBe(svg);
  });
});

describe('compactNumber', () => {
  test.each([
    [5, '5.0'],
    [950, '950'],
    [1500, '1.5k'],
    [68781, '69k'],
    [1_200_000, '1.2M'],
  ])('%d -> %s', (value, text) => {
    expect(compactNumber(value)).toBe(text);
  });
});

describe('chartSvg with a crash', () => {
  test('a server that crashed in every round of a case is labelled, not drawn', () => {
    const svg = chartSvg({
      ...report,
      byCase: { ...report.byCase, revalidate: { native: { rps: 9000 }, nginx: { rps: 15000 } } },
      failures: [{ round: 1, server: 'serve', case: 'revalidate', why: 'EMFILE' }],
    });
    const group = /<g class="case" data-case="revalidate">([\s\S]*?)<\/g>/.exec(svg)[1];
    expect(group).toContain('>crashed<');
    expect(group).not.toContain('data-server="serve"');
  });
});

describe('tickLabel', () => {
  test.each([
    [1, '1'],
    [100, '100'],
    [1000, '1k'],
    [100000, '100k'],
    [1e6, '1M'],
  ])('%d -> %s', (tick, text) => {
    expect(tickLabel(tick)).toBe(text);
  });
});
