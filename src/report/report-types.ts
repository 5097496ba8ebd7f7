// The data one report page is built from: everything read from a run's artifacts (and the candles
// from the store), in plain arrays. Built by src/tools/report.ts; nothing here reads files.

/** A table read from a Parquet artifact: column names and rows in file order. */
export interface ReportTable {
  columns: string[];
  rows: (number | string | boolean | null)[][];
}

/** Candles of the chart timeframe (the exec timeframe, or coarser when downsampled). */
export interface ReportCandles {
  /** The Play's exec timeframe in minutes. */
  execTfMinutes: number;
  /** The timeframe drawn; larger than execTfMinutes when the window has too many exec bars. */
  chartTfMinutes: number;
  tsMs: ArrayLike<number>;
  open: ArrayLike<number>;
  high: ArrayLike<number>;
  low: ArrayLike<number>;
  close: ArrayLike<number>;
}

/** The stop and target a trade's entry order carried (from decisions.parquet), null when unknown. */
export interface TradeLevels {
  stop: number | null;
  target: number | null;
}

export interface ReportRun {
  /** run_hash first 12. */
  run: string;
  manifest: {
    play_id: string;
    run_hash: string;
    window: { from: string; to: string; from_ms: number; to_ms: number };
    options: Record<string, unknown>;
  } & Record<string, unknown>;
  result: {
    symbol: string;
    metrics: Record<string, number | null>;
    intrabar: { mode: string; ambiguous_bars: number; ambiguous_fills: number; ambiguous_pnl_usdt: number };
    skipped_entries_total: number;
    closed_trades_pnl_usdt: number;
  } & Record<string, unknown>;
  /** play.yml of the run, null for runs written before it was stored. */
  playYaml: string | null;
  /** Whether play.yml hashes to the manifest's play_hash (null without play.yml). */
  playYamlVerified: boolean | null;
  trades: ReportTable;
  equity: { tsMs: ArrayLike<number>; equityUsdt: ArrayLike<number>; drawdownPct: ArrayLike<number> };
  /** Per trade (same order as trades), null when the run has no decisions.parquet. */
  levels: TradeLevels[] | null;
  /** Null in a comparison (no candle chart there). */
  candles: ReportCandles | null;
}
