// Monthly returns from the equity curve: each UTC month's last equity over the previous month's
// last (the first month over the starting equity), in %, and their heatmap as an HTML table
// (green up, red down, the colour's strength scaled by the largest absolute month).
import { escapeHtml } from './escape';

export interface MonthReturn {
  year: number;
  /** 0 = January. */
  month: number;
  returnPct: number;
}

export function monthlyReturns(tsMs: ArrayLike<number>, equityUsdt: ArrayLike<number>, startEquityUsdt: number): MonthReturn[] {
  const out: MonthReturn[] = [];
  let base = startEquityUsdt;
  let key = -1;
  let last = startEquityUsdt;
  const flush = () => {
    if (key < 0) return;
    out.push({ year: Math.floor(key / 12), month: key % 12, returnPct: base > 0 ? (last / base - 1) * 100 : 0 });
    base = last;
  };
  for (let i = 0; i < tsMs.length; i++) {
    const d = new Date(tsMs[i]!);
    const k = d.getUTCFullYear() * 12 + d.getUTCMonth();
    if (k !== key) {
      flush();
      key = k;
    }
    last = equityUsdt[i]!;
  }
  flush();
  return out;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function cellColour(pct: number, maxAbs: number): string {
  const a = maxAbs > 0 ? Math.min(1, Math.abs(pct) / maxAbs) : 0;
  const alpha = (0.15 + 0.75 * a).toFixed(3);
  return pct >= 0 ? `rgba(22,163,74,${alpha})` : `rgba(220,38,38,${alpha})`;
}

/** The heatmap table: a row per year, a column per month and the year's compounded return. */
export function monthlyHeatmapHtml(months: readonly MonthReturn[]): string {
  if (months.length === 0) return '<p class="muted">no equity points</p>';
  const maxAbs = Math.max(...months.map((m) => Math.abs(m.returnPct)));
  const years = [...new Set(months.map((m) => m.year))];
  const head = `<tr><th>year</th>${MONTHS.map((m) => `<th>${m}</th>`).join('')}<th>year</th></tr>`;
  const rows = years.map((y) => {
    const cells = MONTHS.map((_, i) => {
      const m = months.find((x) => x.year === y && x.month === i);
      if (!m) return '<td></td>';
      const pct = m.returnPct.toFixed(2);
      return `<td style="background:${cellColour(m.returnPct, maxAbs)}" title="${escapeHtml(`${MONTHS[i]} ${y}: ${pct}%`)}">${pct}</td>`;
    });
    const yearPct = (months.filter((m) => m.year === y).reduce((acc, m) => acc * (1 + m.returnPct / 100), 1) - 1) * 100;
    return `<tr><th>${y}</th>${cells.join('')}<td class="year">${yearPct.toFixed(2)}</td></tr>`;
  });
  return `<table class="heatmap" id="monthly-heatmap">${head}${rows.join('')}</table>`;
}
