// The folder import graph of src/ (scripts/check-imports.mjs, `npm run check:imports`).
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
// @ts-expect-error: a plain ES module script, without type declarations
import { findCycles, folderGraph } from '../../scripts/check-imports.mjs';

type Graph = Map<string, Set<string>>;
const graph = folderGraph(fileURLToPath(new URL('../../src', import.meta.url))) as Graph;
const imports = (node: string) => [...(graph.get(node) ?? [])].sort();

describe('the import graph of src/', () => {
  test('no folder imports one that imports it back', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  test.each<[string, string[]]>([
    // The protocol core depends on nothing of ferroserve.
    ['wire', []],
    ['http', ['wire']],
    // The transport never imports a feature: features reach it only through http/handler.ts.
    ['connection', ['http', 'wire']],
    ['files', ['http', 'wire']],
    ['app', ['files', 'http', 'wire']],
  ])('%s imports only %j', (node, expected) => {
    expect(imports(node)).toEqual(expected);
  });
});

describe('findCycles (the check can fail)', () => {
  const g = (edges: Record<string, string[]>): Graph => new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)]));
  test.each<[string, Record<string, string[]>, string[][]]>([
    ['a chain', { a: ['b'], b: ['c'], c: [] }, []],
    ['two folders importing each other', { a: ['b'], b: ['a'] }, [['a', 'b', 'a']]],
    ['a longer loop', { a: ['b'], b: ['c'], c: ['a'] }, [['a', 'b', 'c', 'a']]],
    ['a diamond', { a: ['b', 'c'], b: ['d'], c: ['d'], d: [] }, []],
  ])('%s', (_name, edges, cycles) => {
    expect(findCycles(g(edges))).toEqual(cycles);
  });
});
