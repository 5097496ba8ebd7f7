// Candle rows collected while a file streams in, before its length is known: fixed blocks of
// BLOCK_ROWS rows per column, joined once into exact-length columns at the end. Memory follows the
// rows kept (a file of malformed lines keeps none), and no column is ever regrown by copying.
import { allocCandles, CANDLE_FIELDS, type CandleColumns } from '../../domain';

const BLOCK_ROWS = 65_536;

export class CandleBlocks {
  private readonly blocks: CandleColumns[] = [];
  private readonly lineBlocks: Int32Array[] = [];
  private cur: CandleColumns = allocCandles(0);
  private curLines = new Int32Array(0);
  private at = 0;
  /** Rows pushed so far. */
  length = 0;

  push(tsMs: number, open: number, high: number, low: number, close: number, volume: number, turnover: number, line: number): void {
    if (this.at === this.curLines.length) this.nextBlock();
    const c = this.cur;
    const i = this.at++;
    c.tsMs[i] = tsMs;
    c.open[i] = open;
    c.high[i] = high;
    c.low[i] = low;
    c.close[i] = close;
    c.volume[i] = volume;
    c.turnover[i] = turnover;
    this.curLines[i] = line;
    this.length++;
  }

  /** The rows as exact-length columns and their source lines; the blocks are released. */
  finish(): { cols: CandleColumns; lines: Int32Array } {
    const n = this.length;
    const cols = allocCandles(n);
    const lines = new Int32Array(n);
    let off = 0;
    this.blocks.forEach((b, k) => {
      const rows = Math.min(BLOCK_ROWS, n - off);
      for (const f of CANDLE_FIELDS) cols[f].set(b[f].subarray(0, rows), off);
      lines.set((this.lineBlocks[k] as Int32Array).subarray(0, rows), off);
      off += rows;
    });
    this.blocks.length = 0;
    this.lineBlocks.length = 0;
    return { cols, lines };
  }

  private nextBlock(): void {
    this.cur = allocCandles(BLOCK_ROWS);
    this.curLines = new Int32Array(BLOCK_ROWS);
    this.blocks.push(this.cur);
    this.lineBlocks.push(this.curLines);
    this.at = 0;
  }
}
