// TA-Lib parity: every TA-Lib-covered indicator of the core registry, on the real 2024 BTCUSDT
// 1m candles and their 15m / 4h resamples, against TA-Lib C outputs written by
// test/parity/talib/generate.mjs (`bash scripts/parity-golden`). Per output: the same first valid
// index, then every bar within 1e-9 relative (compare.ts), or equal bits for add/multiply maths.
// Outputs TA-Lib lacks but defines through its own (bbands percent_b, bandwidth) are derived from
// TA-Lib's values per docs/indicators.md and compared the same way.
// A case is skipped only when its indicator is absent from the registry; the audit tests below
// fail if a skipped name is present, or a "ta-lib" convention indicator has no golden case.
import { describe, expect, test } from 'bun:test';
import { findIndicator, type IndicatorSpec, indicatorRegistry } from '../../src/core';
import { candlesAt, columnsSha256, sourceColumn } from './candles';
import { compareSeries } from './compare';
import { type CoreRun, outputNameProblems, runCore } from './core-run';
import { expectedGoldenKey, GENERATE_HINT, type GoldenCase, loadGoldenIndex, readGoldenOutput } from './golden';

const CASE_TIMEOUT_MS = 120_000;
const golden = loadGoldenIndex();

/**
 * Outputs TA-Lib lacks but that are defined from TA-Lib outputs (docs/indicators.md): computed here
 * from TA-Lib's values and the case's source, then compared like any output.
 */
const DERIVED: Record<string, Record<string, (ref: Record<string, number>, x: number) => number>> = {
  bbands: {
    percent_b: (r, x) => (r.upper === r.lower ? 0.5 : (x - (r.lower as number)) / ((r.upper as number) - (r.lower as number))),
    bandwidth: (r) => (r.middle === 0 ? 0 : ((r.upper as number) - (r.lower as number)) / (r.middle as number)),
  },
};

function derivedProblems(c: GoldenCase, run: CoreRun, tsMs: Float64Array, x: Float64Array): string[] {
  const problems: string[] = [];
  const rules = DERIVED[c.indicator] ?? {};
  const refs = c.outputs.map((o) => ({ name: o.name, values: readGoldenOutput(o), begIndex: o.begIndex }));
  const beg = Math.max(...refs.map((r) => r.begIndex));
  for (const [name, rule] of Object.entries(rules)) {
    const ours = run.outputs.get(name);
    if (!ours) continue;
    const expected = new Float64Array(x.length - beg);
    for (let i = beg; i < x.length; i++) {
      const row: Record<string, number> = {};
      for (const r of refs) row[r.name] = r.values[i - r.begIndex] as number;
      expected[i - beg] = rule(row, x[i] as number);
    }
    const report = compareSeries(ours, expected, beg, { exact: false, tsMs });
    for (const p of report.problems) problems.push(`${c.id} ${name} derived from TA-Lib ${c.outputs.map((o) => o.talib).join(', ')}: ${p}`);
  }
  return problems;
}

/** Every problem of one case, as one-line messages; empty when it passes. */
function runCase(c: GoldenCase, spec: IndicatorSpec): string[] {
  const problems = outputNameProblems(
    spec,
    c.outputs.map((o) => o.name),
    c.id,
  );
  for (const name of spec.outputs) {
    const covered = c.outputs.some((o) => o.name === name) || DERIVED[c.indicator]?.[name] !== undefined;
    if (!covered && c.notCompared[name] === undefined) {
      problems.push(`${c.id}: output '${name}' has no TA-Lib reference and no reason in cases.mjs notCompared`);
    }
  }
  if (spec.inputs.kind === 'fixed' && c.talibReadsSource && c.source !== null && c.source !== 'close') {
    problems.push(`${c.id}: registry reads fixed fields (${spec.inputs.fields.join(', ')}) but the case uses source ${c.source}`);
  }
  if (problems.length > 0) return problems;
  const cols = candlesAt(c.tf);
  const run = runCore(c.indicator, c.params, c.source, cols);
  for (const out of c.outputs) {
    const ours = run.outputs.get(out.name) as Float64Array;
    const report = compareSeries(ours, readGoldenOutput(out), out.begIndex, { exact: c.exact, tsMs: cols.tsMs });
    for (const p of report.problems) problems.push(`${c.id} ${out.name} vs TA-Lib ${out.talib}: ${p}`);
  }
  const x = sourceColumn(cols, c.source ?? (spec.inputs.kind === 'source' ? spec.inputs.default : 'close'));
  problems.push(...derivedProblems(c, run, cols.tsMs, x));
  return problems;
}

if (!golden.ok) {
  test('TA-Lib golden data is present', () => {
    throw new Error(golden.problem);
  });
} else {
  const index = golden.index;
  const skipped = new Set<string>();

  describe('TA-Lib golden set', () => {
    test('is up to date with its generator and the data file', () => {
      const expected = expectedGoldenKey();
      if (expected === undefined) throw new Error(`market data missing, cannot check the golden key: ${GENERATE_HINT}`);
      if (index.key !== expected)
        throw new Error(
          `golden data is stale (key ${index.key.slice(0, 12)}, generator + data now ${expected.slice(0, 12)}): ${GENERATE_HINT}`,
        );
    });

    for (const [tf, s] of Object.entries(index.series)) {
      test(
        `${tf}: the test's candles are bit-identical to the generator's (${s.bars} bars)`,
        () => {
          const cols = candlesAt(tf);
          expect(cols.close.length).toBe(s.bars);
          expect(cols.tsMs[0]).toBe(s.firstTsMs);
          expect(columnsSha256(cols)).toBe(s.columnsSha256);
        },
        CASE_TIMEOUT_MS,
      );
    }
  });

  for (const tf of Object.keys(index.series)) {
    describe(`TA-Lib parity ${tf}`, () => {
      for (const c of index.cases.filter((x) => x.tf === tf)) {
        const spec = findIndicator(c.indicator);
        if (!spec) {
          skipped.add(c.indicator);
          test.skip(`${c.id} (skipped: '${c.indicator}' is not in the core registry)`, () => {});
          continue;
        }
        test(
          `${c.id}${c.exact ? ' bitwise' : ''}`,
          () => {
            expect(runCase(c, spec)).toEqual([]);
          },
          CASE_TIMEOUT_MS,
        );
      }
    });
  }

  describe('TA-Lib parity coverage', () => {
    test('no skipped case names an indicator that is in the registry', () => {
      const names = indicatorRegistry().map((s) => s.name);
      const list = [...skipped].sort();
      if (list.length > 0) console.log(`TA-Lib parity: skipped (not in registry): ${list.join(', ')}`);
      expect(list.filter((n) => names.includes(n))).toEqual([]);
    });

    test('every "ta-lib" convention indicator in the registry has golden cases on every timeframe', () => {
      const missing: string[] = [];
      for (const spec of indicatorRegistry().filter((s) => s.convention === 'ta-lib')) {
        for (const tf of Object.keys(index.series)) {
          if (!index.cases.some((c) => c.indicator === spec.name && c.tf === tf)) missing.push(`${spec.name}@${tf}`);
        }
      }
      expect(missing).toEqual([]);
    });
  });
}
