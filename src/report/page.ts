// Assembles the self-contained report page: the CSS, lightweight-charts (standalone build) and the
// page script inlined, the data as one JSON element, static tables and SVG charts in the HTML.
// Nothing in it refers to a URL, and nothing depends on the clock: the same runs give the same bytes.
import lightweightCharts from '../../node_modules/lightweight-charts/dist/lightweight-charts.standalone.production.js' with {
  type: 'text',
};
import clientJs from './client/report.client.js' with { type: 'text' };
import css from './client/report.css' with { type: 'text' };
import { bucketEquity, bucketMs } from './downsample';
import { assertInlineScript, escapeHtml, scriptJson } from './escape';
import { monthlyHeatmapHtml, monthlyReturns } from './monthly-returns';
import type { ReportRun } from './report-types';
import { excursionScatterSvg, pnlHistogramSvg } from './stats-svg';
import { compareHtml, summaryHtml } from './summary-html';

const sec = (tsMs: number) => Math.floor(tsMs / 1000);

function column(r: ReportRun, name: string): number[] {
  const i = r.trades.columns.indexOf(name);
  return r.trades.rows.map((row) => Number(row[i]));
}

function tfLabel(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

/** The JSON the page script draws from (times in epoch seconds, as lightweight-charts takes them). */
function runData(r: ReportRun) {
  const c = r.candles;
  const tf = c?.chartTfMinutes ?? 1;
  const eq = bucketEquity(r.equity, tf);
  return {
    kind: 'run',
    run: r.run,
    candles: c && {
      t: Array.from(c.tsMs, sec),
      o: Array.from(c.open),
      h: Array.from(c.high),
      l: Array.from(c.low),
      c: Array.from(c.close),
    },
    /** Entry and exit times snapped to the chart's candle, per trade. */
    marks: {
      entry: column(r, 'entry_ts_ms').map((t) => sec(bucketMs(t, tf))),
      exit: column(r, 'exit_ts_ms').map((t) => sec(bucketMs(t, tf))),
    },
    equity: { t: eq.tsMs.map(sec), e: eq.equityUsdt, d: eq.drawdownPct.map((d) => -d) },
    trades: r.trades,
    levels: r.levels?.map((l) => [l.stop, l.target]) ?? null,
  };
}

function compareData(runs: readonly ReportRun[]) {
  return {
    kind: 'compare',
    runs: runs.map((r) => {
      const start = Number(r.result.metrics.startEquityUsdt) || 1;
      const tf = Math.max(1, Math.ceil((r.manifest.window.to_ms - r.manifest.window.from_ms) / 60_000 / 20_000));
      const eq = bucketEquity(r.equity, [1, 5, 15, 60, 240, 1440].find((x) => x >= tf) ?? 1440);
      return {
        label: `${r.manifest.play_id} ${r.run}`,
        t: eq.tsMs.map(sec),
        r: eq.equityUsdt.map((e) => Number(((e / start - 1) * 100).toFixed(4))),
        d: eq.drawdownPct.map((d) => -Number(d.toFixed(4))),
      };
    }),
  };
}

function candleNote(r: ReportRun): string {
  const c = r.candles;
  if (!c) return '';
  const drawn =
    c.chartTfMinutes === c.execTfMinutes
      ? `exec timeframe ${tfLabel(c.execTfMinutes)}`
      : `${tfLabel(c.chartTfMinutes)} candles (exec timeframe ${tfLabel(c.execTfMinutes)}, downsampled to stay under 40,000 candles)`;
  const levels = r.levels
    ? 'dashed lines: each trade’s stop (red) and target (green)'
    : 'no stop/target lines: the run has no decisions.parquet (backtest --decisions)';
  return `${c.tsMs.length} ${drawn}; ▲▼ entries, ● exits; ${levels}. Scroll to zoom, drag to pan, click a trade row to zoom to it.`;
}

function runBody(r: ReportRun): string {
  const pnl = column(r, 'pnl_usdt');
  const months = monthlyReturns(r.equity.tsMs, r.equity.equityUsdt, Number(r.result.metrics.startEquityUsdt));
  const yaml = r.playYaml === null ? '(this run predates play.yml in the artifacts)' : r.playYaml;
  const yamlNote = r.playYamlVerified === null ? '' : r.playYamlVerified ? ' (hashes to play_hash ✓)' : ' (does NOT hash to play_hash)';
  return [
    `<h1>${escapeHtml(`${r.manifest.play_id} · ${r.result.symbol} · ${r.run}`)}</h1>`,
    `<section class="cols"><div><h2>Summary</h2>${summaryHtml(r)}</div></section>`,
    `<section><h2>Price</h2><p class="note">${escapeHtml(candleNote(r))}</p><div class="chart tall" id="chart-candles"></div></section>`,
    '<section><h2>Equity (USDT)</h2><div class="chart" id="chart-equity"></div></section>',
    '<section><h2>Drawdown (%)</h2><div class="chart short" id="chart-drawdown"></div></section>',
    `<section><h2>Trades (${r.trades.rows.length})</h2><p class="note">Click a column to sort, a row to zoom the price chart to the trade.</p><div class="table-wrap"><table id="trades" class="trades"></table></div></section>`,
    `<section><h2>Monthly returns (%)</h2>${monthlyHeatmapHtml(months)}</section>`,
    '<section class="cols">',
    `<div><h2>Trade PnL distribution</h2>${pnlHistogramSvg(pnl)}</div>`,
    `<div><h2>MAE vs PnL</h2>${excursionScatterSvg('mae-scatter', 'MAE (USDT)', column(r, 'mae_usdt'), pnl)}</div>`,
    `<div><h2>MFE vs PnL</h2>${excursionScatterSvg('mfe-scatter', 'MFE (USDT)', column(r, 'mfe_usdt'), pnl)}</div>`,
    '</section>',
    `<section><h2>Play${escapeHtml(yamlNote)}</h2><pre id="play-yaml">${escapeHtml(yaml)}</pre></section>`,
  ].join('\n');
}

function compareBody(runs: readonly ReportRun[]): string {
  return [
    `<h1>${escapeHtml(`Comparison of ${runs.length} runs`)}</h1>`,
    `<section><h2>Metrics</h2>${compareHtml(runs)}</section>`,
    '<section><h2>Return (%) from each run’s starting equity</h2><div class="chart" id="chart-compare"></div><div id="legend" class="legend"></div></section>',
    '<section><h2>Drawdown (%)</h2><div class="chart short" id="chart-compare-drawdown"></div></section>',
  ].join('\n');
}

/** The report page of one run, or the comparison page of several. */
export function reportHtml(runs: readonly ReportRun[]): string {
  const single = runs.length === 1;
  const title = single ? `${runs[0]!.manifest.play_id} ${runs[0]!.run} · trade report` : `${runs.length} runs · trade report`;
  const data = single ? runData(runs[0]!) : compareData(runs);
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No network at all, even if something tried: the page is self-contained by construction.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${css}</style>`,
    '</head><body>',
    single ? runBody(runs[0]!) : compareBody(runs),
    `<script type="application/json" id="report-data">${scriptJson(data)}</script>`,
    `<script>${assertInlineScript('lightweight-charts', lightweightCharts)}</script>`,
    `<script>${assertInlineScript('report.client.js', clientJs)}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
