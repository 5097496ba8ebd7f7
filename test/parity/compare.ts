// Compares one output column of ours against a reference series that starts at `begIndex`.
// Rules (the parity contract):
// - our first non-NaN index must equal the reference's begIndex (NaN before, a value from there on);
// - exact mode: every bar bitwise equal (Object.is: also tells +0 from -0);
// - tolerance mode: |ours - ref| <= relTol * max(|ref|, scale) at every bar, where scale is the mean
//   |ref| of the series. Pointwise relative error for values of typical size; for outputs that
//   cross zero (MACD hist, MOM, AO, CMF...) a value near 0 is judged against the series' typical
//   magnitude, since a difference of two equal-size terms cannot be more accurate than those terms.
// Returns a report; `problems` is empty when the output passes.

export const REL_TOL = 1e-9;

export interface CompareOptions {
  exact: boolean;
  relTol?: number;
  /** Bar times, to print the time of the worst bar. */
  tsMs?: Float64Array;
}

export interface OutputReport {
  firstValid: number;
  begIndex: number;
  bars: number;
  /** Bars whose bits differ (all modes). */
  bitDiffs: number;
  /** Bars beyond the tolerance (tolerance mode) or bitwise different (exact mode). */
  failures: number;
  worstIndex: number;
  worstRelErr: number;
  scale: number;
  problems: string[];
}

export function firstNonNaN(xs: Float64Array): number {
  for (let i = 0; i < xs.length; i++) if (!Number.isNaN(xs[i] as number)) return i;
  return -1;
}

function meanAbs(xs: Float64Array): number {
  let s = 0;
  let n = 0;
  for (const x of xs) {
    if (Number.isFinite(x)) {
      s += Math.abs(x);
      n++;
    }
  }
  return n === 0 ? 0 : s / n;
}

function at(tsMs: Float64Array | undefined, i: number): string {
  const t = tsMs?.[i];
  return t === undefined ? `bar ${i}` : `bar ${i} (${new Date(t).toISOString()})`;
}

export function compareSeries(ours: Float64Array, ref: Float64Array, begIndex: number, opts: CompareOptions): OutputReport {
  const relTol = opts.relTol ?? REL_TOL;
  const scale = meanAbs(ref);
  const report: OutputReport = {
    firstValid: firstNonNaN(ours),
    begIndex,
    bars: ref.length,
    bitDiffs: 0,
    failures: 0,
    worstIndex: -1,
    worstRelErr: 0,
    scale,
    problems: [],
  };
  if (ours.length !== begIndex + ref.length) {
    report.problems.push(`length ${ours.length}, expected ${begIndex + ref.length} (begIndex ${begIndex} + ${ref.length} values)`);
    return report;
  }
  if (report.firstValid !== begIndex) report.problems.push(`first valid index ${report.firstValid}, reference begIndex ${begIndex}`);
  let firstFailure = -1;
  for (let k = 0; k < ref.length; k++) {
    const a = ours[begIndex + k] as number;
    const b = ref[k] as number;
    if (Object.is(a, b)) continue;
    report.bitDiffs++;
    const err = Math.abs(a - b);
    const rel = Number.isNaN(err) ? Number.POSITIVE_INFINITY : err / Math.max(Math.abs(b), scale, Number.MIN_VALUE);
    if (rel > report.worstRelErr || report.worstIndex < 0) {
      report.worstRelErr = rel;
      report.worstIndex = begIndex + k;
    }
    if (opts.exact || !(rel <= relTol)) {
      report.failures++;
      if (firstFailure < 0) firstFailure = begIndex + k;
    }
  }
  if (report.failures > 0) {
    const w = report.worstIndex;
    const f = firstFailure;
    const what = opts.exact ? 'differ in bits' : `differ by more than ${relTol} relative (scale ${scale.toPrecision(6)})`;
    report.problems.push(
      `${report.failures} of ${ref.length} bars ${what}; first at ${at(opts.tsMs, f)}: ours ${ours[f]} ref ${ref[f - begIndex]}; ` +
        `worst at ${at(opts.tsMs, w)}: ours ${ours[w]} ref ${ref[w - begIndex]} (rel ${report.worstRelErr.toExponential(3)})`,
    );
  }
  return report;
}
