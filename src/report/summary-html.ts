// The metric and hash tables of a report: one run's summary (metrics, fees, funding, intrabar
// ambiguity, skipped entries, hashes) and, for a comparison, the same rows side by side.
import { escapeHtml } from './escape';
import type { ReportRun } from './report-types';

interface MetricRow {
  label: string;
  value: (r: ReportRun) => string;
}

const num = (x: unknown, digits = 2): string =>
  typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : x === null || x === undefined ? 'n/a' : String(x);
const m =
  (key: string, digits = 2) =>
  (r: ReportRun) =>
    num(r.result.metrics[key], digits);

export const METRIC_ROWS: readonly MetricRow[] = [
  { label: 'symbol', value: (r) => r.result.symbol },
  { label: 'window', value: (r) => `${r.manifest.window.from} .. ${r.manifest.window.to}` },
  { label: 'start / end equity (USDT)', value: (r) => `${m('startEquityUsdt')(r)} / ${m('endEquityUsdt')(r)}` },
  { label: 'net PnL (USDT)', value: m('netPnlUsdt') },
  { label: 'closed trades PnL (USDT)', value: (r) => num(r.result.closed_trades_pnl_usdt) },
  { label: 'return %', value: m('returnPct') },
  { label: 'CAGR %', value: m('cagrPct') },
  { label: 'Sharpe / Sortino', value: (r) => `${m('sharpe')(r)} / ${m('sortino')(r)}` },
  { label: 'Calmar', value: m('calmar') },
  {
    label: 'max drawdown',
    value: (r) => `${m('maxDrawdownPct')(r)}% / ${m('maxDrawdownUsdt')(r)} USDT / ${m('maxDrawdownDurationDays', 1)(r)} d`,
  },
  { label: 'trades (long / short)', value: (r) => `${m('trades', 0)(r)} (${m('longTrades', 0)(r)} / ${m('shortTrades', 0)(r)})` },
  { label: 'win rate %', value: m('winRatePct') },
  { label: 'profit factor', value: m('profitFactor') },
  { label: 'expectancy (USDT)', value: m('expectancyUsdt') },
  { label: 'avg win / loss (USDT)', value: (r) => `${m('avgWinUsdt')(r)} / ${m('avgLossUsdt')(r)}` },
  { label: 'exposure %', value: m('exposurePct') },
  { label: 'avg bars in trade', value: m('avgBarsInTrade', 1) },
  { label: 'fees (USDT)', value: m('feesUsdt') },
  { label: 'funding (USDT)', value: m('fundingUsdt') },
  { label: 'liquidations', value: m('liquidations', 0) },
  { label: 'skipped entries', value: (r) => String(r.result.skipped_entries_total) },
  {
    label: 'intrabar ambiguity',
    value: (r) => {
      const i = r.result.intrabar;
      return `${i.ambiguous_fills} fills, ${i.ambiguous_bars} bars, ${num(i.ambiguous_pnl_usdt)} USDT depended on --intrabar ${i.mode}`;
    },
  },
];

const HASHES = ['run_hash', 'play_hash', 'input_hash', 'engine_hash', 'trades_hash', 'equity_hash', 'decisions_hash'] as const;

function rowsHtml(rows: readonly (readonly string[])[]): string {
  return rows
    .map(
      (cells) =>
        `<tr><th>${escapeHtml(cells[0]!)}</th>${cells
          .slice(1)
          .map((c) => `<td>${escapeHtml(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('');
}

function hashValue(r: ReportRun, key: string): string {
  const v = r.manifest[key];
  return typeof v === 'string' ? v : '-';
}

export function summaryHtml(r: ReportRun): string {
  const metrics = rowsHtml(METRIC_ROWS.map((row) => [row.label, row.value(r)]));
  const hashes = rowsHtml(HASHES.filter((h) => hashValue(r, h) !== '-').map((h) => [h, hashValue(r, h)]));
  return `<table class="kv" id="metrics">${metrics}</table><table class="kv hashes" id="hashes">${hashes}</table>`;
}

export function compareHtml(runs: readonly ReportRun[]): string {
  const head = `<tr><th></th>${runs.map((r) => `<th>${escapeHtml(`${r.manifest.play_id} ${r.run}`)}</th>`).join('')}</tr>`;
  const metrics = rowsHtml(METRIC_ROWS.map((row) => [row.label, ...runs.map(row.value)]));
  const hashes = rowsHtml(HASHES.map((h) => [h, ...runs.map((r) => hashValue(r, h).slice(0, 16))]));
  return `<table class="grid-table" id="metrics">${head}${metrics}${hashes}</table>`;
}
