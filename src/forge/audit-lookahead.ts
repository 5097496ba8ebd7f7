// The look-ahead audit. The Play runs once over the whole window, then again on data truncated
// at seeded cut points (exec closes and arbitrary minutes): the market after the cut does not
// exist in the truncated run. With closed-bar semantics a decision may only depend on bars closed at its time,
// so every decision at or before the cut must be identical in both runs (inputs, action, case,
// commands; exact equality). Any difference is information that leaked from after the cut: the
// report names the first differing bar, the input (feature) and both values.
import { isoMs, MINUTE_MS } from '../domain';
import type { ColumnNeed } from '../dsl';
import type { Decision } from '../engine';
import { type DecisionDifference, firstDifference } from './decision-diff';
import { Prng } from './prng';
import { runOnWindow, type WindowRunInput } from './run-window';

export const DEFAULT_CUTS = 20;

export interface LookaheadCut {
  cutMs: number;
  cut: string;
  /** Decisions compared (those at or before the cut). */
  compared: number;
  difference?: DecisionDifference & { bar: string; execBar: number };
}

export interface LookaheadReport {
  check: 'lookahead';
  pass: boolean;
  fromMs: number;
  toMs: number;
  decisions: number;
  cuts: LookaheadCut[];
  /** The earliest differing bar over every cut. */
  first?: LookaheadCut['difference'];
  plantedPeek?: string;
}

/** A test of the audit itself: feature `id` reads its next bar's value (a one-bar peek). */
export function plantedPeek(id: string): (need: ColumnNeed, column: Float64Array) => Float64Array {
  const shifted = new WeakMap<Float64Array, Float64Array>();
  return (need, column) => {
    if (need.kind !== 'feature' || need.feature !== id) return column;
    let out = shifted.get(column);
    if (!out) {
      out = new Float64Array(column.length).fill(Number.NaN);
      out.set(column.subarray(1));
      shifted.set(column, out);
    }
    return out;
  };
}

/**
 * `count` distinct cut times, seeded, ascending: every other one an exec close of the full run
 * (the last bar before the cut is then complete), the others any minute after the first decision
 * (the cut then falls inside an exec or higher-timeframe bar, which must not leak either). Never
 * the very last close: there would be nothing to cut.
 */
export function cutPoints(decisions: readonly Decision[], count: number, seed: number): number[] {
  const closes = decisions.slice(0, -1).map((d) => d.tsMs);
  if (closes.length === 0) return [];
  const rng = new Prng(seed);
  const firstMs = closes[0]!;
  const minutes = Math.max(1, (closes[closes.length - 1]! - firstMs) / MINUTE_MS);
  const picked = new Set<number>();
  const want = Math.min(count, closes.length + minutes);
  for (let k = 0; picked.size < want && k < want * 20; k++) {
    const atClose = picked.size % 2 === 0 || minutes <= 1;
    picked.add(atClose ? closes[Math.floor(rng.next() * closes.length)]! : firstMs + Math.floor(rng.next() * minutes) * MINUTE_MS);
  }
  return [...picked].sort((a, b) => a - b);
}

export function auditLookahead(input: WindowRunInput, opts: { cuts?: number; seed?: number; plantPeek?: string } = {}): LookaheadReport {
  const columnView = opts.plantPeek === undefined ? input.columnView : plantedPeek(opts.plantPeek);
  const full = runOnWindow({ ...input, columnView });
  const cuts: LookaheadCut[] = [];
  for (const cutMs of cutPoints(full.decisions, opts.cuts ?? DEFAULT_CUTS, opts.seed ?? 1)) {
    const part = runOnWindow({ ...input, columnView, fromMs: full.fromMs, toMs: cutMs });
    const n = full.decisions.filter((d) => d.tsMs <= cutMs).length;
    const d = firstDifference(full.decisions, part.decisions, n);
    const cut: LookaheadCut = { cutMs, cut: isoMs(cutMs), compared: n };
    if (d) cut.difference = { ...d, bar: isoMs(d.tsMs), execBar: Math.round((d.tsMs - full.fromMs) / full.execTfMs) - 1 };
    cuts.push(cut);
  }
  const diffs = cuts.flatMap((c) => (c.difference ? [c.difference] : []));
  const first = diffs.sort((a, b) => a.tsMs - b.tsMs)[0];
  return {
    check: 'lookahead',
    pass: first === undefined,
    fromMs: full.fromMs,
    toMs: full.toMs,
    decisions: full.decisions.length,
    cuts,
    ...(first ? { first } : {}),
    ...(opts.plantPeek === undefined ? {} : { plantedPeek: opts.plantPeek }),
  };
}
