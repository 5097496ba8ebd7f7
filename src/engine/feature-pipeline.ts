// The FeaturePipeline port (LIVE.md §4): what the compiled rules read, one TfSeries per timeframe
// plus one column per needed bar field or feature output. `BatchFeatures` computes every column
// up front over a loaded window (backtests); `IncrementalFeatures` grows them one closed 1m bar at
// a time (shadow, demo, live, replay). Both run the same core update() per feature per closed bar
// from the feature's own warm start, so their columns are bit-identical. This file also holds what
// both need to know about a Play's features: its timeframes, a feature's core handle and outputs.
import { CoreIndicator, findIndicator, findStructure, type SourceName } from '../core';
import { TIMEFRAME_MINUTES, type Timeframe } from '../domain';
import type { ColumnNeed } from '../dsl';
import { TradeError } from '../errors';
import type { Play } from '../play';
import type { TfSeries } from './series';

export interface FeaturePipeline {
  /** Indexed like the compiled rules' tfNames. */
  readonly byTfName: readonly TfSeries[];
  /** Exec first, then the others (the engine's order). */
  readonly engineOrder: readonly TfSeries[];
  /** The column the rules read for `need`; after a growing pipeline reallocates, ask again. */
  column(need: ColumnNeed): Float64Array;
}

/** Where feature `id`'s own warm start is (ms); bars of its timeframe opening before it are NaN. */
export type FeatureStart = (id: string) => number;

export interface PlayTimeframe {
  name: string;
  tf: Timeframe;
  tfMinutes: number;
}

/** The timeframes the rules name, plus exec when they do not: `tfNames` order, exec appended. */
export function playTimeframes(play: Play, tfNames: readonly string[]): PlayTimeframe[] {
  const names = tfNames.includes('exec') ? [...tfNames] : [...tfNames, 'exec'];
  return names.map((name) => {
    const tf = play.timeframes[name] as Timeframe | undefined;
    if (!tf) throw new TradeError('PLAY_INVALID', `rules use timeframe '${name}' that the Play does not declare`);
    return { name, tf, tfMinutes: TIMEFRAME_MINUTES[tf] };
  });
}

/** The core handle of feature `id` (free it when done). */
export function featureIndicator(play: Play, id: string): CoreIndicator {
  const f = play.features[id];
  if (!f) throw new TradeError('PLAY_INVALID', `rules reference feature '${id}' that the Play does not declare`);
  const kind = f.structure ? 'structure' : 'indicator';
  return new CoreIndicator((f.indicator ?? f.structure) as string, f.params, f.source as SourceName | undefined, kind);
}

/** The timeframe name feature `id` runs on (exec when the Play names none). */
export function featureTfName(play: Play, id: string): string {
  return play.features[id]?.tf ?? 'exec';
}

/** Index of `need.output` among feature `need.feature`'s core outputs. */
export function outputIndex(play: Play, need: Extract<ColumnNeed, { kind: 'feature' }>): number {
  const f = play.features[need.feature];
  if (!f) throw new TradeError('PLAY_INVALID', `rules reference feature '${need.feature}' that the Play does not declare`);
  const spec = f.structure ? findStructure(f.structure) : findIndicator(f.indicator as string);
  const k = spec ? spec.outputs.indexOf(need.output) : -1;
  if (k < 0) throw new TradeError('PLAY_INVALID', `feature '${need.feature}' has no output '${need.output}'`);
  return k;
}

/** Exec first, then the others in their own order. */
export function engineOrderOf(byName: ReadonlyMap<string, TfSeries>): TfSeries[] {
  const exec = byName.get('exec');
  if (!exec) throw new TradeError('INTERNAL', 'feature pipeline without an exec timeframe');
  return [exec, ...[...byName.values()].filter((s) => s !== exec)];
}
