// Correctness anchor: an EMA(12)/EMA(26) always-in-market reversal on 2024 BTCUSDT 15m, market
// orders at the next bar open, 0.01 BTC, 0.055% taker fee, no funding, run through the real CLI
// path (store, gates, features, PlayEngine, simulated exchange), must give exactly the trade list
// of the naive reference loop in reference/ema-cross-reference.ts. The CLI is the harness's TRADE:
// dist/trade, what users run (the source only when it is not built or TRADE_E2E_SOURCE=1).
import { describe, expect, test } from 'bun:test';
import { join, resolve } from 'node:path';
import { readParquet } from '../../src/data';
import { sandbox } from '../e2e/cli-harness';
import { findDataFile, readMinuteCandles } from './candles';
import { referenceEmaCross } from './reference/ema-cross-reference';

const PLAY = resolve(import.meta.dir, 'plays/ema-12-26-reversal.yml');
const FROM = '2024-01-03';
const TO = '2025-01-01';
const dataFile = findDataFile();

describe.skipIf(!dataFile)('EMA 12/26 reversal vs a naive reference loop (2024 BTCUSDT 15m)', () => {
  test(
    'identical trade list',
    async () => {
      const box = sandbox('trade-ema-ref-');
      let ours: Record<string, unknown>[];
      try {
        const db = join(box.dir, 'store.duckdb');
        const imp = box.run('data', 'import', dataFile!, '--db', db);
        expect(imp.err).toBe('');
        expect(imp.code).toBe(0);
        const run = box.run(
          'backtest',
          PLAY,
          '--db',
          db,
          '--from',
          FROM,
          '--to',
          TO,
          '--no-funding',
          '--out',
          join(box.dir, 'bt'),
          '--json',
        );
        expect(run.err).toBe('');
        expect(run.code).toBe(0);
        const out = JSON.parse(run.out);
        ours = await readParquet(join(out.artifacts, 'trades.parquet'));
      } finally {
        box.cleanup();
      }

      const candles = readMinuteCandles(dataFile!);
      const ref = referenceEmaCross(candles, Date.parse(FROM), Date.parse(TO), 0.01, 0.00055);
      expect(ref.length).toBeGreaterThan(1000);
      expect(ours.length).toBe(ref.length);
      for (let i = 0; i < ref.length; i++) {
        const r = ref[i]!;
        const o = ours[i]!;
        expect([o.side, Number(o.entry_ts_ms), o.entry_price, Number(o.exit_ts_ms), o.exit_price]).toEqual([
          r.side,
          r.entryTsMs,
          r.entryPrice,
          r.exitTsMs,
          r.exitPrice,
        ]);
        expect(o.qty).toBe(0.01);
        expect(Math.abs((o.fees_usdt as number) - r.feesUsdt)).toBeLessThan(1e-8);
        expect(Math.abs((o.pnl_usdt as number) - r.pnlUsdt)).toBeLessThan(1e-8);
        expect(o.exit_reason).toBe('signal');
      }
    },
    { timeout: 120_000 },
  );
});
