// Enforces the module dependency table of ARCHITECTURE.md on the real import graph of src/ and tui/:
// allowed edges per module, no cycles between modules, only src/core imports the .wasm, the engine
// never imports a venue, and native/venue packages stay inside their module.
import { describe, expect, test } from 'bun:test';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT, walk } from './source-files';

/** module -> modules it may import (domain and errors are implicitly allowed everywhere but domain). */
const ALLOWED: Record<string, readonly string[]> = {
  domain: [],
  errors: ['domain'],
  core: ['domain', 'errors'],
  // play derives its schema from the core's indicator registry (metadata only).
  play: ['core'],
  dsl: ['play', 'core'],
  data: ['bybit'],
  bybit: ['engine'],
  engine: ['dsl', 'play', 'core'],
  sim: ['engine', 'core'],
  backtest: ['engine', 'sim', 'data', 'play', 'dsl', 'core'],
  state: [],
  // forge: synthetic markets and the audits, which run the backtest's simulate on in-memory windows
  // (data: the window type only; the store is written by tools/forge-data.ts).
  forge: ['backtest', 'data', 'engine', 'dsl', 'play', 'core'],
  live: ['engine', 'bybit', 'sim', 'state', 'data', 'play', 'dsl', 'core'],
  emulator: ['data', 'bybit', 'core'],
  // report: a pure function from run data to HTML. It inlines lightweight-charts' standalone build
  // as text, by path (the package's exports do not expose it): that edge is node_modules.
  report: ['node_modules'],
  // research: sweeps and walk-forward run backtests on workers and write their results.
  research: ['backtest', 'data', 'dsl', 'play', 'core'],
  tools: ['*'],
  // The CLI mounts the dashboard (trade run --tui, trade dashboard), loaded only when asked for.
  cli: ['tools', 'tui'],
  // The dashboard reads session journals (state) and the session's line and staleness vocabulary
  // (live); panic, halt and resume go through tools, as `trade panic` does.
  tui: ['tools', 'engine', 'state', 'live'],
};

/** Packages that only one module may import. */
const PACKAGE_OWNERS: Record<string, readonly string[]> = {
  '@duckdb/node-api': ['data'],
  'bybit-api': ['bybit'],
};

function moduleOf(file: string): string {
  const rel = relative(ROOT, file).split('/');
  if (rel[0] === 'tui') return 'tui';
  if (rel[1] === 'errors.ts') return 'errors';
  return rel[1] ?? '?';
}

const IMPORT_RE =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

interface Edge {
  from: string;
  to: string;
  file: string;
  spec: string;
}

function collect(): { edges: Edge[]; packages: Edge[] } {
  const files = [...walk(join(ROOT, 'src')), ...(statSafe(join(ROOT, 'tui')) ? walk(join(ROOT, 'tui')) : [])];
  const edges: Edge[] = [];
  const packages: Edge[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = (m[1] ?? m[2] ?? m[3]) as string;
      const from = moduleOf(file);
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        if (target.endsWith('.wasm') || target.endsWith('.json')) {
          edges.push({ from, to: target.endsWith('.wasm') ? 'wasm' : 'json', file, spec });
          continue;
        }
        const rel = relative(ROOT, target).split('/');
        const to =
          rel[0] === 'src' ? (rel[1]?.startsWith('errors') ? 'errors' : (rel[1] ?? '?')) : rel[0] === 'tui' ? 'tui' : (rel[0] ?? '?');
        if (to !== from) edges.push({ from, to, file, spec });
      } else {
        packages.push({ from, to: spec, file, spec });
      }
    }
  }
  return { edges, packages };
}

function statSafe(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** File -> files it imports (relative imports inside src/ and tui/, type-only imports included). */
function fileGraph(): Map<string, string[]> {
  const files = [...walk(join(ROOT, 'src')), ...(statSafe(join(ROOT, 'tui')) ? walk(join(ROOT, 'tui')) : [])];
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const out: string[] = [];
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT_RE)) {
      const spec = (m[1] ?? m[2] ?? m[3]) as string;
      if (!spec.startsWith('.')) continue;
      const base = resolve(dirname(file), spec);
      const target = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((c) => known.has(c));
      if (target) out.push(target);
    }
    graph.set(file, out);
  }
  return graph;
}

/** Cycles of `graph`, each as 'a -> b -> a'. */
function cyclesOf(graph: Map<string, readonly string[]>, name: (n: string) => string): string[] {
  const cycles: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (m: string) => {
    if (state.get(m) === 'done') return;
    if (state.get(m) === 'visiting') {
      cycles.push([...stack.slice(stack.indexOf(m)), m].map(name).join(' -> '));
      return;
    }
    state.set(m, 'visiting');
    stack.push(m);
    for (const n of graph.get(m) ?? []) visit(n);
    stack.pop();
    state.set(m, 'done');
  };
  for (const m of graph.keys()) visit(m);
  return cycles;
}

const { edges, packages } = collect();
const fmt = (e: Edge) => `${relative(ROOT, e.file)} imports '${e.spec}' (${e.from} -> ${e.to})`;

describe('module dependency rules (ARCHITECTURE.md)', () => {
  test('the scan sees the real source tree', () => {
    expect(edges.some((e) => e.from === 'cli' && e.to === 'tools')).toBe(true);
    expect(edges.some((e) => e.from === 'core' && e.to === 'wasm')).toBe(true);
  });

  test('every import edge is allowed by the table', () => {
    const bad = edges.filter((e) => {
      if (e.to === 'json') return false;
      if (e.to === 'wasm') return false;
      const allowed = ALLOWED[e.from];
      if (!allowed) return true;
      if (allowed.includes('*')) return false;
      if (e.from !== 'domain' && (e.to === 'domain' || e.to === 'errors')) return false;
      return !allowed.includes(e.to);
    });
    expect(bad.map(fmt)).toEqual([]);
  });

  test('only src/core imports the .wasm', () => {
    expect(edges.filter((e) => e.to === 'wasm' && e.from !== 'core').map(fmt)).toEqual([]);
  });

  test('the engine never imports a venue', () => {
    expect(edges.filter((e) => e.from === 'engine' && ['bybit', 'sim', 'live', 'backtest', 'emulator'].includes(e.to)).map(fmt)).toEqual(
      [],
    );
  });

  test('native and venue packages stay in their module', () => {
    const bad = packages.filter((p) => {
      const owners = Object.entries(PACKAGE_OWNERS).find(([pkg]) => p.to === pkg || p.to.startsWith(`${pkg}/`))?.[1];
      return owners !== undefined && !owners.includes(p.from);
    });
    expect(bad.map(fmt)).toEqual([]);
  });

  test('no cycles between modules', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of edges) {
      if (e.to === 'wasm' || e.to === 'json') continue;
      if (!graph.has(e.from)) graph.set(e.from, new Set());
      graph.get(e.from)!.add(e.to);
    }
    expect(cyclesOf(new Map([...graph].map(([k, v]) => [k, [...v]])), (m) => m)).toEqual([]);
  });

  test('no cycles between files, inside a module too (index.ts re-exports excepted)', () => {
    const graph = fileGraph();
    // A module's index.ts only re-exports its files; a file importing its own module's index is the circle.
    const cycles = cyclesOf(graph, (f) => relative(ROOT, f));
    expect(cycles).toEqual([]);
  });

  test('the file-cycle check finds a circle when there is one', () => {
    const g = new Map<string, string[]>([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
    ]);
    expect(cyclesOf(g, (x) => x)).toEqual(['a -> b -> c -> a']);
  });
});
