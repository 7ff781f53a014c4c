// The import graph between ferroserve's folders (src/<folder>/, and each file directly in src/
// as a node of its own) must have no cycle: no folder imports one that imports it back.
// `npm run check:imports` prints the graph and exits 1 on a cycle; test/unit/imports.test.ts
// runs the same check. Type-only imports count: they couple the folders as much as any other.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every .ts file under `dir`, as paths relative to it. */
function sources(dir, prefix = '') {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) return sources(dir, relative);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [relative] : [];
  });
}

/** The node a source file belongs to: its top folder under src/, or the file itself at the top. */
export function nodeOf(relative) {
  return relative.split(path.sep)[0];
}

/** Map of node -> Set of nodes it imports (relative imports only; itself excluded). */
export function folderGraph(srcDir) {
  const graph = new Map();
  for (const file of sources(srcDir)) {
    const from = nodeOf(file);
    if (!graph.has(from)) graph.set(from, new Set());
    const text = readFileSync(path.join(srcDir, file), 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2];
      if (!specifier.startsWith('.')) continue;
      const target = path.relative(srcDir, path.resolve(srcDir, path.dirname(file), specifier)).replace(/\.js$/, '.ts');
      const to = nodeOf(target);
      if (to !== from) graph.get(from).add(to);
    }
  }
  return graph;
}

/** Every cycle of the graph, each as the list of nodes along it (first node repeated last). */
export function findCycles(graph) {
  const cycles = [];
  const state = new Map(); // node -> 'open' | 'done'
  const stack = [];
  const visit = (node) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const srcDir = fileURLToPath(new URL('../src', import.meta.url));
  const graph = folderGraph(srcDir);
  for (const [node, targets] of [...graph].sort()) console.log(`${node} -> ${[...targets].sort().join(', ') || '(nothing)'}`);
  const cycles = findCycles(graph);
  for (const cycle of cycles) console.error(`import cycle: ${cycle.join(' -> ')}`);
  process.exit(cycles.length === 0 ? 0 : 1);
}
