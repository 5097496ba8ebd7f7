// `trade walkforward` from the CLI (dist/trade when built) on the bundled sample month: rolling
// and anchored fold windows, no out-of-sample bar seen in sample (every in-sample run's manifest
// window and equity end before its fold's test window; the OOS run's bars lie inside it), the
// chosen variant is rank 1 of the same in-sample sweep, and the OOS equity chains fold to fold.
import { afterAll, describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readParquetColumns } from '../../src/data';
import { ROOT, sandbox } from './cli-harness';

const box = sandbox('trade-e2e-walkforward-');
afterAll(() => box.cleanup());
const PLAY = join(ROOT, 'plays/ema-cross.yml');
const D = 86_400_000;
const FROM = Date.UTC(2024, 7, 3);
const PARAMS = ['--param', 'features.ema_fast.params.length=5..14:3', '--param', 'risk.take_profit.rr=[1.5,3]'];
const BASE = ['--db', 'store.duckdb', ...PARAMS, '--from', '2024-08-03T00:00:00Z', '--to', '2024-08-31T00:00:00Z', '--workers', '2'];

interface FoldJson {
  fold: number;
  train: { from_ms: number; to_ms: number; from: string; to: string };
  test: { from_ms: number; to_ms: number };
  params: Record<string, number>;
  in_sample_run_hashes: string[];
  in_sample_run_hash: string;
  out_of_sample_run_hash: string;
  out_of_sample_artifacts: string;
  out_of_sample: { startEquityUsdt: number; endEquityUsdt: number; netPnlUsdt: number };
}

function walkforward(...extra: string[]) {
  const r = box.run('walkforward', PLAY, ...BASE, '--json', ...extra);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as { folds: FoldJson[]; profitable_share: number; stitched_oos: { metrics: { endEquityUsdt: number } } };
}

const runDir = (hash: string) => join(box.dir, 'backtests', 'ema-cross', hash.slice(0, 12));

describe('trade walkforward', () => {
  expect(box.run('data', 'import', '--sample', '--db', 'store.duckdb').code).toBe(0);

  test('rolling: windows, no OOS bar in sample, best = rank 1 of the in-sample sweep, chained equity', () => {
    const j = walkforward('--train', '7d', '--test', '3d', '--step', '5d');
    expect(
      j.folds.map((f) => [
        (f.train.from_ms - FROM) / D,
        (f.train.to_ms - FROM) / D,
        (f.test.from_ms - FROM) / D,
        (f.test.to_ms - FROM) / D,
      ]),
    ).toEqual([
      [0, 7, 7, 10],
      [5, 12, 12, 15],
      [10, 17, 17, 20],
      [15, 22, 22, 25],
    ]);
    let equity = 10_000;
    let profitable = 0;
    for (const f of j.folds) {
      expect(f.in_sample_run_hashes.length).toBe(8);
      for (const h of f.in_sample_run_hashes) {
        const m = JSON.parse(readFileSync(join(runDir(h), 'manifest.json'), 'utf8'));
        expect(m.window.from_ms).toBe(f.train.from_ms);
        expect(m.window.to_ms).toBeLessThanOrEqual(f.test.from_ms);
        const ts = readParquetColumns(join(runDir(h), 'equity.parquet')).columns.get('ts_ms') as Float64Array;
        expect(ts.length).toBeGreaterThan(0);
        expect(ts[ts.length - 1]!).toBeLessThan(f.test.from_ms);
      }
      const oos = readParquetColumns(join(box.dir, f.out_of_sample_artifacts, 'equity.parquet')).columns.get('ts_ms') as Float64Array;
      expect(oos[0]!).toBeGreaterThanOrEqual(f.test.from_ms);
      expect(oos[oos.length - 1]!).toBeLessThan(f.test.to_ms);
      expect(f.out_of_sample.startEquityUsdt).toBeCloseTo(equity, 8);
      equity = f.out_of_sample.endEquityUsdt;
      if (f.out_of_sample.netPnlUsdt > 0) profitable++;
      // The same in-sample sweep on its own: nothing new to run, and its rank 1 is the fold's choice.
      const s = box.run('sweep', PLAY, '--db', 'store.duckdb', ...PARAMS, '--from', f.train.from, '--to', f.train.to, '--json');
      expect(s.code).toBe(0);
      const sj = JSON.parse(s.out);
      expect(sj.simulated).toBe(0);
      const best = sj.results.find((r: { rank: number | null }) => r.rank === 1);
      expect(best.params).toEqual(f.params);
      expect(best.run_hash).toBe(f.in_sample_run_hash);
    }
    expect(j.stitched_oos.metrics.endEquityUsdt).toBeCloseTo(equity, 6);
    expect(j.profitable_share).toBeCloseTo(profitable / j.folds.length, 12);
  }, 240_000);

  test('anchored: every training window starts at --from and grows by the step', () => {
    const j = walkforward('--train', '7d', '--test', '3d', '--anchored');
    expect(
      j.folds.map((f) => [
        (f.train.from_ms - FROM) / D,
        (f.train.to_ms - FROM) / D,
        (f.test.from_ms - FROM) / D,
        (f.test.to_ms - FROM) / D,
      ]),
    ).toEqual([
      [0, 7, 7, 10],
      [0, 10, 10, 13],
      [0, 13, 13, 16],
      [0, 16, 16, 19],
      [0, 19, 19, 22],
      [0, 22, 22, 25],
      [0, 25, 25, 28],
    ]);
    for (const f of j.folds)
      for (const h of f.in_sample_run_hashes) {
        const m = JSON.parse(readFileSync(join(runDir(h), 'manifest.json'), 'utf8'));
        expect(m.window.to_ms).toBeLessThanOrEqual(f.test.from_ms);
      }
  }, 240_000);

  test('--train missing or a bad duration: one line, exit 2', () => {
    const a = box.run('walkforward', PLAY, ...BASE, '--test', '3d');
    expect(a.code).toBe(2);
    expect(a.err.trim()).toBe('✖ trade walkforward: --train and --test are required (e.g. --train 90d --test 30d)');
    const b = box.run('walkforward', PLAY, ...BASE, '--train', '7 days', '--test', '3d');
    expect(b.code).toBe(2);
    expect(b.err.trim()).toBe("✖ --train '7 days': expected a positive duration like 90d, 12h, 4w or 30m");
  });
});
