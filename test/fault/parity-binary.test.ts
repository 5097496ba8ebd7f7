import { afterAll, beforeAll, expect, test } from 'bun:test';
import { join } from 'node:path';
import { readSession } from '../../src/state';
import { dataImport } from '../../src/tools';
import { ROOT, sandbox } from '../e2e/cli-harness';
import { findDataFile } from '../parity/candles';
import { expectDecisionsAsBacktest, journalRecord, NO_VIOLATIONS, runScenario, violations } from './harness';

const box = sandbox('trade-parity-binary-');
const EMU_DB = join(box.dir, 'emu.duckdb');

beforeAll(async () => {
  const year = findDataFile();
  const funding = findDataFile('bybit_linear_BTCUSDT_funding8h_2023-11-29_2025-12-29.csv.gz');
  if (!year || !funding) throw new Error('the 2024 BTCUSDT files are not in ../shared/data/market');
  await dataImport(EMU_DB, { files: [year, funding] });
}, 120_000);
afterAll(() => box.cleanup());

// The integration suite's cases: the same plays, windows and the exit each case is there for.
const CASES = [
  { play: 'ema-cross', from: '2024-03-04', days: 2, exit: 'take_profit' },
  { play: 'ms-break-demand', from: '2024-08-26', days: 2, exit: 'stop_loss' },
  { play: 'donchian-breakout', from: '2024-03-01', days: 6, exit: 'trailing' },
  { play: 'htf-trend-filter', from: '2024-08-01', days: 3, exit: 'stop_loss' },
] as const;

for (const c of CASES) {
  test(`${c.play}: ${c.days} replayed days from ${c.from} by dist/trade: the session, its backtest and its replay agree`, async () => {
    const play = join(ROOT, 'plays', `${c.play}.yml`);
    const fromMs = Date.parse(`${c.from}T00:00:00Z`);
    const minutes = c.days * 1440;
    const r = await runScenario({
      mode: 'demo',
      dir: box.dir,
      name: c.play,
      emuDb: EMU_DB,
      play,
      playId: c.play,
      fromMs,
      minutes,
      faults: [],
      env: box.env,
    });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const start = r.lines.find((l) => l.type === 'start') as { start: string };
    const stop = r.lines.find((l) => l.type === 'stop') as { bars: number };
    expect(Date.parse(start.start)).toBe(fromMs);
    expect(stop.bars).toBe(minutes);
    const rec = journalRecord(r.journalPath);
    // Decisions: 100% identical to a backtest over the recorded window and warm start.
    await expectDecisionsAsBacktest(play, r, fromMs, fromMs + minutes * 60_000, join(box.dir, `bt-${c.play}`));
    // The venue agrees with the journal: every execution once, the position, the wallet to 1e-8.
    const summary = readSession(r.journalPath);
    const v = violations(r.journalPath, r.admin, 10_000, summary.pnlUsdt, summary.position);
    expect({ ...v, walletDiffUsdt: v.walletDiffUsdt <= 1e-8 ? 0 : v.walletDiffUsdt }).toEqual(NO_VIOLATIONS);
    // The binary's replay: decisions and fills (to 1e-8) identical on both paths, exit 0.
    const rep = box.run('replay', r.journalPath, '--json');
    expect({ code: rep.code, err: rep.err }).toEqual({ code: 0, err: '' });
    const j = JSON.parse(rep.out) as { identical: boolean; recorded: { identical: boolean }; decisions: number; fills: number };
    expect([j.identical, j.recorded.identical, j.decisions, j.fills]).toEqual([true, true, rec.decisions.length, rec.fills.length]);
    const sources = rec.fills.map((f) => f.source);
    expect(rec.fills.length).toBeGreaterThan(1);
    expect(sources).toContain(c.exit);
    const line = `parity-binary ${c.play}: ${rec.decisions.length} decisions, ${rec.fills.length} fills identical (${sources.join(' ')})`;
    console.log(line);
  }, 1_800_000);
}
