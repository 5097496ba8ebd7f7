// The floor the engine is measured against (issue "Speed"): the 1m reference spec (EMA 12/26
// always-in-market reversal, market orders at the next minute's open, fixed qty, taker fee, no
// funding) as one hand-written loop over Float64Arrays, with no engine, no events and no objects
// per bar. EMAs are SMA-seeded from the first bar loaded (TA-Lib), signals are taken from bars
// opening in [fromMs, toMs); the bench checks it gives the engine's trades.

export interface FloorCandles {
  tsMs: Float64Array;
  open: Float64Array;
  close: Float64Array;
}

export interface FloorResult {
  trades: number;
  netPnlUsdt: number;
  feesUsdt: number;
  firstEntryTsMs: number;
  lastExitTsMs: number;
}

export function floorReversal(c: FloorCandles, fromMs: number, toMs: number, qty: number, feeRate: number): FloorResult {
  const n = c.close.length;
  const ts = c.tsMs;
  const open = c.open;
  const close = c.close;
  const aFast = 2 / 13;
  const aSlow = 2 / 27;
  let fast = 0;
  let slow = 0;
  let prevFast = Number.NaN;
  let prevSlow = Number.NaN;
  let side = 0; // 1 long, -1 short, 0 flat
  let entryPrice = 0;
  let trades = 0;
  let pnl = 0;
  let fees = 0;
  let firstEntryTsMs = Number.NaN;
  let lastExitTsMs = Number.NaN;
  for (let k = 0; k < n; k++) {
    const x = close[k]!;
    // SMA seeds (the sum of the first 12 and 26 closes over their count), then the recurrence.
    if (k < 12) {
      fast += x;
      if (k === 11) fast /= 12;
    } else fast = (x - fast) * aFast + fast;
    if (k < 26) {
      slow += x;
      if (k === 25) slow /= 26;
    } else slow = (x - slow) * aSlow + slow;
    if (k < 25) continue;
    const f = fast;
    const s = slow;
    const t = ts[k]!;
    if (k >= 26 && t >= fromMs && t + 60_000 <= toMs && k + 1 < n && ts[k + 1]! + 60_000 <= toMs) {
      const want = prevFast <= prevSlow && f > s ? 1 : prevFast >= prevSlow && f < s ? -1 : 0;
      if (want !== 0 && want !== side) {
        const px = open[k + 1]!;
        if (side !== 0) {
          const fee = (entryPrice + px) * qty * feeRate;
          pnl += side * (px - entryPrice) * qty - fee;
          fees += fee;
          trades++;
          lastExitTsMs = ts[k + 1]!;
        } else firstEntryTsMs = ts[k + 1]!;
        side = want;
        entryPrice = px;
      }
    }
    prevFast = f;
    prevSlow = s;
  }
  return { trades, netPnlUsdt: pnl, feesUsdt: fees, firstEntryTsMs, lastExitTsMs };
}
