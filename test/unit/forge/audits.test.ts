// The audits on in-memory synthetic markets: look-ahead is exact (a clean Play never differs, a
// planted one-bar peek differs at the last bar before the earliest cut), the warm-up audit finds
// no decision change for an EMA cross and reports shrinking input gaps, and determinism holds.
import { describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import type { Decision } from '../../../src/engine';
import {
  auditDeterminism,
  auditLookahead,
  auditWarmup,
  cutPoints,
  diffDecision,
  firstActionDifference,
  readScenarioSpec,
  syntheticInstrument,
  syntheticMarket,
  type WindowRunInput,
  warmupExtras,
} from '../../../src/forge';
import { loadPlay } from '../../../src/tools';

const ROOT = join(import.meta.dir, '../../..');

function input(scenario: Record<string, unknown>): WindowRunInput {
  const checked = loadPlay(join(ROOT, 'plays/validation/ema-cross-crash.yml'));
  const spec = readScenarioSpec(scenario).spec!;
  const m = syntheticMarket(spec);
  return { checked, symbol: 'SYNTHUSDT', instrument: syntheticInstrument('SYNTHUSDT'), candles: m.candles, funding: m.funding };
}

describe('auditLookahead', () => {
  const base = input({ name: 'random_walk', bars: 4000, seed: 3, vol_pct: 0.1 });

  test('a clean Play: no difference at any cut', () => {
    const r = auditLookahead(base, { cuts: 6, seed: 2 });
    expect(r.pass).toBe(true);
    expect(r.cuts.length).toBe(6);
    for (const c of r.cuts) expect(c.compared).toBeGreaterThan(0);
  });

  test('a planted one-bar peek: caught at the earliest cut, naming the feature and both values', () => {
    const r = auditLookahead(base, { cuts: 6, seed: 2, plantPeek: 'ema_slow' });
    expect(r.pass).toBe(false);
    expect(r.cuts.every((c) => c.difference !== undefined)).toBe(true);
    expect(r.first?.field).toBe('exec:ema_slow.value');
    // The earliest cut: the first differing decision is the last close at or before it.
    const cut0 = r.cuts[0]!.cutMs;
    expect(r.first!.tsMs <= cut0 && r.first!.tsMs > cut0 - 5 * 60_000).toBe(true);
    expect(r.first?.b).toBe('unknown (NaN)');
    expect(Number(r.first?.a)).toBeGreaterThan(0);
  });

  test('cut points are seeded, distinct, ascending, closes and minutes, never past the last close', () => {
    const decisions = Array.from({ length: 50 }, (_, k) => ({ tsMs: k * 300_000 }) as never);
    const a = cutPoints(decisions, 10, 4);
    expect(cutPoints(decisions, 10, 4)).toEqual(a);
    expect(new Set(a).size).toBe(10);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
    expect(a.every((t) => t < 49 * 300_000 && t % 60_000 === 0)).toBe(true);
    expect(a.some((t) => t % 300_000 === 0)).toBe(true);
    expect(a.some((t) => t % 300_000 !== 0)).toBe(true);
  });
});

describe('auditWarmup', () => {
  test('an EMA cross: no decision changes; the input gap shrinks as the warm-up grows', () => {
    const r = auditWarmup(input({ name: 'random_walk', bars: 6000, seed: 3, vol_pct: 0.1 }), 1600);
    expect(r.pass).toBe(true);
    expect(r.stableFromWarmup1m).toBe(r.declaredWarmup1m);
    const gaps = r.steps.map((s) => s.largestGap?.relativePct ?? 0);
    for (let k = 1; k < gaps.length; k++) expect(gaps[k]!).toBeLessThanOrEqual(gaps[k - 1]!);
    expect(r.steps.at(-1)!.largestGap).toBeNull();
  });

  test('extras double up to the reference', () => {
    expect(warmupExtras(1600)).toEqual([0, 100, 200, 400, 800, 1600]);
  });
});

describe('auditDeterminism and diffDecision', () => {
  test('two runs, one hash', () => {
    const r = auditDeterminism(input({ name: 'crash', bars: 3000, seed: 7, event_at: 2000 }));
    expect(r.pass).toBe(true);
    expect(r.trades).toBeGreaterThan(0);
  });

  test('NaN equals NaN; any other difference is named', () => {
    const d: Decision = { seq: 1, tsMs: 60_000, action: 'none', caseIndex: -1, tag: '', inputs: { a: Number.NaN, b: 1 }, commands: [] };
    expect(diffDecision(0, { ...d, inputs: { ...d.inputs } }, { ...d, inputs: { ...d.inputs } })).toBeUndefined();
    expect(diffDecision(0, { ...d, inputs: { a: Number.NaN, b: 1 } }, { ...d, inputs: { a: Number.NaN, b: 1.0000001 } })).toMatchObject({
      field: 'b',
      a: '1',
      b: '1.0000001',
    });
    expect(diffDecision(0, d, { ...d, action: 'enter_long' })).toMatchObject({ field: 'action', a: 'none', b: 'enter_long' });
    // Inputs aside, only what the engine does counts as a changed decision.
    expect(firstActionDifference([d], [{ ...d, inputs: { a: 2, b: 3 } }])).toBeUndefined();
    expect(firstActionDifference([d, d], [d, { ...d, caseIndex: 1 }])).toMatchObject({ index: 1, field: 'case', a: '-1', b: '1' });
  });
});
