// Static SVG charts drawn at build time (no script needed, byte-identical for the same run): the
// distribution of trade PnL as a histogram, and MAE / MFE against PnL as scatter plots. Coordinates
// are rounded to 0.1 px so the text is short and stable.

const W = 560;
const H = 300;
const PAD = { left: 64, right: 16, top: 16, bottom: 40 };

const px = (v: number) => (Math.round(v * 10) / 10).toString();

function niceStep(span: number, ticks: number): number {
  const raw = span / Math.max(ticks, 1);
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  const norm = raw / mag;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
}

function ticksOf(lo: number, hi: number, count = 5): number[] {
  const step = niceStep(hi - lo, count);
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

const fmtTick = (v: number) => (Math.abs(v) >= 1000 ? v.toFixed(0) : Number(v.toPrecision(4)).toString());

interface Frame {
  x: (v: number) => number;
  y: (v: number) => number;
  axes: string;
}

function frame(xLo: number, xHi: number, yLo: number, yHi: number, xLabel: string, yLabel: string): Frame {
  if (xHi <= xLo) [xLo, xHi] = [xLo - 1, xHi + 1];
  if (yHi <= yLo) [yLo, yHi] = [yLo - 1, yHi + 1];
  const x = (v: number) => PAD.left + ((v - xLo) / (xHi - xLo)) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - ((v - yLo) / (yHi - yLo)) * (H - PAD.top - PAD.bottom);
  const parts: string[] = [];
  for (const t of ticksOf(xLo, xHi)) {
    parts.push(`<line class="grid" x1="${px(x(t))}" x2="${px(x(t))}" y1="${PAD.top}" y2="${H - PAD.bottom}"/>`);
    parts.push(`<text x="${px(x(t))}" y="${H - PAD.bottom + 16}" text-anchor="middle">${fmtTick(t)}</text>`);
  }
  for (const t of ticksOf(yLo, yHi)) {
    parts.push(`<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${px(y(t))}" y2="${px(y(t))}"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${px(y(t) + 4)}" text-anchor="end">${fmtTick(t)}</text>`);
  }
  parts.push(`<text x="${(PAD.left + W - PAD.right) / 2}" y="${H - 6}" text-anchor="middle">${xLabel}</text>`);
  parts.push(`<text transform="translate(14 ${(PAD.top + H - PAD.bottom) / 2}) rotate(-90)" text-anchor="middle">${yLabel}</text>`);
  return { x, y, axes: parts.join('') };
}

const svg = (id: string, body: string) =>
  `<svg id="${id}" class="stat" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg">${body}</svg>`;

/** Histogram of `pnl` (USDT): √n bins (5 to 40) over [min, max], wins green, losses red. */
export function pnlHistogramSvg(pnl: readonly number[]): string {
  if (pnl.length === 0) return '<p class="muted">no trades</p>';
  const lo = Math.min(...pnl);
  const hi = Math.max(...pnl);
  const bins = Math.max(5, Math.min(40, Math.ceil(Math.sqrt(pnl.length))));
  const width = hi > lo ? (hi - lo) / bins : 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of pnl) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]!++;
  const f = frame(lo, lo + width * bins, 0, Math.max(...counts), 'trade PnL (USDT)', 'trades');
  const bars = counts.map((c, i) => {
    const x0 = lo + i * width;
    const colour = x0 + width / 2 >= 0 ? 'win' : 'loss';
    const top = f.y(c);
    return `<rect class="${colour}" x="${px(f.x(x0) + 0.5)}" y="${px(top)}" width="${px(Math.max(0.5, f.x(x0 + width) - f.x(x0) - 1))}" height="${px(f.y(0) - top)}"><title>${fmtTick(x0)} .. ${fmtTick(x0 + width)}: ${c}</title></rect>`;
  });
  return svg('pnl-histogram', f.axes + bars.join(''));
}

/** One scatter: `xs` against PnL, a dot per trade, green for a win and red for a loss. */
export function excursionScatterSvg(id: string, xLabel: string, xs: readonly number[], pnl: readonly number[]): string {
  if (pnl.length === 0) return '<p class="muted">no trades</p>';
  const f = frame(Math.min(0, ...xs), Math.max(0, ...xs), Math.min(0, ...pnl), Math.max(0, ...pnl), xLabel, 'trade PnL (USDT)');
  const zero = `<line class="zero" x1="${PAD.left}" x2="${W - PAD.right}" y1="${px(f.y(0))}" y2="${px(f.y(0))}"/>`;
  const dots = pnl.map((p, i) => `<circle class="${p >= 0 ? 'win' : 'loss'}" cx="${px(f.x(xs[i]!))}" cy="${px(f.y(p))}" r="3"/>`);
  return svg(id, f.axes + zero + dots.join(''));
}
