import { afterAll, afterEach, beforeEach, describe, expect, test } from 'bun:test';
import {
  DEFAULT_INSTRUMENTS,
  ensureDefaultInstruments,
  getInstrument,
  listInstruments,
  type Store,
  upsertInstrument,
} from '../../../src/data';
import { withDeductions } from '../../../src/data/instruments/defaults';
import { DataError } from '../../../src/errors';
import { count, tempDir, tempStore } from './helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let store: Store;
let n = 0;
beforeEach(async () => {
  store = await tempStore(tmp.dir, `inst-${n++}.duckdb`);
});
afterEach(() => store.close());

describe('bundled defaults', () => {
  test('BTCUSDT tier deductions follow ded(n) = limit(n-1) × Δmmr + ded(n-1), as published (bybit-v5.md §6.4)', () => {
    const btc = DEFAULT_INSTRUMENTS.find((i) => i.symbol === 'BTCUSDT');
    expect(btc?.tiers.length).toBe(20);
    const recomputed = withDeductions((btc?.tiers ?? []).map((t) => [t.riskLimitUsdt, t.maxLeverage, t.mmr] as const));
    expect(recomputed.map((t) => Math.round(t.mmDeductionUsdt))).toEqual((btc?.tiers ?? []).map((t) => t.mmDeductionUsdt));
    expect(btc?.tiers[19]).toEqual({ riskLimitUsdt: 80_000_000, maxLeverage: 14, mmr: 0.045, mmDeductionUsdt: 1_482_000 });
  });

  test('every ladder: limits rise, leverage falls, MMR rises and stays below the initial margin rate', () => {
    for (const inst of DEFAULT_INSTRUMENTS) {
      expect(inst.tiers[0]?.maxLeverage).toBe(inst.maxLeverage);
      inst.tiers.forEach((t, i) => {
        expect(t.mmr).toBeLessThan(1 / t.maxLeverage);
        const prev = inst.tiers[i - 1];
        if (!prev) return;
        expect(t.riskLimitUsdt).toBeGreaterThan(prev.riskLimitUsdt);
        expect(t.maxLeverage).toBeLessThanOrEqual(prev.maxLeverage);
        expect(t.mmr).toBeGreaterThan(prev.mmr);
      });
    }
  });
});

describe('instrument store', () => {
  test('getInstrument stores the bundled default on first use', async () => {
    const eth = await getInstrument(store, 'ETHUSDT');
    expect([eth.tickSize, eth.qtyStep, eth.minQty, eth.minNotional, eth.maxLeverage, eth.fundingIntervalMin]).toEqual([
      0.01, 0.01, 0.01, 5, 100, 480,
    ]);
    expect(eth.source).toContain('bundled defaults');
    expect(await count(store, "SELECT count(*) AS n FROM instruments WHERE symbol = 'ETHUSDT'")).toBe(1);
    expect(await count(store, "SELECT count(*) AS n FROM risk_tiers WHERE symbol = 'ETHUSDT'")).toBe(eth.tiers.length);
    expect(await getInstrument(store, 'ETHUSDT')).toEqual(eth);
  });

  test('upsertInstrument replaces the row and all tiers; defaults never overwrite it', async () => {
    const synced = {
      symbol: 'BTCUSDT',
      tickSize: 0.1,
      qtyStep: 0.001,
      minQty: 0.001,
      minNotional: 5,
      maxLeverage: 50,
      fundingIntervalMin: 480,
      tiers: [
        { riskLimitUsdt: 1_000_000, maxLeverage: 50, mmr: 0.01, mmDeductionUsdt: 0 },
        { riskLimitUsdt: 2_000_000, maxLeverage: 25, mmr: 0.02, mmDeductionUsdt: 10_000 },
      ],
      source: 'bybit sync 2025-01-01',
    };
    await getInstrument(store, 'BTCUSDT');
    await upsertInstrument(store, synced);
    await ensureDefaultInstruments(store);
    expect(await getInstrument(store, 'BTCUSDT')).toEqual(synced);
    expect(await count(store, "SELECT count(*) AS n FROM risk_tiers WHERE symbol = 'BTCUSDT'")).toBe(2);
    expect((await listInstruments(store)).map((i) => i.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
  });

  test('an unknown symbol is a DATA_MISSING error naming the known ones', async () => {
    const e = await getInstrument(store, 'DOGEUSDT').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).code).toBe('DATA_MISSING');
    expect((e as Error).message).toBe('no instrument for DOGEUSDT in the store (bundled defaults exist for BTCUSDT, ETHUSDT, SOLUSDT)');
  });
});
