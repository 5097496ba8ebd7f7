// Issue 13 items 4 and 5: the summary tells the whole story. Start and end equity, the position
// still open at the end with its unrealised PnL (why net PnL differs from the closed trades), the
// entries not placed grouped by reason, and n/a (null in JSON) for a metric without meaning.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { groupSkipped } from '../../src/backtest/run';
import { ROOT, sandbox } from './cli-harness';

const box = sandbox('trade-e2e-summary-');
afterAll(() => box.cleanup());
const PLAY = join(ROOT, 'plays/ema-cross.yml');
const EMA = readFileSync(PLAY, 'utf8');
const DB = join(box.dir, 'store.duckdb');
const bt = (play: string, ...args: string[]) => box.run('backtest', play, '--db', DB, '--out', join(box.dir, 'bt'), ...args);

beforeAll(() => {
  expect(box.run('data', 'import', '--sample', '--db', DB).code).toBe(0);
}, 60_000);

describe('backtest summary', () => {
  test('a 15-day window: equity, open position, n/a for CAGR and Calmar, skipped entries', () => {
    const args = ['--from', '2024-08-05', '--to', '2024-08-20'];
    const j = JSON.parse(bt(PLAY, ...args, '--json').out);
    expect(j.metrics.startEquityUsdt).toBe(10_000);
    expect(j.metrics.endEquityUsdt).toBeCloseTo(10_000 + j.metrics.netPnlUsdt, 9);
    expect(j.metrics.cagrPct).toBeNull();
    expect(j.metrics.calmar).toBeNull();
    expect(j.metrics.trades).toBeGreaterThan(0);
    // The open position's unrealised PnL is in net PnL, not in the closed trades.
    expect(typeof j.closed_trades_pnl_usdt).toBe('number');
    expect(Math.abs(j.closed_trades_pnl_usdt - j.metrics.netPnlUsdt)).toBeGreaterThan(1);
    expect(j.open_position).toEqual({
      side: 'long',
      qty: expect.any(Number),
      entryPrice: expect.any(Number),
      unrealizedPnlUsdt: expect.any(Number),
    });
    expect(j.skipped_entries).toEqual([]);
    expect(j.skipped_entries_total).toBe(0);
    const text = bt(PLAY, ...args).out;
    const row = (name: string) => text.split('\n').find((l) => l.startsWith(name)) ?? '';
    expect(row('start / end equity (USDT)')).toMatch(/10000\.00 \/ \d+\.\d\d$/);
    expect(row('open position at end')).toMatch(/long [\d.]+ @ [\d.]+, unrealised [+-][\d.]+ USDT$/);
    expect(row('CAGR %')).toMatch(/n\/a$/);
    expect(row('Calmar')).toMatch(/n\/a$/);
    expect(row('skipped entries')).toMatch(/ 0$/);
    const u = j.open_position.unrealizedPnlUsdt.toFixed(2);
    expect(row('open position at end')).toContain(`unrealised ${j.open_position.unrealizedPnlUsdt >= 0 ? '+' : ''}${u} USDT`);
  }, 60_000);

  test('entries that are never placed are counted by reason, in the table and in --json', () => {
    const tiny = box.file('tiny.yml', EMA.replace('sizing: { risk_pct: 1 }', 'sizing: { qty: 0.0001 }'));
    const j = JSON.parse(bt(tiny, '--json').out);
    expect(j.metrics.trades).toBe(0);
    expect(j.skipped_entries).toEqual([{ reason: 'below_min_qty', count: j.skipped_entries_total }]);
    expect(j.skipped_entries_total).toBeGreaterThan(100);
    // No trade: no win rate, no profit factor, no drawdown duration.
    for (const k of ['winRatePct', 'profitFactor', 'maxDrawdownDurationDays', 'expectancyUsdt', 'avgBarsInTrade'])
      expect(j.metrics[k]).toBeNull();
    const text = bt(tiny).out;
    expect(text).toContain(`skipped entries            ${j.skipped_entries_total} (below_min_qty: ${j.skipped_entries_total})`);
    expect(text).toMatch(/profit factor +n\/a/);
  }, 60_000);

  // Sizing leaves room for the order cost (margin + fees): at 5% (and 4.4%) the margin caps every
  // entry and all of them are placed: as many trades as at 1% (was 0 trades, and 130 at 4.4%, none reported).
  test('risk_pct 5 or 4.4, leverage 3 and a 1.5% stop: every entry placed (sizing leaves room for fees and margin)', () => {
    const plainTrades = JSON.parse(bt(PLAY, '--json').out).metrics.trades;
    expect(plainTrades).toBeGreaterThan(100);
    for (const pct of ['5', '4.4']) {
      const r = box.file(`r${pct}.yml`, EMA.replace('sizing: { risk_pct: 1 }', `sizing: { risk_pct: ${pct} }`));
      const j = JSON.parse(bt(r, '--json').out);
      expect(j.metrics.trades).toBe(plainTrades);
      expect(j.skipped_entries_total).toBe(0);
    }
  }, 60_000);

  test('skipped entries group by reason: count desc, then reason', () => {
    const reasons = ['b', 'a', 'c', 'a', 'b', 'd', 'a'].map((reason, k) => ({ tsMs: k, reason }));
    expect(groupSkipped(reasons)).toEqual([
      { reason: 'a', count: 3 },
      { reason: 'b', count: 2 },
      { reason: 'c', count: 1 },
      { reason: 'd', count: 1 },
    ]);
    expect(groupSkipped([])).toEqual([]);
  });
});
