// Names with a fixed meaning in Plays: emits, built-in series, DSL keywords and functions.
// Feature ids and timeframe names may not reuse them (the DSL resolves names through this list).

/** What a case can emit; see docs/plays.md "Emits". The bit order is the runtime's EMIT_BIT order. */
export const EMITS = ['enter_long', 'enter_short', 'exit_long', 'exit_short', 'exit', 'reverse'] as const;
export type Emit = (typeof EMITS)[number];

/** Per-timeframe bar fields: `close`, `htf.close`. hl2/hlc3/ohlc4 are derived from o/h/l/c. */
export const BAR_FIELDS = ['open', 'high', 'low', 'close', 'volume', 'hl2', 'hlc3', 'ohlc4'] as const;
export type BarField = (typeof BAR_FIELDS)[number];

/** Position and time state the engine writes before each evaluation (no offsets allowed). */
export const STATE_BUILTINS = [
  'last_price',
  'in_position',
  'side',
  'entry_price',
  'bars_in_trade',
  'unrealized_pnl_pct',
  'hour_utc',
  'day_of_week',
] as const;
export type StateBuiltin = (typeof STATE_BUILTINS)[number];

/** Named constants: `side == long`. */
export const CONSTANTS = { long: 1, short: -1, flat: 0 } as const;

export const KEYWORDS = ['and', 'or', 'not', 'within', 'between', 'cross_above', 'cross_below', 'near_pct', 'near_abs'] as const;

export const FUNCTIONS = ['abs', 'min', 'max', 'holds_for', 'occurred_within', 'count_true'] as const;

/** Every name a feature id or timeframe name must not take. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set<string>([
  ...BAR_FIELDS,
  ...STATE_BUILTINS,
  ...Object.keys(CONSTANTS),
  ...KEYWORDS,
  ...FUNCTIONS,
]);

export const EXEC_TF = 'exec';
