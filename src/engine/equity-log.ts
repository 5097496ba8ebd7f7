// The engine's equity record: one row per exec close (time, equity, wallet, signed position), kept
// in growing Float64Array columns so a year of 1m closes costs four arrays, not half a million
// objects. `columns()` hands out views of exactly the rows written.

export interface EquityLogColumns {
  tsMs: Float64Array;
  equityUsdt: Float64Array;
  walletUsdt: Float64Array;
  positionQty: Float64Array;
}

export class EquityLog {
  private tsMs: Float64Array;
  private equityUsdt: Float64Array;
  private walletUsdt: Float64Array;
  private positionQty: Float64Array;
  private n = 0;

  constructor(capacity = 1024) {
    const c = Math.max(16, capacity);
    this.tsMs = new Float64Array(c);
    this.equityUsdt = new Float64Array(c);
    this.walletUsdt = new Float64Array(c);
    this.positionQty = new Float64Array(c);
  }

  /** A log over these columns' first `rows` rows, adopted as they are (no copy). */
  static adopt(columns: EquityLogColumns, rows: number): EquityLog {
    const log = new EquityLog(16);
    log.tsMs = columns.tsMs;
    log.equityUsdt = columns.equityUsdt;
    log.walletUsdt = columns.walletUsdt;
    log.positionQty = columns.positionQty;
    log.n = rows;
    return log;
  }

  /** A log holding `rows` (tests, tools). */
  static from(rows: readonly { tsMs: number; equityUsdt: number; walletUsdt: number; positionQty: number }[]): EquityLog {
    const log = new EquityLog(rows.length);
    for (const r of rows) log.push(r.tsMs, r.equityUsdt, r.walletUsdt, r.positionQty);
    return log;
  }

  get length(): number {
    return this.n;
  }

  push(tsMs: number, equityUsdt: number, walletUsdt: number, positionQty: number): void {
    if (this.n === this.tsMs.length) this.grow();
    const i = this.n++;
    this.tsMs[i] = tsMs;
    this.equityUsdt[i] = equityUsdt;
    this.walletUsdt[i] = walletUsdt;
    this.positionQty[i] = positionQty;
  }

  /**
   * Appends the rows [from, to) of `tsMs` with equities `equityUsdt[0..)`, and one wallet and
   * position for all. A loop, not TypedArray set/fill: the runs are short (a few dozen rows between
   * two decisions), where each builtin call costs more than the copy.
   */
  pushRows(tsMs: Float64Array, from: number, to: number, equityUsdt: Float64Array, walletUsdt: number, positionQty: number): void {
    const m = to - from;
    if (this.n + m > this.tsMs.length) this.reserve(Math.max(this.n + m, this.tsMs.length * 2));
    const at = this.n - from;
    for (let k = from; k < to; k++) {
      this.tsMs[at + k] = tsMs[k]!;
      this.equityUsdt[at + k] = equityUsdt[k - from]!;
      this.walletUsdt[at + k] = walletUsdt;
      this.positionQty[at + k] = positionQty;
    }
    this.n += m;
  }

  /** Appends every row of `other` (a restart carries the old engine's record over). */
  append(other: EquityLog): void {
    const c = other.columns();
    for (let i = 0; i < other.length; i++) this.push(c.tsMs[i]!, c.equityUsdt[i]!, c.walletUsdt[i]!, c.positionQty[i]!);
  }

  /** Room for `rows` rows in all (a backtest knows how many exec closes it will record). */
  reserve(rows: number): void {
    if (rows <= this.tsMs.length) return;
    const to = (a: Float64Array) => {
      const b = new Float64Array(rows);
      b.set(a.subarray(0, this.n));
      return b;
    };
    this.tsMs = to(this.tsMs);
    this.equityUsdt = to(this.equityUsdt);
    this.walletUsdt = to(this.walletUsdt);
    this.positionQty = to(this.positionQty);
  }

  /** Views of the rows written so far (valid until the next push). */
  columns(): EquityLogColumns {
    return {
      tsMs: this.tsMs.subarray(0, this.n),
      equityUsdt: this.equityUsdt.subarray(0, this.n),
      walletUsdt: this.walletUsdt.subarray(0, this.n),
      positionQty: this.positionQty.subarray(0, this.n),
    };
  }

  private grow(): void {
    const next = (a: Float64Array) => {
      const b = new Float64Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.tsMs = next(this.tsMs);
    this.equityUsdt = next(this.equityUsdt);
    this.walletUsdt = next(this.walletUsdt);
    this.positionQty = next(this.positionQty);
  }
}
