// trade runs / show / trades / equity / report from dist/trade on the bundled sample month, and
// each report opened in headless chromium (CDP): no console error, no request leaving the page,
// as many entry and exit markers as trades, every chart painted (many distinct colours in its
// screenshot), a click on a trade row zooms the price chart to it, a click on a header sorts.
import { afterAll, describe, expect, test } from 'bun:test';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readParquetColumns } from '../../src/data';
import { Browser, externalRequests } from './browser';
import { ROOT, sandbox } from './cli-harness';
import { decodePng, distinctColours } from './png';

const READY = 'window.tradeReport && window.tradeReport.ready';

describe('trade report', async () => {
  const box = sandbox('trade-report-');
  const browser = await Browser.launch(1280, 900);
  afterAll(async () => {
    await browser.close();
    box.cleanup();
  });
  const db = ['--db', join(box.dir, 'store.duckdb')];
  expect(box.run('data', 'import', '--sample', ...db).code).toBe(0);
  const bt = box.run('backtest', join(ROOT, 'plays/ema-cross.yml'), '--no-funding', '--report', '--json', ...db);
  expect(bt.err).toBe('');
  const run = JSON.parse(bt.out) as { artifacts: string; report: string; hashes: { run_hash: string }; metrics: { trades: number } };
  const bt2 = JSON.parse(box.run('backtest', join(ROOT, 'plays/macd-adx-momentum.yml'), '--no-funding', '--json', ...db).out);
  const hashA = run.hashes.run_hash;
  const hashB = bt2.hashes.run_hash as string;

  test('runs lists both; show, trades and equity name a run by prefix or directory', () => {
    const list = JSON.parse(box.run('runs', '--json').out) as { runs: { run_hash: string; play_id: string; trades: number }[] };
    expect(list.runs.map((r) => r.run_hash).sort()).toEqual([hashA, hashB].sort());
    expect(list.runs.find((r) => r.run_hash === hashA)!.trades).toBe(run.metrics.trades);
    expect(JSON.parse(box.run('runs', '--play', 'ema-cross', '--json').out).runs).toHaveLength(1);
    const show = box.run('show', hashA.slice(0, 8));
    expect(show.code).toBe(0);
    expect(show.out).toContain(`run_hash ${hashA}`);
    expect(box.run('show', run.artifacts).out).toContain(`run_hash ${hashA}`);
    const table = box.run('trades', hashA.slice(0, 8));
    expect(table.out.trimEnd().split('\n')).toHaveLength(run.metrics.trades + 2);
  });

  test('trades --format csv|json and equity --format csv|json equal the Parquet files', () => {
    const t = readParquetColumns(join(box.dir, run.artifacts, 'trades.parquet'));
    const csv = box.run('trades', hashA.slice(0, 10), '--format', 'csv').out.trimEnd().split('\n');
    const json = JSON.parse(box.run('trades', hashA.slice(0, 10), '--format', 'json').out) as Record<string, unknown>[];
    expect(csv).toHaveLength(t.rows + 1);
    expect(json).toHaveLength(t.rows);
    const cols = csv[0]!.split(',');
    for (let i = 0; i < t.rows; i++) {
      const cells = csv[i + 1]!.split(',');
      cols.forEach((c, ci) => {
        const v = (t.columns.get(c) as ArrayLike<unknown>)[i];
        const want = typeof v === 'bigint' ? Number(v) : v;
        expect(cells[ci]).toBe(String(want));
        expect(json[i]![c] === want).toBe(true);
      });
    }
    const e = readParquetColumns(join(box.dir, run.artifacts, 'equity.parquet'));
    const ecsv = box.run('equity', hashA.slice(0, 10)).out.trimEnd().split('\n');
    const ejson = JSON.parse(box.run('equity', hashA.slice(0, 10), '--format', 'json').out) as Record<string, number>[];
    expect(ecsv).toHaveLength(e.rows + 1);
    for (let i = 0; i < e.rows; i += 97) {
      for (const c of ecsv[0]!.split(',')) {
        const v = Number((e.columns.get(c) as ArrayLike<number>)[i]);
        expect(ejson[i]![c] === v).toBe(true);
      }
      expect(ecsv[i + 1]!.split(',').map(Number)[1]).toBe(Number((e.columns.get('equity_usdt') as ArrayLike<number>)[i]));
    }
  });

  test('an ambiguous prefix is exit 2 naming the candidates; an unknown run is exit 2', () => {
    const twinHash = `${hashA.slice(0, 5)}${'f'.repeat(59)}`;
    const twinDir = join(box.dir, 'backtests', 'twin', twinHash.slice(0, 12));
    cpSync(join(box.dir, run.artifacts), twinDir, { recursive: true });
    const m = JSON.parse(readFileSync(join(twinDir, 'manifest.json'), 'utf8'));
    writeFileSync(join(twinDir, 'manifest.json'), JSON.stringify({ ...m, run_hash: twinHash }));
    const r = box.run('trades', hashA.slice(0, 5));
    expect(r.code).toBe(2);
    expect(r.err).toContain('is ambiguous');
    expect(r.err).toContain(hashA.slice(0, 12));
    expect(r.err).toContain(twinHash.slice(0, 12));
    expect(r.err.trim().split('\n')).toHaveLength(1);
    const none = box.run('show', 'abcabcabcabc0');
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^✖ no run under backtests has a run_hash starting with 'abcabcabcabc0'/);
    expect(box.run('equity', hashA.slice(0, 8), '--format', 'xml').code).toBe(2);
  });

  test('the report is byte-identical when written again, self-contained and under 1 MB for a month', () => {
    const first = readFileSync(join(box.dir, run.report));
    const again = box.run('report', hashA.slice(0, 8), '--out', 'again.html', ...db);
    expect(again.code).toBe(0);
    expect(readFileSync(join(box.dir, 'again.html')).equals(first)).toBe(true);
    const html = first.toString();
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html.length).toBeLessThan(1_000_000);
    expect(html).toContain('hashes to play_hash ✓');
  });

  test('in chromium: no error, no request out, markers = trades, charts painted, row click zooms', async () => {
    const log = await browser.open(`file://${join(box.dir, run.report)}`, READY);
    expect(log.errors).toEqual([]);
    expect(externalRequests(log.requests)).toEqual([]);
    const state = await browser.evaluate<Record<string, number | string[]>>('window.tradeReport');
    expect(state.trades).toBe(run.metrics.trades);
    expect(state.entryMarkers).toBe(run.metrics.trades);
    expect(state.exitMarkers).toBe(run.metrics.trades);
    expect(state.stopPoints).toBeGreaterThan(0);
    expect(state.charts).toEqual(['chart-candles', 'chart-equity', 'chart-drawdown']);
    for (const sel of [
      '#chart-candles',
      '#chart-equity',
      '#chart-drawdown',
      '#pnl-histogram',
      '#mae-scatter',
      '#mfe-scatter',
      '#monthly-heatmap',
    ]) {
      const colours = distinctColours(decodePng(await browser.screenshot(sel)));
      expect({ sel, many: colours > 40 }).toEqual({ sel, many: true });
    }
    await browser.evaluate(`document.querySelector('#trades tbody tr[data-trade="7"]').click()`);
    const zoom = await browser.evaluate<{ trade: number; from: number; to: number }>('window.tradeReport.zoomed');
    const entrySec = Number(readParquetColumns(join(box.dir, run.artifacts, 'trades.parquet')).columns.get('entry_ts_ms')![7]) / 1000;
    expect(zoom.trade).toBe(7);
    expect(zoom.from).toBeLessThan(entrySec);
    expect(zoom.to).toBeGreaterThan(entrySec);
    // Sorting by pnl_usdt (descending on the second click) puts the best trade first.
    await browser.evaluate(`[...document.querySelectorAll('#trades th')].find((th) => th.textContent === 'pnl_usdt').click()`);
    await browser.evaluate(`[...document.querySelectorAll('#trades th')].find((th) => th.textContent === 'pnl_usdt').click()`);
    const firstPnl = await browser.evaluate<string>(`document.querySelector('#trades tbody tr').children[9].textContent`);
    const pnl = Array.from(readParquetColumns(join(box.dir, run.artifacts, 'trades.parquet')).columns.get('pnl_usdt') as Float64Array);
    expect(firstPnl).toBe(Math.max(...pnl).toFixed(2));
  });

  test('a comparison: equity overlaid, metrics side by side, no error in chromium', async () => {
    const r = box.run('report', hashA.slice(0, 8), hashB.slice(0, 8), '--out', 'cmp.html', '--json', ...db);
    expect(r.code).toBe(0);
    const html = readFileSync(join(box.dir, 'cmp.html'), 'utf8');
    expect(html).toContain(`ema-cross ${hashA.slice(0, 12)}`);
    expect(html).toContain(`macd-adx-momentum ${hashB.slice(0, 12)}`);
    const log = await browser.open(`file://${join(box.dir, 'cmp.html')}`, READY);
    expect(log.errors).toEqual([]);
    expect(externalRequests(log.requests)).toEqual([]);
    expect(await browser.evaluate<string[]>('window.tradeReport.charts')).toEqual(['chart-compare', 'chart-compare-drawdown']);
    expect(distinctColours(decodePng(await browser.screenshot('#chart-compare')))).toBeGreaterThan(40);
  });
});
