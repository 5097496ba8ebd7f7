// Issue 11 item 3 from the shipped binary: the engine's own trade record. Every example Play on the
// bundled month writes the trades pinned in test/parity/example-trades.ts (the simulator's own
// round trips, the figures from before the engine kept its record: the in-process test proves
// both equal them); each trade carries entry, exit, fees, funding and MAE/MFE, adding up to the
// account's fees and funding; MAE/MFE are recomputed here from the 1m highs and lows that
// `trade data candles` prints.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readParquet } from '../../src/data';
import { EXAMPLE_TRADES_HASH } from '../parity/example-trades';
import { ROOT, sandbox } from './cli-harness';

const box = sandbox('trade-e2e-trades-');
afterAll(() => box.cleanup());
const DB = join(box.dir, 'store.duckdb');
const PLAYS = readdirSync(join(ROOT, 'plays')).filter((f) => f.endsWith('.yml'));

beforeAll(() => {
  expect(box.run('data', 'import', '--sample', '--db', DB).code).toBe(0);
}, 60_000);

interface TradeRow {
  entry_ts_ms: bigint;
  exit_ts_ms: bigint;
  side: 'long' | 'short';
  qty: number;
  entry_price: number;
  exit_price: number;
  fees_usdt: number;
  funding_usdt: number;
  pnl_usdt: number;
  mae_usdt: number;
  mfe_usdt: number;
  exit_reason: string;
  ambiguous: boolean;
}

async function backtest(play: string) {
  const r = box.run('backtest', join(ROOT, 'plays', play), '--db', DB, '--out', join(box.dir, 'bt'), '--json');
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  const j = JSON.parse(r.out);
  return { j, trades: (await readParquet(join(j.artifacts, 'trades.parquet'))) as unknown as TradeRow[] };
}

describe('the engine trade record from dist/trade (bundled month)', () => {
  test('every example Play gives the pinned trades (the simulator round trips of before)', () => {
    expect(PLAYS.sort()).toEqual(Object.keys(EXAMPLE_TRADES_HASH).sort());
    for (const play of PLAYS) {
      const r = box.run('backtest', join(ROOT, 'plays', play), '--db', DB, '--out', join(box.dir, 'bt'), '--json');
      const pinned = EXAMPLE_TRADES_HASH[play];
      if (pinned === null) {
        // warm-up longer than the month: fails closed, as in-process
        expect({ play, code: r.code }).toEqual({ play, code: 2 });
        expect(JSON.parse(r.out).error.code).toBe('GATE_FAILED');
        continue;
      }
      expect({ play, code: r.code, err: r.err }).toEqual({ play, code: 0, err: '' });
      const j = JSON.parse(r.out);
      expect({ play, trades_hash: j.hashes.trades_hash }).toEqual({ play, trades_hash: pinned });
      expect(j.metrics.trades).toBeGreaterThan(0);
    }
  }, 120_000);

  test('each trade carries entry, exit, fees, funding and MAE/MFE; PnL, fees and funding add up', async () => {
    for (const play of ['ema-cross.yml', 'vwap-reversion-5m.yml']) {
      const { j, trades } = await backtest(play);
      expect(trades.length).toBe(j.metrics.trades);
      let withFunding = 0;
      for (const t of trades) {
        const dir = t.side === 'long' ? 1 : -1;
        expect(t.exit_ts_ms).toBeGreaterThanOrEqual(t.entry_ts_ms); // a stop may fill in the entry minute
        expect(t.entry_price).toBeGreaterThan(0);
        expect(t.exit_price).toBeGreaterThan(0);
        expect(t.fees_usdt).toBeGreaterThan(0);
        expect(t.mae_usdt).toBeLessThanOrEqual(0);
        expect(t.mfe_usdt).toBeGreaterThanOrEqual(0);
        expect(t.mfe_usdt - t.mae_usdt).toBeGreaterThan(0);
        // one entry, one exit: net PnL = price move x qty - fees - funding
        expect(t.pnl_usdt).toBeCloseTo(dir * (t.exit_price - t.entry_price) * t.qty - t.fees_usdt - t.funding_usdt, 6);
        if (t.funding_usdt !== 0) withFunding++;
      }
      expect(withFunding).toBeGreaterThan(play === 'ema-cross.yml' ? 30 : 0);
      if (j.open_position === null) {
        // Everything the account paid belongs to a closed trade.
        expect(trades.reduce((a, t) => a + t.fees_usdt, 0)).toBeCloseTo(j.metrics.feesUsdt, 6);
        expect(trades.reduce((a, t) => a + t.funding_usdt, 0)).toBeCloseTo(j.metrics.fundingUsdt, 6);
      }
    }
  }, 60_000);

  test('MAE/MFE by hand from the 1m highs and lows (ema-cross, every trade closed by a signal)', async () => {
    const { trades } = await backtest('ema-cross.yml');
    const c = box.run('data', 'candles', 'BTCUSDT', '--tf', '1m', '--format', 'json', '--db', DB);
    expect(c.code).toBe(0);
    const bars = new Map<number, { open: number; high: number; low: number }>();
    for (const b of JSON.parse(c.out).bars) bars.set(Date.parse(b.ts_open), b);
    // Entry and signal exit are market orders at a minute's open: the trade sees every high and
    // low from its entry minute up to (not including) its exit minute, and the exit minute's open.
    const signal = trades.filter((t) => t.exit_reason === 'signal' && !t.ambiguous);
    expect(signal.length).toBeGreaterThan(100);
    for (const t of signal) {
      const dir = t.side === 'long' ? 1 : -1;
      const upnl = (price: number) => dir * (price - t.entry_price) * t.qty;
      const exitMs = Number(t.exit_ts_ms);
      let mae = Math.min(0, upnl(bars.get(exitMs)!.open));
      let mfe = Math.max(0, upnl(bars.get(exitMs)!.open));
      for (let ms = Number(t.entry_ts_ms); ms < exitMs; ms += 60_000) {
        const b = bars.get(ms)!;
        mae = Math.min(mae, upnl(b.low), upnl(b.high));
        mfe = Math.max(mfe, upnl(b.low), upnl(b.high));
      }
      expect({ entry: t.entry_ts_ms, mae: t.mae_usdt, mfe: t.mfe_usdt }).toEqual({
        entry: t.entry_ts_ms,
        mae: expect.closeTo(mae, 6),
        mfe: expect.closeTo(mfe, 6),
      });
    }
  }, 60_000);
});
