// Compiles checked rule ASTs into closures over the engine's columns (see runtime.ts). Closures
// were measured against a flat instruction array interpreter (scripts/bench-dsl.ts: about 48 vs
// 29 M evaluations/s of the 5-condition bench rule) and kept as the faster. Binding allocates;
// evaluation does not (bun:jsc heapStats shows no growth over 1M evaluations).

import { DslError } from '../errors';
import { EMITS, type Emit } from '../play';
import { isExecColumnsOnly, walk } from './analysis';
import type { Node } from './ast';
import { fusedCompare, fusedCompareScan, fusedCross, fusedCrossScan, type Leaf, type Scan } from './fused';
import { barField, column, constant, type Fn, stateValue } from './leaves';
import * as op from './ops';
import { type CaseInfo, type ColumnNeed, type CompiledRules, EMIT_BIT, type Evaluator, type RuntimeEnv } from './runtime';
import { countTrue, crossOverSlots, holdsFor, occurredWithin, type Stateful } from './stateful';

export interface RuleCase {
  block: string;
  index: number;
  when: Node;
  emit: Emit;
  tag?: string;
}

export interface RuleBlock {
  name: string;
  match: 'first' | 'all';
  cases: RuleCase[];
}

/** Checked rules of one Play: blocks in name order; `values` are risk expressions by key. */
export interface RuleSet {
  tfNames: readonly string[];
  blocks: readonly RuleBlock[];
  values: Readonly<Record<string, Node>>;
}

const BASE_FIELDS = new Set(['open', 'high', 'low', 'close', 'volume']);

export function compileRules(rules: RuleSet): CompiledRules {
  const needs = collectNeeds(rules);
  const cases: CaseInfo[] = rules.blocks.flatMap((b) => b.cases.map((c) => ({ block: b.name, index: c.index, emit: c.emit, tag: c.tag })));
  return {
    tfNames: rules.tfNames,
    needs,
    cases,
    readsMinuteState: readsMinuteState(rules),
    readsState: readsState(rules),
    stateReads: stateReads(rules),
    bind: (env) => bind(rules, needs, env),
  };
}

/** State built-ins that can change between bar closes without a position change. */
const MINUTE_STATE = new Set(['last_price', 'unrealized_pnl_pct', 'hour_utc', 'day_of_week']);

/** Whether a case reads any state built-in (position, price, time): else its emits are a function of the columns. */
function readsState(rules: RuleSet): boolean {
  return stateReads(rules).length > 0;
}

/** The state built-ins the cases read, sorted. */
function stateReads(rules: RuleSet): string[] {
  const found = new Set<string>();
  const visit = (n: Node) => {
    if (n.k === 'ref' && n.res?.k === 'state') found.add(n.res.name);
  };
  for (const b of rules.blocks) for (const c of b.cases) walk(c.when, visit);
  return [...found].sort();
}

function readsMinuteState(rules: RuleSet): boolean {
  let found = false;
  const visit = (n: Node) => {
    if (n.k === 'ref' && n.res?.k === 'state' && MINUTE_STATE.has(n.res.name)) found = true;
  };
  for (const b of rules.blocks) for (const c of b.cases) walk(c.when, visit);
  return found;
}

