// `trade audit [lookahead|warmup|determinism|coverage] <play>`: loads the Play and its market (the store's
// candles of the Play's symbol or --symbol, or with --synthetic the Play's own validation
// scenario, in memory) and runs the forge audits on it. A proof file (play: + validation:) stands for the
// Play it names, with its scenario.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { withSymbolMarket } from '../data';
import { MINUTE_MS } from '../domain';
import { type CheckedPlay, playRequirements } from '../dsl';
import { TradeError } from '../errors';
import {
  auditCoverage,
  auditDeterminism,
  auditLookahead,
  auditWarmup,
  type CoverageReport,
  DEFAULT_SYNTH_SYMBOL,
  type DeterminismReport,
  type LookaheadReport,
  readScenarioSpec,
  syntheticInstrument,
  syntheticMarket,
  type WarmupReport,
  type WindowRunInput,
} from '../forge';
import { isRecord, loadYaml } from '../play';
import { symbolInput, windowInput } from './parse-input';
import { defaultCatalog } from './play-catalog';
import { loadPlay } from './play-validate';

export const AUDIT_CHECKS = ['lookahead', 'warmup', 'determinism', 'coverage'] as const;
export type AuditCheck = (typeof AUDIT_CHECKS)[number];

export interface AuditInput {
  playPath: string;
  dbPath: string;
  checks: readonly AuditCheck[];
  symbol?: string;
  from?: string;
  to?: string;
  /** Run on the Play's validation scenario instead of the store. */
  synthetic?: boolean;
  /** Run on this forge scenario (in memory) instead of the store. */
  scenario?: string;
  /** --scenario: 1m bars after the warm-up (default 20000). */
  bars?: string;
  cuts?: string;
  seed?: string;
  /** Extra warm-up of the reference run, 1m bars. */
  maxExtra?: string;
  /** Self-test: feature id that reads one bar ahead. */
  plantPeek?: string;
}

export type AuditReport = LookaheadReport | WarmupReport | DeterminismReport | CoverageReport;

export interface AuditResult {
  play: string;
  symbol: string;
  pass: boolean;
  reports: AuditReport[];
}

function wholeInput(v: string | undefined, option: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new TradeError('USAGE', `${option} '${v}': expected a whole number ${min}..${max}`);
  return n;
}

/** The Play and its validation scenario; a proof file (`play:` + `validation:`) names its Play. */
function playAndScenario(path: string): { checked: CheckedPlay; scenario: unknown } {
  let raw: unknown;
  try {
    raw = loadYaml(readFileSync(path, 'utf8'), path).value;
  } catch (cause) {
    throw new TradeError('USAGE', `${path}: cannot read the Play file`, undefined, { cause });
  }
  if (isRecord(raw) && typeof raw.play === 'string') {
    const checked = loadPlay(resolve(dirname(path), raw.play), defaultCatalog());
    return { checked, scenario: isRecord(raw.validation) ? raw.validation.scenario : undefined };
  }
  const checked = loadPlay(path, defaultCatalog());
  return { checked, scenario: checked.play.validation?.scenario };
}

/** The in-memory market of --synthetic (the Play's or proof's scenario) or --scenario NAME. */
function syntheticInput(input: AuditInput, checked: CheckedPlay, scenario: unknown, maxExtra: number | undefined): WindowRunInput {
  if (input.synthetic && input.scenario !== undefined)
    throw new TradeError('USAGE', '--synthetic and --scenario exclude each other: one names the Play’s scenario, the other a new one');
  // --scenario: a forge scenario of the Play's warm-up, the warm-up reference and --bars (default 20000) 1m bars, seed 1.
  const declared = playRequirements(checked).warmup1m;
  const warm = declared + (maxExtra ?? Math.max(4 * declared, 1440));
  const bars = wholeInput(input.bars, '--bars', 1, 2_000_000) ?? 20_000;
  const raw = input.scenario !== undefined ? { name: input.scenario, bars: warm + bars, event_at: warm + Math.floor(bars / 3) } : scenario;
  if (!isRecord(raw)) throw new TradeError('USAGE', `--synthetic: ${input.playPath} has no validation.scenario to build`);
  const r = readScenarioSpec(raw);
  if (!r.spec) {
    const where = input.scenario !== undefined ? '--scenario' : `${input.playPath}: validation.scenario`;
    throw new TradeError('VALIDATION', `${where}: ${r.problems.map((p) => p.message).join('; ')}`);
  }
  const m = syntheticMarket(r.spec);
  const symbol = DEFAULT_SYNTH_SYMBOL;
  return { checked, symbol, instrument: syntheticInstrument(symbol), candles: m.candles, funding: m.funding };
}

export async function audit(input: AuditInput): Promise<AuditResult> {
  const { checked, scenario } = playAndScenario(input.playPath);
  const cuts = wholeInput(input.cuts, '--cuts', 1, 1000);
  const seed = wholeInput(input.seed, '--seed', 0, 4294967295);
  const maxExtra = wholeInput(input.maxExtra, '--max-extra', 1, 10_000_000);
  if (input.plantPeek !== undefined && !checked.play.features[input.plantPeek])
    throw new TradeError(
      'USAGE',
      `--plant-peek '${input.plantPeek}': expected a feature id of ${checked.play.id} (${Object.keys(checked.play.features).join(', ')})`,
    );
  const window = windowInput(input.from, input.to);
  const run = (base: WindowRunInput): AuditResult => {
    const reports: AuditReport[] = [];
    for (const c of input.checks) {
      if (c === 'lookahead') reports.push(auditLookahead(base, { cuts, seed, plantPeek: input.plantPeek }));
      if (c === 'warmup') reports.push(auditWarmup(base, maxExtra));
      if (c === 'determinism') reports.push(auditDeterminism(base));
      if (c === 'coverage') reports.push(auditCoverage(base));
    }
    return { play: checked.play.id, symbol: base.symbol, pass: reports.every((r) => r.pass), reports };
  };
  if (input.synthetic || input.scenario !== undefined) return run({ ...syntheticInput(input, checked, scenario, maxExtra), ...window });
  const symbol = input.symbol === undefined ? checked.play.symbol : symbolInput(input.symbol, '--symbol');
  return withSymbolMarket(input.dbPath, symbol, async (market) => {
    const range = await market.range();
    if (!range)
      throw new TradeError('GATE_FAILED', `audit: the store has no ${symbol} candles; import some, forge some, or pass --synthetic`);
    // Everything stored up to the window's end: each run slices its own warm start out of it.
    const w = await market.window(range.firstMs, window.toMs ?? range.lastMs + MINUTE_MS);
    return run({ checked, symbol, instrument: await market.instrument(), candles: w, funding: w.funding, ...window });
  });
}
