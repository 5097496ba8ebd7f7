// A deliberately naive reference for the EMA(12)/EMA(26) always-in-market reversal on 15m bars,
// written without any project code: its own resampler, its own EMA (SMA-seeded like TA-Lib), its
// own trade loop. Market orders fill at the open of the next 15m bar (= the open of its first 1m
// bar), fixed qty, taker fee on every fill, no slippage, no funding.

export interface RefTrade {
  side: 'long' | 'short';
  entryTsMs: number;
  entryPrice: number;
  exitTsMs: number;
  exitPrice: number;
  feesUsdt: number;
  pnlUsdt: number;
}

export interface Candles1m {
  tsMs: ArrayLike<number>;
  open: ArrayLike<number>;
  close: ArrayLike<number>;
}

function ema(xs: number[], n: number): number[] {
  const out = new Array<number>(xs.length).fill(Number.NaN);
  let sum = 0;
  for (let i = 0; i < xs.length; i++) {
    if (i < n) {
      sum += xs[i]!;
      if (i === n - 1) out[i] = sum / n;
      continue;
    }
    const prev = out[i - 1]!;
    out[i] = (xs[i]! - prev) * (2 / (n + 1)) + prev;
  }
  return out;
}

/** Signals from 15m bars whose open is in [fromMs, toMs) and which close by toMs. */
export function referenceEmaCross(c: Candles1m, fromMs: number, toMs: number, qty: number, feeRate: number): RefTrade[] {
  const bucketMs = 15 * 60_000;
  const bars: { ts: number; open: number; close: number }[] = [];
  for (let i = 0; i < c.tsMs.length; ) {
    const b = Math.floor(c.tsMs[i]! / bucketMs) * bucketMs;
    let j = i;
    while (j < c.tsMs.length && c.tsMs[j]! < b + bucketMs) j++;
    if (j - i === 15) bars.push({ ts: b, open: c.open[i]!, close: c.close[j - 1]! });
    i = j;
  }
  const closes = bars.map((b) => b.close);
  const fast = ema(closes, 12);
  const slow = ema(closes, 26);
  const trades: RefTrade[] = [];
  let side: 'long' | 'short' | 'none' = 'none';
  let entryTs = 0;
  let entryPrice = 0;
  for (let k = 1; k + 1 < bars.length; k++) {
    if (bars[k]!.ts < fromMs || bars[k]!.ts + bucketMs > toMs) continue;
    if (Number.isNaN(slow[k - 1]!)) continue;
    const up = fast[k - 1]! <= slow[k - 1]! && fast[k]! > slow[k]!;
    const down = fast[k - 1]! >= slow[k - 1]! && fast[k]! < slow[k]!;
    const want = up ? 'long' : down ? 'short' : 'none';
    if (want === 'none' || want === side) continue;
    const next = bars[k + 1]!;
    if (next.ts + 60_000 > toMs) continue;
    if (side !== 'none') {
      const dir = side === 'long' ? 1 : -1;
      const fees = entryPrice * qty * feeRate + next.open * qty * feeRate;
      trades.push({
        side,
        entryTsMs: entryTs,
        entryPrice,
        exitTsMs: next.ts,
        exitPrice: next.open,
        feesUsdt: fees,
        pnlUsdt: dir * (next.open - entryPrice) * qty - fees,
      });
    }
    side = want;
    entryTs = next.ts;
    entryPrice = next.open;
  }
  return trades;
}
