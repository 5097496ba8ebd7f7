// The parity suite (issue 16 item 3): demo sessions on the emulator over replayed 2024 days (the
// real year, imported once), each compared with a backtest of its recorded window and warm start
// on the bars it stored, and replayed with `trade replay`, in process and by the binary users run
// (dist/trade, through the e2e harness), which writes `<journal>.parity.json` beside the journal:
// 100% identical decisions (inputs, action, case, commands) and fills equal to 1e-8. Cases: ema-cross (market entries, percent stop,
// R target), ms-break-demand (every-1m evaluation, post-only limit entries, structure levels),
// donchian-breakout (4h exec, ATR trailing stop), htf-trend-filter (a 4h timeframe beside 15m).
import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../../src/data';
import { dataImport, replay } from '../../src/tools';
import { TRADE } from '../e2e/cli-harness';
import { findDataFile } from '../parity/candles';
import { tempDir } from '../unit/data/helpers';
import { backtestOfSession, lockstepSession } from './lockstep';

const ROOT = join(import.meta.dir, '../..');
const tmp = tempDir();
let store: Store;

beforeAll(async () => {
  const year = findDataFile();
  const funding = findDataFile('bybit_linear_BTCUSDT_funding8h_2023-11-29_2025-12-29.csv.gz');
  if (!year || !funding) throw new Error('the 2024 BTCUSDT files are not in ../shared/data/market');
  await dataImport(join(tmp.dir, 'emu.duckdb'), { files: [year, funding] });
  store = await Store.open(join(tmp.dir, 'emu.duckdb'));
}, 120_000);
afterAll(() => {
  store?.close();
  tmp.cleanup();
});

const CASES = [
  { play: 'ema-cross', from: '2024-03-04', days: 2, exit: 'take_profit' },
  { play: 'ms-break-demand', from: '2024-08-26', days: 2, exit: 'stop_loss' },
  { play: 'donchian-breakout', from: '2024-03-01', days: 6, exit: 'trailing' },
  { play: 'htf-trend-filter', from: '2024-08-01', days: 3, exit: 'stop_loss' },
] as const;

for (const c of CASES) {
  test(`${c.play}: ${c.days} replayed days from ${c.from}: the session, its backtest and its replay agree`, async () => {
    const playPath = join(ROOT, 'plays', `${c.play}.yml`);
    const fromMs = Date.parse(`${c.from}T00:00:00Z`);
    const s = await lockstepSession({ store, dir: tmp.dir, playPath, mode: 'demo', fromMs, minutes: c.days * 1440 });
    expect(s.summary.bars).toBe(c.days * 1440);
    expect(s.summary.skipped).toEqual([]);
    const j = new Database(s.journalPath, { readonly: true });
    const runId = JSON.parse(j.query<{ value: string }, []>("SELECT value FROM meta WHERE key = 'session'").get()!.value).runId;
    const live = j
      .query<{ json: string }, []>('SELECT json FROM decisions ORDER BY seq')
      .all()
      .map((r) => JSON.parse(r.json));
    j.close();
    const bt = await backtestOfSession(playPath, s.dbPath, s.summary.startMs, s.endMs, runId, join(tmp.dir, 'bt'));
    expect(live.length).toBe(bt.length);
    for (let i = 0; i < bt.length; i++) if (!Bun.deepEquals(live[i], bt[i])) expect({ i, d: live[i] }).toEqual({ i, d: bt[i] });
    const r = replay({ ref: s.journalPath });
    expect({ identical: r.identical, divergence: r.divergence }).toEqual({ identical: true, divergence: undefined });
    expect(r.recorded).toEqual({ checked: true, identical: true, divergence: undefined });
    // The binary: `trade replay <journal> --json`, exit 0, both paths identical, and the report it
    // writes (the in-process replay's copy is removed first, so this one is the binary's).
    expect(r.parityFile).toBe(s.journalPath.replace(/\.sqlite$/, '.parity.json'));
    rmSync(r.parityFile, { force: true });
    const bin = Bun.spawnSync([...TRADE, 'replay', s.journalPath, '--json'], { cwd: tmp.dir, env: { ...process.env, TZ: 'UTC' } });
    const out = bin.stdout.toString();
    expect({ code: bin.exitCode, err: bin.stderr.toString() }).toEqual({ code: 0, err: '' });
    const fromBin = JSON.parse(out) as {
      identical: boolean;
      recorded: { identical: boolean };
      decisions: number;
      fills: number;
      parityFile: string;
    };
    expect([fromBin.identical, fromBin.recorded.identical, fromBin.decisions, fromBin.fills]).toEqual([true, true, r.decisions, r.fills]);
    expect(fromBin.parityFile).toBe(r.parityFile);
    expect(existsSync(r.parityFile)).toBe(true);
    const parity = JSON.parse(readFileSync(r.parityFile, 'utf8')) as {
      identical: boolean;
      recorded: { identical: boolean };
      session: string;
    };
    expect({ identical: parity.identical, recorded: parity.recorded.identical, session: parity.session }).toEqual({
      identical: true,
      recorded: true,
      session: r.session,
    });
    const sources = s.lines.flatMap((l) => (l.type === 'fill' ? [l.source] : []));
    console.log(
      `parity ${c.play}: ${r.decisions} decisions, ${s.summary.orders} orders, ${r.fills} fills (${sources.join(' ')}) identical`,
    );
    expect(r.fills).toBeGreaterThan(1);
    // The exit the case is here for happened on the emulator (and the same in the backtest).
    expect(sources).toContain(c.exit);
  }, 180_000);
}
