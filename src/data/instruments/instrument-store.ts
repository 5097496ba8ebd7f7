// Instruments and their risk tiers in the store. upsertInstrument is the single write path (bundled
// defaults now, Bybit sync later): it replaces the instrument row and all its tiers in one
// transaction. getInstrument stores the bundled default on first use of a known symbol (a store
// opened read-only gets the default without storing it).
import type { Instrument, RiskTier } from '../../domain';
import { DataError } from '../../errors';
import type { Store } from '../store';
import { DEFAULT_FUNDING_INTERVAL_MIN, DEFAULT_INSTRUMENTS, defaultInstrument } from './defaults';

export async function upsertInstrument(store: Store, inst: Instrument): Promise<void> {
  const db = store.db;
  await db.transaction(async () => {
    await db.run(
      `INSERT OR REPLACE INTO instruments (symbol, tick_size, qty_step, min_qty, min_notional, max_leverage, funding_interval_min, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [inst.symbol, inst.tickSize, inst.qtyStep, inst.minQty, inst.minNotional, inst.maxLeverage, inst.fundingIntervalMin, inst.source],
    );
    await db.run('DELETE FROM risk_tiers WHERE symbol = $1', [inst.symbol]);
    for (const [i, t] of inst.tiers.entries()) {
      await db.run(
        'INSERT INTO risk_tiers (symbol, tier, risk_limit_usdt, max_leverage, mmr, mm_deduction) VALUES ($1, $2, $3, $4, $5, $6)',
        [inst.symbol, i + 1, t.riskLimitUsdt, t.maxLeverage, t.mmr, t.mmDeductionUsdt],
      );
    }
  });
}

interface InstrumentRow {
  symbol: string;
  tick_size: number;
  qty_step: number;
  min_qty: number;
  min_notional: number;
  max_leverage: number;
  funding_interval_min: number;
  source: string;
}

async function readInstruments(store: Store, symbol?: string): Promise<Instrument[]> {
  const where = symbol === undefined ? '' : 'WHERE symbol = $1';
  const params = symbol === undefined ? [] : [symbol];
  const rows = await store.db.rows<InstrumentRow>(`SELECT * FROM instruments ${where} ORDER BY symbol`, params);
  const tiers = await store.db.rows<{ symbol: string; risk_limit_usdt: number; max_leverage: number; mmr: number; mm_deduction: number }>(
    `SELECT * FROM risk_tiers ${where} ORDER BY symbol, tier`,
    params,
  );
  return rows.map((r) => ({
    symbol: r.symbol,
    tickSize: r.tick_size,
    qtyStep: r.qty_step,
    minQty: r.min_qty,
    minNotional: r.min_notional,
    maxLeverage: r.max_leverage,
    fundingIntervalMin: Number(r.funding_interval_min),
    source: r.source,
    tiers: tiers
      .filter((t) => t.symbol === r.symbol)
      .map(
        (t): RiskTier => ({ riskLimitUsdt: t.risk_limit_usdt, maxLeverage: t.max_leverage, mmr: t.mmr, mmDeductionUsdt: t.mm_deduction }),
      ),
  }));
}

/** Stores the bundled default of every known symbol that has no instrument yet (never overwrites). */
export async function ensureDefaultInstruments(store: Store): Promise<void> {
  if (store.readOnly) return;
  const have = new Set((await store.db.rows<{ symbol: string }>('SELECT symbol FROM instruments')).map((r) => r.symbol));
  for (const inst of DEFAULT_INSTRUMENTS) if (!have.has(inst.symbol)) await upsertInstrument(store, inst);
}

export async function getInstrument(store: Store, symbol: string): Promise<Instrument> {
  const found = (await readInstruments(store, symbol))[0];
  if (found) return found;
  const fallback = defaultInstrument(symbol);
  if (!fallback) {
    const known = DEFAULT_INSTRUMENTS.map((i) => i.symbol).join(', ');
    throw new DataError('DATA_MISSING', `no instrument for ${symbol} in the store (bundled defaults exist for ${known})`, { symbol });
  }
  if (!store.readOnly) await upsertInstrument(store, fallback);
  return fallback;
}

/** Every stored instrument and the bundled default of every known symbol not stored (stored first when writable). */
export async function listInstruments(store: Store): Promise<Instrument[]> {
  await ensureDefaultInstruments(store);
  const stored = await readInstruments(store);
  const have = new Set(stored.map((i) => i.symbol));
  const missing = DEFAULT_INSTRUMENTS.filter((i) => !have.has(i.symbol));
  return [...stored, ...missing].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}

/** The instrument's funding interval, or Bybit's usual 8 h for a symbol the store does not know. */
export async function fundingIntervalMin(store: Store, symbol: string): Promise<number> {
  const found = (await readInstruments(store, symbol))[0] ?? defaultInstrument(symbol);
  return found?.fundingIntervalMin ?? DEFAULT_FUNDING_INTERVAL_MIN;
}
