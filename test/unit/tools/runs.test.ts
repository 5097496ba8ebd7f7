// trade runs / show / trades / equity in-process: the listing (fields, newest first, --play), a run
// named by a run_hash prefix or its directory (an ambiguous prefix names every candidate), and the
// CSV and JSON exports, read through DuckDB, equal the Parquet columns value for value.
import { afterAll, describe, expect, test } from 'bun:test';
import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { equityColumns, writeArtifacts } from '../../../src/backtest/artifacts';
import { readParquetColumns } from '../../../src/data';
import { type ClosedTrade, EquityLog } from '../../../src/engine';
import { TradeError } from '../../../src/errors';
import { runEquity, runTrades, tableCsv, tableObjects } from '../../../src/tools/run-exports';
import { resolveRun, runsList } from '../../../src/tools/runs';

const T0 = 1_717_200_000_000;

function trades(n: number, seed: number): ClosedTrade[] {
  return Array.from({ length: n }, (_, i) => ({
    side: i % 2 === 0 ? 'long' : 'short',
    qty: 0.001 * (i + 1),
    entryTsMs: T0 + i * 3_600_000,
    entryPrice: 67_000.5 + i * 13.1 + seed,
    exitTsMs: T0 + i * 3_600_000 + 900_000,
    exitPrice: 67_100.25 - i * 7.3,
    feesUsdt: 0.1 + i / 3,
    fundingUsdt: i % 3 === 0 ? 0 : -0.0123 * i,
    pnlUsdt: (i % 2 === 0 ? 1 : -1) * (1 / 3 + i),
    maeUsdt: -0.5 * i,
    mfeUsdt: 0.7 * i,
    exitReason: i % 2 === 0 ? 'take_profit' : 'signal',
    ambiguous: i === 1,
  }));
}

function writeRun(root: string, playId: string, seed: number, nTrades: number, ranAtS: number) {
  const points = Array.from({ length: 96 }, (_, i) => ({
    tsMs: T0 + i * 900_000,
    equityUsdt: 1000 + Math.sin(i / 5 + seed) * 10,
    walletUsdt: 1000,
    positionQty: i % 7 === 0 ? 0 : 0.01,
  }));
  const { dir, manifest } = writeArtifacts({
    rootDir: root,
    manifest: {
      play_id: playId,
      play_hash: 'p'.repeat(64),
      input_hash: String(seed).repeat(64).slice(0, 64),
      engine_hash: 'e'.repeat(64),
      window: { from: '2024-06-01T00:00:00.000Z', to: '2024-06-02T00:00:00.000Z', from_ms: T0, to_ms: T0 + 86_400_000 },
      options: { symbol: 'BTCUSDT', intrabar: 'path' },
    },
    trades: trades(nTrades, seed),
    equity: equityColumns(EquityLog.from(points), 1000),
    result: { symbol: 'BTCUSDT', metrics: { returnPct: seed, maxDrawdownPct: 1.5, sharpe: null } },
  });
  utimesSync(join(dir, 'manifest.json'), ranAtS, ranAtS);
  return { dir, hash: manifest.run_hash };
}