function collectNeeds(rules: RuleSet): ColumnNeed[] {
  const byKey = new Map<string, ColumnNeed>();
  const add = (n: ColumnNeed) => byKey.set(n.key, n);
  const visit = (n: Node) => {
    if (n.k !== 'ref' || !n.res) return;
    const r = n.res;
    if (r.k === 'feature')
      add({ key: `${r.tf}:${r.feature}.${r.output}`, kind: 'feature', tf: r.tf, feature: r.feature, output: r.output });
    if (r.k === 'bar') {
      const fields = BASE_FIELDS.has(r.field)
        ? [r.field]
        : r.field === 'hl2'
          ? ['high', 'low']
          : r.field === 'hlc3'
            ? ['high', 'low', 'close']
            : ['open', 'high', 'low', 'close'];
      for (const f of fields) add({ key: `${r.tf}:${f}`, kind: 'bar', tf: r.tf, field: f as 'open' });
    }
  };
  for (const b of rules.blocks) for (const c of b.cases) walk(c.when, visit);
  for (const v of Object.values(rules.values)) walk(v, visit);
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

interface Ctx {
  env: RuntimeEnv;
  tf: (name: string) => number;
  col: (key: string) => Float64Array;
  stateful: Stateful[];
}

function bind(rules: RuleSet, needs: readonly ColumnNeed[], env: RuntimeEnv): Evaluator {
  if (env.cursors.length !== rules.tfNames.length) {
    throw new DslError(
      'INTERNAL',
      `bind: cursors has ${env.cursors.length} entries, expected ${rules.tfNames.length} (${rules.tfNames.join(', ')})`,
    );
  }
  const cols = new Map(needs.map((n) => [n.key, env.column(n)]));
  const ctx: Ctx = {
    env,
    tf: (name) => rules.tfNames.indexOf(name),
    col: (key) => cols.get(key) as Float64Array,
    stateful: [],
  };
  const allCases = rules.blocks.flatMap((b) => b.cases);
  const tests = allCases.map((c) => build(c.when, 0, ctx));
  const values: Record<string, Fn> = {};
  for (const [key, node] of Object.entries(rules.values)) values[key] = build(node, 0, ctx);
  const bits = Int32Array.from(allCases, (c) => EMIT_BIT[c.emit]);
  const emitIndex = Int32Array.from(allCases, (c) => EMITS.indexOf(c.emit));
  const blockEnd = new Int32Array(rules.blocks.length);
  rules.blocks.forEach((b, i) => {
    blockEnd[i] = (i > 0 ? (blockEnd[i - 1] as number) : 0) + b.cases.length;
  });
  const blockFirst = Uint8Array.from(rules.blocks, (b) => (b.match === 'first' ? 1 : 0));
  const updates = ctx.stateful.map((s) => s.update);
  const caseOf = new Int32Array(EMITS.length).fill(-1);
  const nUpdates = updates.length;
  // Every case scannable over the exec columns, and nothing kept between evaluations: the first
  // cursor some case can match is found without evaluating the cursors before it.
  const scans = ctx.stateful.length === 0 ? allCases.map((c) => scanOf(c.when, ctx)) : [];
  const firstCandidate = scans.length > 0 && scans.every((x) => x !== undefined) ? minScan(scans as Scan[]) : undefined;
  const nBlocks = blockEnd.length;
  let caseWritten = false;
  return {
    caseOf,
    values,
    stateless: ctx.stateful.length === 0,
    firstCandidate,
    reset: () => {
      for (const s of ctx.stateful) s.reset();
    },
    saveState: () => ctx.stateful.flatMap((s) => s.save()),
    loadState: (xs) => {
      let at = 0;
      for (const s of ctx.stateful) at = s.load(xs, at);
      if (at !== xs.length) throw new DslError('STATE', `rule state has ${xs.length} numbers, the rules keep ${at}`);
    },
    evaluate: () => {
      for (let i = 0; i < nUpdates; i++) updates[i]!();
      // Reset only after an evaluation that matched (most match nothing).
      if (caseWritten) {
        caseOf.fill(-1);
        caseWritten = false;
      }
      let emits = 0;
      let c = 0;
      for (let b = 0; b < nBlocks; b++) {
        const stop = blockEnd[b] as number;
        const first = blockFirst[b] === 1;
        for (; c < stop; c++) {
          if (tests[c]!() !== 1) continue;
          const bit = bits[c] as number;
          if ((emits & bit) === 0) {
            emits |= bit;
            caseOf[emitIndex[c] as number] = c;
            caseWritten = true;
          }
          if (first) {
            c = stop;
            break;
          }
        }
      }
      return emits;
    },
  };
}

/** Closure for `n`; `shift` adds to every column offset (the previous bar for a cross). */
function build(n: Node, shift: number, ctx: Ctx): Fn {
  const { cursors, state } = ctx.env;
  switch (n.k) {
    case 'num':
      return constant(n.v);
    case 'ref': {
      const r = n.res;
      if (!r) throw new DslError('INTERNAL', `compile: unresolved ref ${n.parts.join('.')}`);
      if (r.k === 'const') return constant(r.v);
      if (r.k === 'state') return stateValue(r.name, state);
      const t = ctx.tf(r.tf);
      if (r.k === 'feature') return column(ctx.col(`${r.tf}:${r.feature}.${r.output}`), cursors, t, n.offset + shift);
      if (BASE_FIELDS.has(r.field)) return column(ctx.col(`${r.tf}:${r.field}`), cursors, t, n.offset + shift);
      return barField(r.field, (f) => ctx.col(`${r.tf}:${f}`), cursors, t, n.offset + shift);
    }
    case 'neg':
      return op.neg(build(n.x, shift, ctx));
    case 'arith':
      return op.arith(n.op, build(n.a, shift, ctx), build(n.b, shift, ctx));
    case 'fn':
      return op.mathFn(
        n.fn,
        n.args.map((a) => build(a, shift, ctx)),
      );
    case 'cmp': {
      const a = build(n.a, shift, ctx);
      const b = build(n.b, shift, ctx);
      if (n.tol) return op.equalWithin(n.op === '!=', a, b, build(n.tol, shift, ctx));
      const la = leaf(n.a, shift, ctx);
      const lb = leaf(n.b, shift, ctx);
      const fused = la && lb ? fusedCompare(n.op, la, lb, cursors) : undefined;
      return fused ?? op.compare(n.op, a, b);
    }
    case 'between':
      return op.between(build(n.x, shift, ctx), build(n.lo, shift, ctx), build(n.hi, shift, ctx));
    case 'near':
      return op.near(n.unit, build(n.a, shift, ctx), build(n.b, shift, ctx), build(n.tol, shift, ctx));
    case 'cross': {
      const above = n.dir === 'above';
      const a = build(n.a, shift, ctx);
      const b = build(n.b, shift, ctx);
      if (isExecColumnsOnly(n)) {
        const la = leaf(n.a, shift, ctx);
        const lb = leaf(n.b, shift, ctx);
        const fused = la && lb ? fusedCross(above, la, lb, cursors) : undefined;
        return fused ?? op.crossFromColumns(above, a, b, build(n.a, shift + 1, ctx), build(n.b, shift + 1, ctx));
      }
      return register(ctx, crossOverSlots(above, a, b, cursors, ctx.tf('exec')));
    }
    case 'and':
      return op.and(n.xs.map((x) => build(x, shift, ctx)));
    case 'or':
      return op.or(n.xs.map((x) => build(x, shift, ctx)));
    case 'not':
      return op.not(build(n.x, shift, ctx));
    case 'window': {
      const x = build(n.x, shift, ctx);
      const t = ctx.tf(n.per);
      const make = n.op === 'holds_for' ? holdsFor : n.op === 'occurred_within' ? occurredWithin : countTrue;
      return register(ctx, make(x, n.n, cursors, t));
    }
  }
}

/**
 * Where a test can give 1, scanned over the exec columns (fused.ts), when it can be: a fused
 * comparison or cross, an `or` of such (the first of theirs), an `and` with one (a necessary
 * condition: the `and` gives 1 only where each part does).
 */
function scanOf(n: Node, ctx: Ctx): Scan | undefined {
  const execT = ctx.tf('exec');
  switch (n.k) {
    case 'cmp': {
      if (n.tol) return undefined;
      const la = leaf(n.a, 0, ctx);
      const lb = leaf(n.b, 0, ctx);
      return la && lb ? fusedCompareScan(n.op, la, lb, execT) : undefined;
    }
    case 'cross': {
      if (!isExecColumnsOnly(n)) return undefined;
      const la = leaf(n.a, 0, ctx);
      const lb = leaf(n.b, 0, ctx);
      return la && lb ? fusedCrossScan(n.dir === 'above', la, lb, execT) : undefined;
    }
    case 'and': {
      for (const x of n.xs) {
        const sc = scanOf(x, ctx);
        if (sc) return sc;
      }
      return undefined;
    }
    case 'or': {
      const parts = n.xs.map((x) => scanOf(x, ctx));
      return parts.every((x) => x !== undefined) ? minScan(parts as Scan[]) : undefined;
    }
    default:
      return undefined;
  }
}

/** The earliest of several scans. */
function minScan(scans: readonly Scan[]): Scan {
  if (scans.length === 1) return scans[0]!;
  return (from, to) => {
    let best = to;
    for (const sc of scans) best = sc(from, best);
    return best;
  };
}

/** The node as a plain column read or constant, when it is one. */
function leaf(n: Node, shift: number, ctx: Ctx): Leaf | undefined {
  if (n.k === 'num') return { v: n.v };
  if (n.k !== 'ref' || !n.res) return undefined;
  const r = n.res;
  if (r.k === 'const') return { v: r.v };
  if (r.k === 'feature') return { col: ctx.col(`${r.tf}:${r.feature}.${r.output}`), t: ctx.tf(r.tf), offset: n.offset + shift };
  if (r.k === 'bar' && BASE_FIELDS.has(r.field)) return { col: ctx.col(`${r.tf}:${r.field}`), t: ctx.tf(r.tf), offset: n.offset + shift };
  return undefined;
}

/** Registers after the children were built, so updates run children first. */
function register(ctx: Ctx, s: Stateful): Fn {
  ctx.stateful.push(s);
  return s.read;
}
