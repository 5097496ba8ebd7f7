// Builds what the compiled rules read: one TfSeries per timeframe the Play names (resampled from
// the loaded 1m window, complete buckets only) and the feature columns computed in one batch per
// feature over that timeframe's bars by the core (the same update() live trading calls per bar).
import { CoreIndicator, CoreOhlcv, findIndicator, findStructure, type SourceName } from '../core';
import { type CandleColumns, TIMEFRAME_MINUTES, type Timeframe } from '../domain';
import type { ColumnNeed } from '../dsl';
import type { TfSeries } from '../engine';
import { TradeError } from '../errors';
import type { Play } from '../play';

export interface BuiltSeries {
  /** Indexed like the compiled rules' tfNames. */
  byTfName: TfSeries[];
  /** Exec first, then the others (the engine's order). */
  engineOrder: TfSeries[];
  column(need: ColumnNeed): Float64Array;
}

export type Resampler = (cols: CandleColumns, tfMinutes: number) => CandleColumns & { complete: Uint8Array };

function toSeries(name: string, tf: Timeframe, c: CandleColumns & { complete: Uint8Array }): TfSeries {
  for (let i = 0; i < c.complete.length; i++) {
    if (c.complete[i] !== 1) {
      throw new TradeError('GATE_FAILED', `timeframe ${name} (${tf}): bar at ${new Date(c.tsMs[i]!).toISOString()} is missing minutes`);
    }
  }
  return {
    name,
    tfMs: TIMEFRAME_MINUTES[tf] * 60_000,
    tsOpenMs: c.tsMs,
    open: c.open,
    high: c.high,
    low: c.low,
    close: c.close,
    volume: c.volume,
    length: c.tsMs.length,
    cursor: -1,
  };
}

/**
 * `featureStartMs(id)`: where feature `id` starts (its own warm start, from the window start and
 * its own reads only), so that adding a feature never changes another one's values. Its batch
 * runs from the first bar of its timeframe that opens at or after that time; values before are
 * NaN. Without it every feature starts at the first loaded bar.
 */
export function buildSeries(
  play: Play,
  tfNames: readonly string[],
  needs: readonly ColumnNeed[],
  window1m: CandleColumns,
  resample: Resampler,
  featureStartMs?: (id: string) => number,
): BuiltSeries {
  const byName = new Map<string, TfSeries>();
  for (const name of tfNames) {
    const tf = play.timeframes[name] as Timeframe | undefined;
    if (!tf) throw new TradeError('PLAY_INVALID', `rules use timeframe '${name}' that the Play does not declare`);
    byName.set(name, toSeries(name, tf, resample(window1m, TIMEFRAME_MINUTES[tf])));
  }
  if (!byName.has('exec')) {
    const tf = play.timeframes.exec as Timeframe;
    byName.set('exec', toSeries('exec', tf, resample(window1m, TIMEFRAME_MINUTES[tf])));
  }
  const columns = new Map<string, Float64Array>();
  const featureOutputs = new Map<string, Float64Array[]>();
  // One copy of each timeframe's bars in core memory, shared by every feature on that timeframe.
  const coreBars = new Map<string, CoreOhlcv>();
  const computeFeature = (id: string): Float64Array[] => {
    const cached = featureOutputs.get(id);
    if (cached) return cached;
    const f = play.features[id];
    if (!f) throw new TradeError('PLAY_INVALID', `rules reference feature '${id}' that the Play does not declare`);
    const s = byName.get(f.tf) ?? byName.get('exec')!;
    const kind = f.structure ? 'structure' : 'indicator';
    const ind = new CoreIndicator((f.indicator ?? f.structure) as string, f.params, f.source as SourceName | undefined, kind);
    const startMs = featureStartMs?.(id) ?? Number.NEGATIVE_INFINITY;
    let k0 = 0;
    while (k0 < s.length && s.tsOpenMs[k0]! < startMs) k0++;
    const cacheKey = `${s.name}@${k0}`;
    let cols = coreBars.get(cacheKey);
    if (!cols) {
      const from = (c: Float64Array) => c.subarray(k0, s.length);
      cols = new CoreOhlcv({
        tsMs: from(s.tsOpenMs),
        open: from(s.open),
        high: from(s.high),
        low: from(s.low),
        close: from(s.close),
        volume: from(s.volume),
      });
      coreBars.set(cacheKey, cols);
    }
    try {
      const part = ind.batch(cols);
      const out =
        k0 === 0
          ? part
          : part.map((p) => {
              const full = new Float64Array(s.length).fill(Number.NaN);
              full.set(p, k0);
              return full;
            });
      featureOutputs.set(id, out);
      return out;
    } finally {
      ind.free();
    }
  };
  for (const need of needs) {
    if (need.kind === 'bar') {
      const s = byName.get(need.tf)!;
      columns.set(need.key, s[need.field]);
      continue;
    }
    const f = play.features[need.feature]!;
    const outputs = computeFeature(need.feature);
    const spec = f.structure ? findStructure(f.structure) : findIndicator(f.indicator as string);
    const k = spec ? spec.outputs.indexOf(need.output) : -1;
    if (k < 0) throw new TradeError('PLAY_INVALID', `feature '${need.feature}' has no output '${need.output}'`);
    columns.set(need.key, outputs[k]!);
  }
  for (const cols of coreBars.values()) cols.free();
  const byTfName = tfNames.map((n) => byName.get(n)!);
  const exec = byName.get('exec')!;
  return {
    byTfName,
    engineOrder: [exec, ...[...byName.values()].filter((s) => s !== exec)],
    column(need) {
      const c = columns.get(need.key);
      if (!c) throw new TradeError('INTERNAL', `no column for ${need.key}`);
      return c;
    },
  };
}