describe('runs', () => {
  const root = mkdtempSync(join(tmpdir(), 'trade-runs-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const a = writeRun(root, 'alpha', 1, 5, 1_700_000_000);
  const b = writeRun(root, 'beta', 2, 3, 1_700_000_100);
  const c = writeRun(root, 'alpha', 3, 0, 1_700_000_050);

  test('list: newest first, the summary fields, --play filters', () => {
    const r = runsList({ root });
    expect(r.runs.map((x) => x.run_hash)).toEqual([b.hash, c.hash, a.hash]);
    const first = r.runs[0]!;
    expect(first).toMatchObject({
      run: b.hash.slice(0, 12),
      play_id: 'beta',
      symbol: 'BTCUSDT',
      from: '2024-06-01T00:00:00.000Z',
      trades: 3,
      return_pct: 2,
      max_drawdown_pct: 1.5,
      sharpe: null,
      ran_at: new Date(1_700_000_100_000).toISOString(),
      dir: b.dir,
    });
    expect(runsList({ root, play: 'alpha' }).runs.map((x) => x.run_hash)).toEqual([c.hash, a.hash]);
    expect(runsList({ root: join(root, 'nowhere') }).runs).toEqual([]);
  });

  test('an unreadable manifest is reported, not fatal', () => {
    const bad = join(root, 'gamma', 'abcdefabcdef');
    cpSync(a.dir, bad, { recursive: true });
    writeFileSync(join(bad, 'manifest.json'), '{not json');
    const r = runsList({ root });
    expect(r.runs).toHaveLength(3);
    expect(r.unreadable.map((u) => u.dir)).toEqual([bad]);
    rmSync(join(root, 'gamma'), { recursive: true });
  });

  test('resolve: full hash, unique prefix, directory', () => {
    expect(resolveRun(root, a.hash)).toBe(a.dir);
    expect(resolveRun(root, b.hash.slice(0, 12))).toBe(b.dir);
    expect(resolveRun(root, a.dir)).toBe(a.dir);
  });

  test('resolve: an ambiguous prefix names every candidate; an unknown one says so', () => {
    // A copy of run a under another play, its manifest's run_hash sharing a's first 6 hex.
    const twin = join(root, 'twin', `${a.hash.slice(0, 6)}ffffff`);
    cpSync(a.dir, twin, { recursive: true });
    const m = JSON.parse(readFileSync(join(twin, 'manifest.json'), 'utf8'));
    const twinHash = `${a.hash.slice(0, 6)}${'f'.repeat(58)}`;
    writeFileSync(join(twin, 'manifest.json'), JSON.stringify({ ...m, run_hash: twinHash }));
    try {
      resolveRun(root, a.hash.slice(0, 4));
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(TradeError);
      expect((e as TradeError).code).toBe('RUN_UNKNOWN');
      expect((e as TradeError).message).toContain('is ambiguous');
      expect((e as TradeError).message).toContain(a.hash.slice(0, 12));
      expect((e as TradeError).message).toContain(twinHash.slice(0, 12));
      expect((e as TradeError).details?.candidates).toEqual(expect.arrayContaining([a.hash, twinHash]));
    }
    expect(resolveRun(root, a.hash.slice(0, 7))).toBe(a.dir);
    rmSync(join(root, 'twin'), { recursive: true });
    expect(() => resolveRun(root, '0000000000')).toThrow("has a run_hash starting with '0000000000'");
    expect(() => resolveRun(root, 'not-a-run')).toThrow('not a run directory');
  });

  test('trades CSV and JSON equal trades.parquet', async () => {
    const parquet = readParquetColumns(join(a.dir, 'trades.parquet'));
    const t = await runTrades(a.dir);
    expect(t.columns).toEqual([...parquet.columns.keys()]);
    const objects = JSON.parse(JSON.stringify(tableObjects(t))) as Record<string, unknown>[];
    const csv = tableCsv(t).split('\n');
    expect(csv[0]).toBe(t.columns.join(','));
    expect(objects).toHaveLength(parquet.rows);
    for (let i = 0; i < parquet.rows; i++) {
      const cells = csv[i + 1]!.split(',');
      t.columns.forEach((name, ci) => {
        const v = (parquet.columns.get(name) as ArrayLike<unknown>)[i];
        const want = typeof v === 'bigint' ? Number(v) : v;
        // JSON has no -0: equal as numbers (=== treats 0 and -0 alike).
        expect(objects[i]![name] === want).toBe(true);
        expect(cells[ci]).toBe(String(v));
      });
    }
  });

  test('equity CSV and JSON equal equity.parquet; an empty trades file exports a header', async () => {
    const parquet = readParquetColumns(join(b.dir, 'equity.parquet'));
    const e = await runEquity(b.dir);
    const csv = tableCsv(e).split('\n');
    const objects = tableObjects(e);
    expect(objects).toHaveLength(96);
    for (let i = 0; i < parquet.rows; i++) {
      const cells = csv[i + 1]!.split(',').map(Number);
      e.columns.forEach((name, ci) => {
        const v = Number((parquet.columns.get(name) as ArrayLike<number>)[i]);
        expect(objects[i]![name] === v).toBe(true);
        expect(cells[ci] === v).toBe(true);
      });
    }
    expect(tableCsv(await runTrades(c.dir))).toBe(
      'entry_ts_ms,exit_ts_ms,side,qty,entry_price,exit_price,fees_usdt,funding_usdt,pnl_usdt,mae_usdt,mfe_usdt,exit_reason,ambiguous',
    );
  });
});
