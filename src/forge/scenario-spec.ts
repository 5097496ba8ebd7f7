// Reads a scenario spec (a Play's `validation.scenario` map, or the options of `trade forge data`)
// into a ScenarioSpec with every default filled in. Returns every problem at once, each naming
// the field, the value given and what was expected.
import { MINUTE_MS, parseIsoMs } from '../domain';
import type { ScenarioSpec } from './market';
import { SCENARIOS, type ScenarioName } from './scenarios';

export interface SpecProblem {
  /** The field (`bars`, `event_at`, ...). */
  field: string;
  message: string;
}

export const DEFAULT_START_ISO = '2020-01-01T00:00:00Z';
export const MAX_SCENARIO_BARS = 2_000_000;

/** Keys a scenario map may have (snake_case, as in YAML). */
export const SPEC_FIELDS = [
  'name',
  'bars',
  'seed',
  'start',
  'event_at',
  'start_price',
  'vol_pct',
  'drift_pct',
  'drop_pct',
  'jump_pct',
  'gap_minutes',
  'funding_rate',
  'spike_rate',
] as const;

const DRIFT_DEFAULT: Partial<Record<ScenarioName, number>> = { trend_up: 0.02, trend_down: 0.02, breakout: 0.02 };
const DROP_DEFAULT: Partial<Record<ScenarioName, number>> = { crash: 30, v_recovery: 20 };

interface NumberRule {
  min: number;
  max: number;
  integer?: boolean;
  /** Words for the expected range in messages. */
  expected: string;
}

const RULES: Record<Exclude<(typeof SPEC_FIELDS)[number], 'name' | 'start'>, NumberRule> = {
  bars: { min: 1, max: MAX_SCENARIO_BARS, integer: true, expected: `a whole number of 1m bars, 1..${MAX_SCENARIO_BARS}` },
  seed: { min: 0, max: 4294967295, integer: true, expected: 'a whole number 0..4294967295' },
  event_at: { min: 0, max: MAX_SCENARIO_BARS - 1, integer: true, expected: 'a 1m bar index inside the scenario (0..bars-1)' },
  start_price: { min: 0.01, max: 10_000_000, expected: 'a price 0.01..10000000' },
  vol_pct: { min: 0, max: 5, expected: 'a 1m volatility in percent, 0..5' },
  drift_pct: { min: -1, max: 1, expected: 'a drift in percent per 1m bar, -1..1' },
  drop_pct: { min: 1, max: 95, expected: 'a fall in percent, 1..95' },
  jump_pct: { min: -50, max: 100, expected: 'a jump in percent, -50..100' },
  gap_minutes: { min: 1, max: MAX_SCENARIO_BARS, integer: true, expected: 'a whole number of minutes ≥ 1' },
  funding_rate: { min: -0.5, max: 0.5, expected: 'a funding rate (fraction per interval), -0.5..0.5' },
  spike_rate: { min: -0.99, max: 0.99, expected: 'a funding rate (fraction per interval), -0.99..0.99' },
};

/** `raw` values may be numbers or numeric strings (CLI options). */
export function readScenarioSpec(raw: Record<string, unknown>): { spec?: ScenarioSpec; problems: SpecProblem[] } {
  const problems: SpecProblem[] = [];
  for (const k of Object.keys(raw))
    if (!(SPEC_FIELDS as readonly string[]).includes(k))
      problems.push({ field: k, message: `unknown scenario field '${k}' (expected one of ${SPEC_FIELDS.join(', ')})` });
  const name = raw.name;
  if (typeof name !== 'string' || !(SCENARIOS as readonly string[]).includes(name))
    problems.push({
      field: 'name',
      message: `scenario '${name === undefined ? '' : String(name)}' is not known (expected one of ${SCENARIOS.join(', ')})`,
    });
  const num = (field: keyof typeof RULES, fallback: number): number => {
    const v = raw[field];
    if (v === undefined) return fallback;
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
    const r = RULES[field];
    if (!Number.isFinite(n) || n < r.min || n > r.max || (r.integer && !Number.isInteger(n))) {
      problems.push({ field, message: `${field} is ${JSON.stringify(v)}: expected ${r.expected}` });
      return fallback;
    }
    return n;
  };
  const scenario = name as ScenarioName;
  const bars = num('bars', 2880);
  const eventAt = num('event_at', Math.floor((bars * 2) / 3));
  if (eventAt >= bars)
    problems.push({ field: 'event_at', message: `event_at is ${eventAt}: expected a 1m bar index below bars (${bars})` });
  let startMs = parseIsoMs(DEFAULT_START_ISO) as number;
  if (raw.start !== undefined) {
    const t = typeof raw.start === 'string' ? parseIsoMs(raw.start) : undefined;
    if (t === undefined || t % MINUTE_MS !== 0)
      problems.push({
        field: 'start',
        message: `start is ${JSON.stringify(raw.start)}: expected an ISO 8601 UTC time on a minute, like ${DEFAULT_START_ISO}`,
      });
    else startMs = t;
  }
  const spec: ScenarioSpec = {
    name: scenario,
    bars,
    seed: num('seed', 1),
    startMs,
    eventAt,
    startPrice: num('start_price', 100),
    volPct: num('vol_pct', 0.05),
    driftPct: num('drift_pct', DRIFT_DEFAULT[scenario] ?? 0),
    dropPct: num('drop_pct', DROP_DEFAULT[scenario] ?? 30),
    jumpPct: num('jump_pct', 3),
    gapMinutes: num('gap_minutes', 30),
    fundingRate: num('funding_rate', 0.0001),
    spikeRate: num('spike_rate', 0.01),
  };
  return problems.length > 0 ? { problems } : { spec, problems };
}
