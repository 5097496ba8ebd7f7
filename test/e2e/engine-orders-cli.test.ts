// Issue 11 item 2 from the shipped binary: the order rules of the engine on the bundled month,
// read back from the artifacts (trades.parquet, equity.parquet, decisions.parquet through DuckDB).
// vwap-reversion-5m opens every trade with one entry order of one sized quantity (before: 88 entry
// fills for 87 trades and a 0.032 BTC short of two 0.016 entries); a GTC limit entry that never
// fills is sent once (before: 120 times); expire_bars lapses it; the opposite signal cancels the
// working entry before the other side is entered, and so should an exit signal (known gap, below);
// skipped entries are counted by reason in the summary and in --json, insufficient_margin included.
// The test Plays are the in-process tests' own (test/unit/engine/plays).
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readParquet } from '../../src/data';
import { ROOT, sandbox } from './cli-harness';

const box = sandbox('trade-e2e-orders-');
afterAll(() => box.cleanup());
const DB = join(box.dir, 'store.duckdb');
const TEST_PLAYS = join(ROOT, 'test/unit/engine/plays');
/** After the 5 August 2024 crash: a limit 9% away from the close does not fill from here on. */
const CALM = ['--from', '2024-08-10', '--to', '2024-09-01'];

beforeAll(() => {
  expect(box.run('data', 'import', '--sample', '--db', DB).code).toBe(0);
}, 60_000);

interface Order {
  clientId: string;
  side: 'buy' | 'sell';
  qty: number;
  price?: number;
  reduceOnly: boolean;
  type: string;
}
type Command = { kind: 'submit'; order: Order } | { kind: 'cancel'; clientId: string };
interface DecisionRow {
  tsMs: number;
  action: string;
  inputs: Record<string, number | null>;
  commands: Command[];
}

/** `trade backtest PLAY --decisions --json ...`: the JSON and the artifacts read through DuckDB. */
async function backtest(play: string, ...args: string[]) {
  const r = box.run('backtest', play, '--db', DB, '--out', join(box.dir, 'bt'), '--decisions', '--json', ...args);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  const j = JSON.parse(r.out);
  const decisions: DecisionRow[] = (await readParquet(join(j.artifacts, 'decisions.parquet'))).map((d) => ({
    tsMs: Number(d.ts_ms),
    action: d.action as string,
    inputs: JSON.parse(d.inputs_json as string),
    commands: JSON.parse(d.commands_json as string),
  }));
  const trades = await readParquet(join(j.artifacts, 'trades.parquet'));
  const equity = await readParquet(join(j.artifacts, 'equity.parquet'));
  return { j, decisions, trades, equity };
}

const submits = (ds: DecisionRow[]) =>
  ds.flatMap((d) => d.commands.flatMap((c) => (c.kind === 'submit' ? [{ tsMs: d.tsMs, order: c.order }] : [])));

