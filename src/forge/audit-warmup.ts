// The warm-up audit. The Play runs over one window with its declared warm-up and with longer
// ones (every feature started that many extra 1m bars earlier), the longest being the reference.
// Recursive indicators (EMA, Wilder) never forget their seed completely, so inputs may differ by
// tiny amounts; what must not differ is a decision (action, case, commands). The report gives,
// per warm-up, the first differing decision (bar, input, both values), how many decisions
// changed, the largest relative input gap, and the shortest warm-up from which decisions no
// longer change; the check passes when the declared warm-up already reaches it.
import { isoMs, MINUTE_MS } from '../domain';
import { playRequirements } from '../dsl';
import { TradeError } from '../errors';
import { actionDifferences, type DecisionDifference, firstActionDifference, firstDifference, largestInputGap } from './decision-diff';
import { largestTfMs, runOnWindow, type WindowRunInput } from './run-window';

export interface WarmupStep {
  /** Extra 1m bars before every feature's own warm start. */
  extra1m: number;
  /** The Play's longest warm-up plus the extra, 1m bars. */
  warmup1m: number;
  /** Decisions whose action, case or commands differ from the reference. */
  changedDecisions: number;
  firstDifference?: DecisionDifference & { bar: string };
  /** The first decision whose action, case or commands differ from the reference's. */
  firstChange?: DecisionDifference & { bar: string };
  largestGap: { relativePct: number; field: string; bar: string } | null;
}

export interface WarmupReport {
  check: 'warmup';
  pass: boolean;
  fromMs: number;
  toMs: number;
  declaredWarmup1m: number;
  referenceWarmup1m: number;
  /** The shortest warm-up tried from which every decision equals the reference's. */
  stableFromWarmup1m: number;
  steps: WarmupStep[];
}

/** Extras tried: 0, then doubling up to `maxExtra1m` (the reference). */
export function warmupExtras(maxExtra1m: number): number[] {
  const out = [0];
  for (let e = Math.max(1, Math.floor(maxExtra1m / 16)); e < maxExtra1m; e *= 2) out.push(e);
  out.push(maxExtra1m);
  return out;
}

/**
 * `input.fromMs` must leave room for the longest warm-up: pass `undefined` and the audit starts
 * the window after the declared warm-up plus `maxExtra1m` (the first candle being the earliest).
 */
export function auditWarmup(input: WindowRunInput, maxExtra1m?: number): WarmupReport {
  const declared = playRequirements(input.checked).warmup1m;
  const tfMs = largestTfMs(input.checked);
  const first = input.candles.tsMs[0] ?? 0;
  const lastMs = input.toMs ?? (input.candles.tsMs[input.candles.tsMs.length - 1] ?? 0) + MINUTE_MS;
  // By default the reference takes at most half the data left after the declared warm-up, or,
  // with a given window start, at most the data before it.
  const room1m =
    input.fromMs === undefined
      ? Math.floor(((lastMs - first) / MINUTE_MS - declared - tfMs / MINUTE_MS) / 2)
      : Math.floor((input.fromMs - first) / MINUTE_MS - declared - tfMs / MINUTE_MS);
  const extraMax = maxExtra1m ?? Math.min(Math.max(declared * 4, 1440), room1m);
  if (extraMax < 1) {
    const held =
      input.fromMs === undefined
        ? `the data holds ${Math.floor((lastMs - first) / MINUTE_MS)}`
        : `the data holds ${Math.max(0, Math.floor((input.fromMs - first) / MINUTE_MS))} before the window start ${isoMs(input.fromMs)}`;
    throw new TradeError(
      'GATE_FAILED',
      `warmup audit: ${input.checked.file} needs ${declared} 1m bars of warm-up and ${held}: no room for a longer reference warm-up; use more data or a later --from`,
    );
  }
  const ceilTf = (ms: number) => Math.ceil(ms / tfMs) * tfMs;
  const fromMs = input.fromMs ?? ceilTf(ceilTf(first) + (declared + extraMax) * MINUTE_MS);
  const runs = warmupExtras(extraMax).map((extra1m) => ({ extra1m, run: runOnWindow({ ...input, fromMs, extraWarmup1m: extra1m }) }));
  const ref = runs.at(-1)!.run;
  const steps: WarmupStep[] = runs.map(({ extra1m, run }) => {
    const n = Math.max(run.decisions.length, ref.decisions.length);
    const d = firstDifference(run.decisions, ref.decisions, n);
    const gap = largestInputGap(run.decisions, ref.decisions);
    const change = firstActionDifference(run.decisions, ref.decisions);
    return {
      extra1m,
      warmup1m: declared + extra1m,
      changedDecisions: actionDifferences(run.decisions, ref.decisions),
      ...(d ? { firstDifference: { ...d, bar: isoMs(d.tsMs) } } : {}),
      ...(change ? { firstChange: { ...change, bar: isoMs(change.tsMs) } } : {}),
      largestGap: gap.relative > 0 ? { relativePct: gap.relative * 100, field: gap.field, bar: isoMs(gap.tsMs) } : null,
    };
  });
  let stable = steps.length - 1;
  while (stable > 0 && steps[stable - 1]!.changedDecisions === 0) stable--;
  return {
    check: 'warmup',
    pass: steps[0]!.changedDecisions === 0,
    fromMs: ref.fromMs,
    toMs: ref.toMs,
    declaredWarmup1m: declared,
    referenceWarmup1m: declared + extraMax,
    stableFromWarmup1m: steps[stable]!.warmup1m,
    steps,
  };
}
