// BatchFeatures (backtests): one TfSeries per timeframe the Play names, resampled from the loaded
// 1m window (complete buckets only), and each feature's columns computed in one core batch over
// that timeframe's bars from the feature's own warm start (the same update() live calls per bar).
import { CoreOhlcv } from '../core';
import type { CandleColumns } from '../domain';
import type { ColumnNeed } from '../dsl';
import { TradeError } from '../errors';
import type { Play } from '../play';
import {
  engineOrderOf,
  type FeaturePipeline,
  type FeatureStart,
  featureIndicator,
  featureTfName,
  outputIndex,
  playTimeframes,
} from './feature-pipeline';
import type { TfSeries } from './series';

export type Resampler = (cols: CandleColumns, tfMinutes: number) => CandleColumns & { complete: Uint8Array };

function toSeries(name: string, tfLabel: string, tfMinutes: number, c: CandleColumns & { complete?: Uint8Array }): TfSeries {
  const complete = c.complete ?? new Uint8Array(0);
  for (let i = 0; i < complete.length; i++) {
    if (complete[i] !== 1) {
      throw new TradeError(
        'GATE_FAILED',
        `timeframe ${name} (${tfLabel}): bar at ${new Date(c.tsMs[i]!).toISOString()} is missing minutes`,
      );
    }
  }
  return {
    name,
    tfMs: tfMinutes * 60_000,
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
 * The columns for `needs` over `window1m`. `featureStartMs(id)` is where feature `id` starts (its
 * own warm start), so adding a feature never changes another one's values; without it every
 * feature starts at the first loaded bar.
 */
export class BatchFeatures implements FeaturePipeline {
  readonly byTfName: TfSeries[];
  readonly engineOrder: TfSeries[];
  private readonly columns = new Map<string, Float64Array>();

  constructor(
    play: Play,
    tfNames: readonly string[],
    needs: readonly ColumnNeed[],
    window1m: CandleColumns,
    resample: Resampler,
    featureStartMs?: FeatureStart,
  ) {
    const byName = new Map<string, TfSeries>();
    // A 1m timeframe is the window itself: every 1m bar is complete, nothing to fold or scan.
    for (const t of playTimeframes(play, tfNames))
      byName.set(t.name, toSeries(t.name, t.tf, t.tfMinutes, t.tfMinutes === 1 ? window1m : resample(window1m, t.tfMinutes)));
    const featureOutputs = new Map<string, Float64Array[]>();
    // One copy of each timeframe's bars in core memory, shared by every feature on that timeframe.
    const coreBars = new Map<string, CoreOhlcv>();
    const computeFeature = (id: string): Float64Array[] => {
      const cached = featureOutputs.get(id);
      if (cached) return cached;
      const ind = featureIndicator(play, id);
      const s = byName.get(featureTfName(play, id)) ?? (byName.get('exec') as TfSeries);
      const startMs = featureStartMs?.(id) ?? Number.NEGATIVE_INFINITY;
      let k0 = 0;
      while (k0 < s.length && s.tsOpenMs[k0]! < startMs) k0++;
      // One copy per timeframe; each feature reads it from its own warm start on.
      let all = coreBars.get(s.name);
      if (!all) {
        all = new CoreOhlcv({ tsMs: s.tsOpenMs, open: s.open, high: s.high, low: s.low, close: s.close, volume: s.volume });
        coreBars.set(s.name, all);
      }
      try {
        const out = ind.batch(all.tail(k0), k0);
        featureOutputs.set(id, out);
        return out;
      } finally {
        ind.free();
      }
    };
    try {
      for (const need of needs) {
        if (need.kind === 'bar') {
          this.columns.set(need.key, (byName.get(need.tf) as TfSeries)[need.field]);
          continue;
        }
        this.columns.set(need.key, computeFeature(need.feature)[outputIndex(play, need)] as Float64Array);
      }
    } finally {
      for (const cols of coreBars.values()) cols.free();
    }
    this.byTfName = tfNames.map((n) => byName.get(n) as TfSeries);
    this.engineOrder = engineOrderOf(byName);
  }

  column(need: ColumnNeed): Float64Array {
    const c = this.columns.get(need.key);
    if (!c) throw new TradeError('INTERNAL', `no column for ${need.key}`);
    return c;
  }
}
