// The requirements gate: which timeframes and features a checked Play needs, how much 1m history
// must precede the first tradable bar, and warnings (unused features and timeframes, level stops
// missing for a side the rules enter). Warm-up per referenced value, in 1m bars:
//   (first valid index of the feature + 1 + offset [+1 for a cross read from columns]) × TF minutes
//   + Σ over enclosing windows of (N - 1) × minutes of their `per` TF (+ 1 exec bar for a cross kept in state)
// warmup1m is the max over all referenced values. It excludes alignment slack: a runner rounds the
// start of the history down to a boundary of the largest timeframe.
import { TIMEFRAME_MINUTES, type Timeframe } from '../domain';
import { DslError } from '../errors';
import { type FeatureKind, featureKind, featureName, findEntry, type PathSeg, type PlayIssue, warning } from '../play';
import { isExecColumnsOnly } from './analysis';
import { children, type Node } from './ast';
import type { CheckedPlay } from './checked-play';
import { parseRule } from './parser';

export interface FeatureRequirement {
  id: string;
  kind: FeatureKind;
  name: string;
  tf: string;
  params: Record<string, number>;
  source?: string;
  /** Outputs the rules and risk settings read, sorted. */
  outputs: string[];
  /** First valid bar index on its own TF. */
  warmupBars: number;
  maxOffset: number;
  /** 1m history this feature's own reads need before the first tradable bar (its own warm start). */
  warmup1m: number;
}

export interface TfRequirement {
  name: string;
  tf: Timeframe;
  minutes: number;
  used: boolean;
}

export interface PlayRequirements {
  warmup1m: number;
  tfs: TfRequirement[];
  /** Features that are referenced (unused ones are only warned about), sorted by id. */
  features: FeatureRequirement[];
  warnings: PlayIssue[];
}

export function playRequirements(checked: CheckedPlay): PlayRequirements {
  const { play, rules } = checked;
  const warnings: PlayIssue[] = [];
  const minutes = (tfName: string) => TIMEFRAME_MINUTES[play.timeframes[tfName] as Timeframe];
  const used = new Map<string, FeatureRequirement>();
  const usedTfs = new Set<string>(['exec']);
  let warmup1m = 0;
  const warmupOf = (id: string) => featureWarmup(checked, id, warnings);

  const visit = (n: Node, windowMin: number, shift: number): void => {
    if (n.k === 'ref') {
      const r = n.res;
      if (r?.k !== 'bar' && r?.k !== 'feature') return;
      usedTfs.add(r.tf);
      let bars = 1 + n.offset + shift;
      if (r.k === 'feature') {
        const f = used.get(r.feature) ?? newRequirement(checked, r.feature, warmupOf(r.feature));
        used.set(r.feature, f);
        if (!f.outputs.includes(r.output)) f.outputs.push(r.output);
        f.maxOffset = Math.max(f.maxOffset, n.offset + shift);
        bars += f.warmupBars;
        f.warmup1m = Math.max(f.warmup1m, bars * minutes(r.tf) + windowMin);
      }
      warmup1m = Math.max(warmup1m, bars * minutes(r.tf) + windowMin);
      return;
    }
    if (n.k === 'window') {
      usedTfs.add(n.per);
      visit(n.x, windowMin + (n.n - 1) * minutes(n.per), shift);
      return;
    }
    if (n.k === 'cross') {
      const fromColumns = isExecColumnsOnly(n);
      for (const x of [n.a, n.b]) visit(x, fromColumns ? windowMin : windowMin + minutes('exec'), fromColumns ? shift + 1 : shift);
      return;
    }
    for (const c of children(n)) visit(c, windowMin, shift);
  };
  for (const b of rules.blocks) for (const c of b.cases) visit(c.when, 0, 0);
  for (const v of Object.values(rules.values)) visit(v, 0, 0);

  for (const [id, f] of Object.entries(play.features)) {
    usedTfs.add(f.tf);
    if (!used.has(id))
      warnings.push(warning(['features', id], 'is declared but never used by a rule or risk setting (it is not computed)', { at: 'key' }));
  }
  const tfs = Object.entries(play.timeframes).map(([name, tf]) => ({ name, tf, minutes: TIMEFRAME_MINUTES[tf], used: usedTfs.has(name) }));
  for (const t of tfs) if (!t.used) warnings.push(warning(['timeframes', t.name], 'is declared but never used', { at: 'key' }));
  warnings.push(...levelWarnings(checked));
  const features = [...used.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const f of features) f.outputs.sort();
  return { warmup1m, tfs, features, warnings };
}