describe('order rules from dist/trade (bundled month)', () => {
  test('vwap-reversion-5m: one entry order of one sized quantity per trade, never a bigger position', async () => {
    const { j, decisions, trades, equity } = await backtest(join(ROOT, 'plays/vwap-reversion-5m.yml'));
    const entries = submits(decisions).filter((s) => !s.order.reduceOnly);
    expect(j.metrics.trades).toBe(87);
    expect(j.open_position).toBeNull();
    // Every trade is opened by its own entry order: same side, the order's quantity and limit
    // price, placed before the trade opened; no entry order opens two trades. The trade's qty is
    // the largest position it reached, so a second entry filling into it would show here.
    const used = new Set<string>();
    for (const t of trades) {
      const side = t.side === 'long' ? 'buy' : 'sell';
      const entry = entries.find(
        (e) =>
          !used.has(e.order.clientId) &&
          e.order.side === side &&
          e.order.price === t.entry_price &&
          e.tsMs <= Number(t.entry_ts_ms) &&
          e.order.qty === t.qty,
      );
      expect({ trade: t.entry_ts_ms, entry: entry?.order.clientId ?? 'none' }).toEqual({
        trade: t.entry_ts_ms,
        entry: expect.stringMatching(/^bt-[LS]\d+$/),
      });
      used.add(entry!.order.clientId);
    }
    // entry fills = trades: every entry order sent filled once and opened one trade (no cancels here)
    expect(used.size).toBe(trades.length);
    expect(entries.length).toBe(trades.length);
    // At every exec close the position is at most one sized entry (1,000 USDT): 0.015 to 0.020 BTC.
    const maxEntryQty = Math.max(...entries.map((e) => e.order.qty));
    const positions = equity.map((e) => Math.abs(e.position_qty as number));
    expect(Math.max(...positions)).toBeLessThanOrEqual(maxEntryQty);
    expect(Math.max(...positions)).toBeGreaterThan(0);
    for (const t of trades) expect((t.qty as number) * (t.entry_price as number)).toBeLessThan(1000 * 1.01);
  }, 60_000);

  test('a GTC limit entry that never fills is sent once, while its signal fires at every close', async () => {
    const { j, decisions } = await backtest(join(TEST_PLAYS, 'never-fills.yml'), ...CALM);
    expect(decisions.filter((d) => d.action === 'enter_long').length).toBe(22 * 96);
    const sent = submits(decisions);
    expect(sent.map((s) => s.order.clientId)).toEqual(['bt-L1']);
    expect(sent[0]!.order).toMatchObject({ side: 'buy', type: 'limit', reduceOnly: false });
    expect(decisions.some((d) => d.commands.some((c) => c.kind === 'cancel'))).toBe(false);
    expect(j.metrics.trades).toBe(0);
    expect(j.skipped_entries).toEqual([]);
  }, 60_000);

  test('expire_bars 4: the entry lapses every 4 exec bars and is placed again; counted as expired in --json and the summary', async () => {
    const play = join(TEST_PLAYS, 'expiring.yml');
    const { j, decisions } = await backtest(play, ...CALM);
    const sent = submits(decisions);
    expect(sent.length).toBeGreaterThan(100);
    // placed at bar k, lapses at the close of bar k + 4, placed again at that same close, with a new id
    for (let i = 1; i < sent.length; i++) {
      expect(sent[i]!.tsMs - sent[i - 1]!.tsMs).toBe(4 * 3_600_000);
      expect(sent[i]!.order.clientId).toBe(`bt-L${i + 1}`);
    }
    expect(j.metrics.trades).toBe(0);
    expect(j.skipped_entries).toEqual([{ reason: 'expired', count: sent.length - 1 }]);
    expect(j.skipped_entries_total).toBe(sent.length - 1);
    const text = box.run('backtest', play, '--db', DB, '--out', join(box.dir, 'bt'), ...CALM);
    expect(text.code).toBe(0);
    const row = text.out.split('\n').find((l) => l.startsWith('skipped entries'));
    expect(row).toBe(`skipped entries            ${sent.length - 1} (expired: ${sent.length - 1})`);
  }, 60_000);

  test('reversals at 100% equity and 1x are sized from the wallet after the close: every one placed, none skipped', async () => {
    const { j, decisions, trades } = await backtest(join(TEST_PLAYS, 'full-margin-reversal.yml'));
    expect(j.metrics.trades).toBeGreaterThan(100);
    expect(j.skipped_entries).toEqual([]);
    expect(j.skipped_entries_total).toBe(0);
    // A reversal is one decision: close reduce-only, then the new entry, sized to what is left.
    const reversals = decisions.filter((d) => d.commands.filter((c) => c.kind === 'submit').length === 2);
    expect(reversals.length).toBeGreaterThan(100);
    for (const d of reversals) {
      const [close, open] = d.commands.map((c) => (c as { order: Order }).order);
      expect([close!.reduceOnly, open!.reduceOnly, close!.side === open!.side]).toEqual([true, false, true]);
    }
    // Every entry sent opened a trade (the last one may still be open at the end).
    const entries = submits(decisions).filter((s) => !s.order.reduceOnly);
    expect(entries.length).toBe(trades.length + (j.open_position === null ? 0 : 1));
  }, 60_000);

  test('the opposite signal cancels the working entry first, then enters the other side', async () => {
    // never-fills.yml, long above the EMA and short below it: the limit (9% away) never fills, the
    // side flips every few bars.
    const text = readFileSync(join(TEST_PLAYS, 'never-fills.yml'), 'utf8')
      .replace(
        'when: close > 0\n      emit: enter_long',
        'when: close > ema\n      emit: enter_long\n    - when: close < ema\n      emit: enter_short',
      )
      .replace('id: never-fills', 'id: opposite-cancels');
    expect(text).toContain('emit: enter_short');
    const { j, decisions } = await backtest(box.file('opposite.yml', text), ...CALM);
    expect(j.metrics.trades).toBe(0);
    const acting = decisions.filter((d) => d.commands.length > 0);
    expect(acting.length).toBeGreaterThan(100);
    expect(acting[0]!.commands).toMatchObject([{ kind: 'submit', order: { clientId: 'bt-L1', side: 'buy' } }]);
    let working = 'bt-L1';
    for (const d of acting.slice(1)) {
      // One decision: cancel the entry still working, then submit the other side; the same signal
      // while an entry works issues nothing (only flips act).
      const side = d.action === 'enter_long' ? 'buy' : 'sell';
      expect(d.commands).toMatchObject([
        { kind: 'cancel', clientId: working },
        { kind: 'submit', order: { side, reduceOnly: false } },
      ]);
      const next = (d.commands[1] as { order: Order }).order.clientId;
      expect(next.slice(3, 4)).toBe(side === 'buy' ? 'L' : 'S');
      expect(working.slice(3, 4)).not.toBe(next.slice(3, 4));
      working = next;
    }
    // An enter signal of the working side never issues anything.
    const flips = new Set(acting.map((d) => d.tsMs));
    const quiet = decisions.filter((d) => !flips.has(d.tsMs) && d.action !== 'none');
    expect(quiet.length).toBeGreaterThan(500);
  }, 60_000);

  test('a qty far beyond what the equity can margin: every entry skipped as insufficient_margin, in --json and the summary', async () => {
    // never-fills sized at 10 BTC with 20 USDT at 1x: the margin cap leaves 20 / (55000 × 1.0011)
    // ≈ 0.0004 BTC, below the 0.001 minimum, so no entry is ever placed.
    const play = box.file(
      'no-margin.yml',
      readFileSync(join(TEST_PLAYS, 'never-fills.yml'), 'utf8')
        .replace('sizing: { notional_usdt: 1000 }', 'sizing: { qty: 10 }')
        .replace('id: never-fills', 'id: no-margin'),
    );
    expect(readFileSync(play, 'utf8')).toContain('sizing: { qty: 10 }');
    const { j, decisions } = await backtest(play, ...CALM, '--equity', '20');
    const signals = decisions.filter((d) => d.action === 'enter_long');
    expect(signals.length).toBe(22 * 96);
    expect(submits(decisions)).toEqual([]);
    expect(j.metrics.trades).toBe(0);
    // One skip per signal: with nothing working, every enter_long tries again and is refused.
    expect(j.skipped_entries).toEqual([{ reason: 'insufficient_margin', count: signals.length }]);
    expect(j.skipped_entries_total).toBe(signals.length);
    const text = box.run('backtest', play, '--db', DB, '--out', join(box.dir, 'bt'), ...CALM, '--equity', '20');
    expect(text.code).toBe(0);
    const row = text.out.split('\n').find((l) => l.startsWith('skipped entries'));
    expect(row).toBe(`skipped entries            ${signals.length} (insufficient_margin: ${signals.length})`);
  }, 60_000);
});

