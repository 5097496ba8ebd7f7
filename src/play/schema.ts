// The Play schema (zod 4): shape, ranges and defaults of every static field. Feature params come
// from the registry (schema-features.ts); names across sections are checked in semantics.ts; the
// rule strings in `when` and risk levels are parsed by src/dsl. Parsing fills every default, so the
// output is the normalized Play. Messages are rendered by zod-issues.ts; docs/plays.md documents
// each field: keep both in step with this file.
import { z } from 'zod';
import { TIMEFRAME_MINUTES, type Timeframe } from '../domain';
import { EMITS } from './vocabulary';

export const TIMEFRAMES = Object.keys(TIMEFRAME_MINUTES) as Timeframe[];

export const PLAY_ID_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** Feature ids, timeframe names, block names, case tags. */
export const NAME_RE = /^[a-z][a-z0-9_]{0,39}$/;
export const SYMBOL_RE = /^[A-Z0-9]{2,20}USDT$/;

const NAME_RULE = 'must be a lower-case name (a-z, 0-9, _; starting with a letter; at most 40 characters)';

const positive = () => z.number().gt(0);
const percent = () => z.number().gt(0).max(100);
/** The largest starting equity: the core keeps USDT amounts as i64 1e-8 units (|x| < 9e10). */
export const MAX_STARTING_EQUITY_USDT = 10_000_000_000;

/** A stop or target distance; exactly one kind (checked in semantics.ts). */
const distanceKinds = {
  pct: percent().optional(),
  atr: z.string().optional(),
  mult: positive().max(100).optional(),
  distance_usdt: positive().optional(),
};

export const StopLossSchema = z.strictObject({
  ...distanceKinds,
  level_long: z.string().min(1).optional(),
  level_short: z.string().min(1).optional(),
});

export const TakeProfitSchema = z.strictObject({
  ...distanceKinds,
  level_long: z.string().min(1).optional(),
  level_short: z.string().min(1).optional(),
  rr: positive().max(100).optional(),
});

export const TrailingStopSchema = z.strictObject({
  ...distanceKinds,
  activate_pct: z.number().min(0).max(100).default(0),
});

export const SizingSchema = z.strictObject({
  risk_pct: percent().optional(),
  notional_usdt: positive().optional(),
  qty: positive().optional(),
  equity_pct: positive().max(10000).optional(),
});

export const RiskSchema = z.strictObject({
  stop_loss: StopLossSchema.optional(),
  take_profit: TakeProfitSchema.optional(),
  trailing_stop: TrailingStopSchema.optional(),
  sizing: SizingSchema,
  leverage: z.number().min(1).max(100).default(1),
  max_notional_usdt: positive().optional(),
  /** Live modes: a UTC day's loss beyond this percent of its starting equity moves the kill switch to REDUCING. */
  daily_loss_limit_pct: z.number().gt(0).max(100).optional(),
  /** At most this many orders in any minute of market time (a runaway-bot guard; default 20); further entries are skipped. */
  max_orders_per_minute: z.number().int().min(1).max(1000).optional(),
});

export const AccountSchema = z.strictObject({
  starting_equity_usdt: positive().max(MAX_STARTING_EQUITY_USDT).default(10000),
  maker_fee_rate: z.number().min(-0.01).max(0.01).default(0.0002),
  taker_fee_rate: z.number().min(-0.01).max(0.01).default(0.00055),
  slippage_bps: z.number().min(0).max(1000).default(0),
  margin_mode: z.enum(['isolated']).default('isolated'),
});

export const EntrySchema = z.strictObject({
  type: z.enum(['market', 'limit']).default('market'),
  offset_pct: z.number().min(0).max(10).optional(),
  time_in_force: z.enum(['gtc', 'ioc', 'fok', 'post_only']).optional(),
  /** A limit entry still working after this many exec bars is cancelled. */
  expire_bars: z.int().min(1).max(100_000).optional(),
});

export const ExecutionSchema = z.strictObject({
  evaluate: z.enum(['exec_close', 'every_1m']).default('exec_close'),
  entry: EntrySchema.prefault({}),
});

export const FeatureSchema = z.strictObject({
  indicator: z.string().optional(),
  structure: z.string().optional(),
  params: z.record(z.string(), z.number()).prefault({}),
  tf: z.string().default('exec'),
  source: z.string().optional(),
  /** This feature's unstable period (extra warm-up bars), instead of the registry's. */
  unstable_bars: z.int().min(0).max(100_000).optional(),
});

/** A condition is checked by the DSL parser: a string, a list (all of) or a map (all/any/not/...). */
export const CaseSchema = z.strictObject({
  when: z.unknown(),
  emit: z.enum(EMITS),
  tag: z.string().regex(NAME_RE, { error: NAME_RULE }).optional(),
});

export const BlockSchema = z.union([
  z
    .array(CaseSchema)
    .min(1)
    .transform((cases) => ({ match: 'first' as const, cases })),
  z.strictObject({
    match: z.enum(['first', 'all']).default('first'),
    cases: z.array(CaseSchema).min(1),
  }),
]);

export const ValidationSchema = z.strictObject({
  scenario: z.record(z.string(), z.unknown()).optional(),
  expect: z.array(z.unknown()).optional(),
});

export const PlaySchema = z.strictObject({
  id: z.string().regex(PLAY_ID_RE, { error: 'must be a lower-case id (a-z, 0-9, _ and -; at most 64 characters)' }),
  name: z.string().min(1).optional(),
  description: z.string().default(''),
  symbol: z.string().regex(SYMBOL_RE, { error: 'must be a USDT perpetual symbol in capitals, like BTCUSDT' }),
  timeframes: z.record(z.string(), z.enum(TIMEFRAMES)),
  features: z.record(z.string(), FeatureSchema).prefault({}),
  actions: z.record(z.string(), BlockSchema),
  risk: RiskSchema,
  account: AccountSchema.prefault({}),
  execution: ExecutionSchema.prefault({}),
  validation: ValidationSchema.optional(),
});

export type ParsedPlay = z.output<typeof PlaySchema>;
export type FeatureDecl = z.output<typeof FeatureSchema>;
export type CaseDecl = z.output<typeof CaseSchema>;
export type BlockDecl = z.output<typeof BlockSchema>;
export type RiskDecl = z.output<typeof RiskSchema>;