function newRequirement(checked: CheckedPlay, id: string, warmupBars: number): FeatureRequirement {
  const f = checked.play.features[id];
  if (!f) throw new DslError('INTERNAL', `requirements: feature '${id}' is referenced but not declared`);
  const req: FeatureRequirement = {
    id,
    kind: featureKind(f),
    name: featureName(f),
    tf: f.tf,
    params: f.params,
    outputs: [],
    warmupBars,
    maxOffset: 0,
    warmup1m: 0,
  };
  if (f.source !== undefined) req.source = f.source;
  return req;
}

/** Exact warm-up from the catalog, else the registry formula, else the sum of int params (warned). */
function featureWarmup(checked: CheckedPlay, id: string, warnings: PlayIssue[]): number {
  const f = checked.play.features[id];
  if (!f) return 0;
  const kind = featureKind(f);
  const name = featureName(f);
  const entry0 = findEntry(checked.catalog, kind, name);
  const unstableFormula = entry0?.unstable === undefined ? undefined : evalWarmupFormula(entry0.unstable, f.params);
  // The unstable period (recursive indicators) comes on top of the first valid index; a Play may set
  // its own (longer for more precision, shorter when the history is short).
  const unstable = f.unstable_bars ?? unstableFormula ?? 0;
  const exact = checked.catalog.warmupBars?.(kind, name, f.params);
  if (exact !== undefined) return exact + unstable;
  const entry = findEntry(checked.catalog, kind, name);
  const fromFormula = entry?.warmup === undefined ? undefined : evalWarmupFormula(entry.warmup, f.params);
  if (fromFormula !== undefined) return fromFormula + unstable;
  const guess = (entry?.params ?? []).filter((p) => p.kind === 'int').reduce((s, p) => s + (f.params[p.name] ?? 0), 0);
  const path: PathSeg[] = ['features', id];
  warnings.push(
    warning(path, `warm-up of ${kind} ${name} is unknown (formula '${entry?.warmup ?? ''}'); assumed ${guess} bars`, { at: 'key' }),
  );
  return guess;
}

/**
 * Evaluates a registry warm-up formula like "length - 1" or "max(fast, slow) + signal - 2". Prose
 * after a ';' and a trailing parenthesised remark ("left + right (NaN until ...)") are ignored.
 */
export function evalWarmupFormula(formula: string, params: Readonly<Record<string, number>>): number | undefined {
  let text = (formula.split(';')[0] as string).trim();
  for (;;) {
    const v = evalFormulaText(text, params);
    if (v !== undefined) return v;
    const cut = text.lastIndexOf(' (');
    if (cut < 0 || !text.endsWith(')')) return undefined;
    text = text.slice(0, cut).trim();
  }
}

function evalFormulaText(text: string, params: Readonly<Record<string, number>>): number | undefined {
  let tree: Node;
  try {
    tree = parseRule(text, []);
  } catch {
    return undefined;
  }
  const v = evalNum(tree, params);
  return v === undefined || !Number.isFinite(v) ? undefined : Math.max(0, Math.ceil(v));
}

function evalNum(n: Node, p: Readonly<Record<string, number>>): number | undefined {
  switch (n.k) {
    case 'num':
      return n.v;
    case 'ref':
      return n.parts.length === 1 && n.offset === 0 ? p[n.parts[0] as string] : undefined;
    case 'neg': {
      const x = evalNum(n.x, p);
      return x === undefined ? undefined : -x;
    }
    case 'arith': {
      const a = evalNum(n.a, p);
      const b = evalNum(n.b, p);
      if (a === undefined || b === undefined) return undefined;
      return n.op === '+' ? a + b : n.op === '-' ? a - b : n.op === '*' ? a * b : a / b;
    }
    case 'fn': {
      const xs = n.args.map((a) => evalNum(a, p));
      if (xs.some((x) => x === undefined)) return undefined;
      const v = xs as number[];
      return n.fn === 'abs' ? Math.abs(v[0] as number) : n.fn === 'min' ? Math.min(...v) : Math.max(...v);
    }
    default:
      return undefined;
  }
}

function levelWarnings(checked: CheckedPlay): PlayIssue[] {
  const emits = new Set(checked.rules.blocks.flatMap((b) => b.cases.map((c) => c.emit)));
  const entersLong = emits.has('enter_long') || emits.has('reverse');
  const entersShort = emits.has('enter_short') || emits.has('reverse');
  const out: PlayIssue[] = [];
  for (const section of ['stop_loss', 'take_profit'] as const) {
    const s = checked.play.risk[section];
    if (!s || (s.level_long === undefined && s.level_short === undefined)) continue;
    if (entersLong && s.level_long === undefined) out.push(warning(['risk', section], 'has no level_long, so long entries get none'));
    if (entersShort && s.level_short === undefined) out.push(warning(['risk', section], 'has no level_short, so short entries get none'));
  }
  return out;
}