describe('an exit signal while a limit entry works (never-fills with an exit rule)', () => {
  // Long above the EMA, exit_long below it: the 9%-away limit never fills, so the position stays
  // flat while bt-L1 works and the exit rule's condition comes true many times.
  const exitPlay = () =>
    box.file(
      'exit-cancels.yml',
      readFileSync(join(TEST_PLAYS, 'never-fills.yml'), 'utf8')
        .replace(
          '    - when: close > 0\n      emit: enter_long',
          '    - when: close > ema\n      emit: enter_long\n  exits:\n    - when: close < ema\n      emit: exit_long',
        )
        .replace('id: never-fills', 'id: exit-cancels'),
    );
  const exitFires = (d: DecisionRow) => (d.inputs['exec:close'] as number) < (d.inputs['exec:ema.value'] as number);

  test('the set-up: bt-L1 is sent and works, flat, while the exit condition holds at later closes', async () => {
    const play = exitPlay();
    expect(readFileSync(play, 'utf8')).toContain('emit: exit_long');
    const { j, decisions } = await backtest(play, ...CALM);
    expect(j.metrics.trades).toBe(0);
    const first = decisions.findIndex((d) => d.commands.length > 0);
    expect(decisions[first]?.commands).toMatchObject([{ kind: 'submit', order: { clientId: 'bt-L1', type: 'limit', reduceOnly: false } }]);
    const later = decisions.slice(first + 1);
    expect(later.filter(exitFires).length).toBeGreaterThan(100);
    expect(later.filter(exitFires).every((d) => d.inputs.side === 0)).toBe(true);
  }, 60_000);

  // Issue 11 item 2, "the opposite signal or an exit cancels it first": flat with a working entry,
  // PlayStrategy reads the exit rules of the entry's side (EvalState.workingEntrySide).
  test('the first exit cancels the working entry: an exit decision whose only command is the cancel of bt-L1, no reduce-only submit', async () => {
    const { decisions } = await backtest(exitPlay(), ...CALM);
    const first = decisions.findIndex((d) => d.commands.length > 0);
    const exit = decisions.slice(first + 1).find(exitFires);
    expect(exit && { action: exit.action, commands: exit.commands }).toEqual({
      action: 'exit_long',
      commands: [{ kind: 'cancel', clientId: 'bt-L1' }],
    });
    // Every cancel comes from an exit, of the entry then working; flat, nothing is ever closed.
    let working = '';
    for (const d of decisions) {
      for (const c of d.commands) {
        if (c.kind === 'submit') working = c.order.clientId;
        else {
          expect([d.action, c.clientId]).toEqual(['exit_long', working]);
          working = '';
        }
      }
    }
    expect(submits(decisions).filter((s) => s.order.reduceOnly)).toEqual([]);
  }, 60_000);
});
