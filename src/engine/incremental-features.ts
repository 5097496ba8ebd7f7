// IncrementalFeatures (shadow, demo, live, replay): grows the rules' columns one closed 1m bar at
// a time. Each timeframe resamples the minutes incrementally and emits its bar only when the
// bucket's last minute has closed; each emitted bar is one core update() per feature on that
// timeframe, from the feature's own warm start (NaN before), written into preallocated columns.
// Columns grow by doubling; listeners (the rules) are told to re-bind, keeping their window state.
// Invariants: bars arrive on the minute, in order, once. A duplicate (same open time) is dropped;
// an earlier bar or a missing minute is an error naming both times (the feed fills gaps first).
// The first bar must open a bucket of every timeframe, as the batch path requires. Minutes the
// venue itself does not have (an exchange gap, a halt) are declared with `skipGap`: each
// timeframe's bucket holding them is never emitted (as the batch path never uses an incomplete
// bucket) and the timeframe resumes at its next bucket boundary.
import type { CoreIndicator } from '../core';
import { type Bar1m, bucketStartMs, isoMs, MINUTE_MS } from '../domain';
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

const BAR_FIELDS = ['tsOpenMs', 'open', 'high', 'low', 'close', 'volume'] as const;

interface FeatureState {
  id: string;
  ind: CoreIndicator;
  startMs: number;
  /** One column per core output. */
  outputs: Float64Array[];
}

/** One timeframe: its series, the bucket being folded, and the features computed on it. */
interface TfState {
  series: TfSeries;
  tfMinutes: number;
  capacity: number;
  bucketMs: number;
  minutes: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  features: FeatureState[];
  /** After an exchange gap: minutes are ignored until one opens a bucket. */
  resync: boolean;
}

export interface IncrementalOptions {
  /** Where each feature starts (its own warm start); default: the first bar. */
  featureStartMs?: FeatureStart;
  /** Initial bars per timeframe before the first doubling (default 1024). */
  capacity?: number;
  /** Grow by this many bars instead of doubling (tests: a rebind at every bar). */
  growBy?: number;
}

export class IncrementalFeatures implements FeaturePipeline {
  readonly byTfName: TfSeries[];
  readonly engineOrder: TfSeries[];
  /** Bars dropped as duplicates (same open time as the previous one). */
  duplicates = 0;
  private readonly tfs: TfState[];
  private readonly columns = new Map<string, { tf: TfState; feature?: FeatureState; output: number; field?: ColumnField }>();
  private readonly growListeners: Array<() => void> = [];
  private lastTsMs = Number.NaN;
  private readonly bar = { tsMs: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  private readonly growBy: number | undefined;

  constructor(play: Play, tfNames: readonly string[], needs: readonly ColumnNeed[], opts: IncrementalOptions = {}) {
    this.growBy = opts.growBy === undefined ? undefined : Math.max(1, opts.growBy);
    const capacity = Math.max(1, opts.capacity ?? 1024);
    const byName = new Map<string, TfState>();
    for (const t of playTimeframes(play, tfNames)) {
      const series: TfSeries = {
        name: t.name,
        tfMs: t.tfMinutes * MINUTE_MS,
        tsOpenMs: new Float64Array(capacity),
        open: new Float64Array(capacity),
        high: new Float64Array(capacity),
        low: new Float64Array(capacity),
        close: new Float64Array(capacity),
        volume: new Float64Array(capacity),
        length: 0,
        cursor: -1,
      };
      byName.set(t.name, {
        series,
        tfMinutes: t.tfMinutes,
        capacity,
        bucketMs: Number.NaN,
        minutes: 0,
        open: 0,
        high: 0,
        low: 0,
        close: 0,
        volume: 0,
        features: [],
        resync: false,
      });
    }
    const features = new Map<string, FeatureState>();
    try {
      for (const need of needs) {
        const tf = byName.get(need.kind === 'bar' ? need.tf : featureTfName(play, need.feature)) ?? (byName.get('exec') as TfState);
        if (need.kind === 'bar') {
          this.columns.set(need.key, { tf: byName.get(need.tf) as TfState, output: -1, field: need.field });
          continue;
        }
        let f = features.get(need.feature);
        if (!f) {
          const ind = featureIndicator(play, need.feature);
          f = {
            id: need.feature,
            ind,
            startMs: opts.featureStartMs?.(need.feature) ?? Number.NEGATIVE_INFINITY,
            outputs: Array.from({ length: ind.nOutputs }, () => new Float64Array(capacity)),
          };
          features.set(need.feature, f);
          tf.features.push(f);
        }
        this.columns.set(need.key, { tf, feature: f, output: outputIndex(play, need) });
      }
    } catch (e) {
      for (const f of features.values()) f.ind.free();
      throw e;
    }
    this.tfs = [...byName.values()];
    const seriesByName = new Map([...byName].map(([k, v]) => [k, v.series]));
    this.byTfName = tfNames.map((n) => seriesByName.get(n) as TfSeries);
    this.engineOrder = engineOrderOf(seriesByName);
    // The exec timeframe's bar closes first in the engine's order; keep the same order here.
    this.tfs.sort((a, b) => this.engineOrder.indexOf(a.series) - this.engineOrder.indexOf(b.series));
  }

  column(need: ColumnNeed): Float64Array {
    const c = this.columns.get(need.key);
    if (!c) throw new TradeError('INTERNAL', `no column for ${need.key}`);
    if (c.feature) return c.feature.outputs[c.output] as Float64Array;
    return c.tf.series[c.field as ColumnField];
  }

  /** Called after columns were reallocated (the rules must be bound again). */
  onGrow(listener: () => void): void {
    this.growListeners.push(listener);
  }

  /** Open time of the last bar taken (NaN before the first). */
  get lastBarMs(): number {
    return this.lastTsMs;
  }

  /**
   * One closed 1m bar. Returns true when a bar of any timeframe closed with it; false for a
   * duplicate. Throws for a bar off the minute, earlier than the last one, or after a gap.
   */
  push(bar: Bar1m): boolean {
    const t = bar.tsMs;
    if (Math.floor(t / MINUTE_MS) * MINUTE_MS !== t) {
      throw new TradeError('DATA_INVALID', `feature pipeline: bar time ${t} is not on the minute`);
    }
    const last = this.lastTsMs;
    if (t === last) {
      this.duplicates++;
      return false;
    }
    if (t < last) throw new TradeError('DATA_INVALID', `feature pipeline: bar ${isoMs(t)} arrived after bar ${isoMs(last)} (out of order)`);
    if (t !== last + MINUTE_MS && !Number.isNaN(last)) {
      throw new TradeError('DATA_MISSING', `feature pipeline: bar ${isoMs(t)} follows bar ${isoMs(last)}: the minutes between are missing`);
    }
    this.lastTsMs = t;
    let closed = false;
    let grew = false;
    for (const tf of this.tfs) {
      if (this.fold(tf, bar)) {
        grew = this.emit(tf) || grew;
        closed = true;
      }
    }
    if (grew) for (const l of this.growListeners) l();
    return closed;
  }

  /**
   * The venue has no candles for minutes [fromMs, toMs) (they never existed: a halt, an exchange
   * gap). The buckets holding them are dropped; the next bar pushed must open at `toMs`.
   */
  skipGap(fromMs: number, toMs: number): void {
    const last = this.lastTsMs;
    if (!Number.isNaN(last) && fromMs !== last + MINUTE_MS) {
      throw new TradeError('DATA_INVALID', `feature pipeline: a gap from ${isoMs(fromMs)} does not follow bar ${isoMs(last)}`);
    }
    if (!(toMs > fromMs)) return;
    for (const tf of this.tfs) {
      tf.bucketMs = Number.NaN;
      tf.resync = true;
    }
    this.lastTsMs = toMs - MINUTE_MS;
    this.gaps++;
  }

  /** Exchange gaps skipped so far. */
  gaps = 0;

  /** Adds the minute to its bucket; true when it was the bucket's last minute. */
  private fold(tf: TfState, bar: Bar1m): boolean {
    const b = bucketStartMs(bar.tsMs, tf.tfMinutes);
    if (tf.resync) {
      if (b !== bar.tsMs) return false;
      tf.resync = false;
    }
    if (b !== tf.bucketMs) {
      if (b !== bar.tsMs) {
        throw new TradeError(
          'DATA_MISSING',
          `timeframe ${tf.series.name}: the first bar ${isoMs(bar.tsMs)} does not open a bucket (it opens at ${isoMs(b)}); start on a boundary`,
        );
      }
      tf.bucketMs = b;
      tf.minutes = 0;
      tf.open = bar.open;
      tf.high = bar.high;
      tf.low = bar.low;
      tf.volume = 0;
    }
    if (bar.high > tf.high) tf.high = bar.high;
    if (bar.low < tf.low) tf.low = bar.low;
    tf.close = bar.close;
    tf.volume += bar.volume;
    tf.minutes++;
    return bar.tsMs + MINUTE_MS === tf.bucketMs + tf.series.tfMs;
  }

  /** Writes the closed bucket as the next bar and updates its features; true when columns grew. */
  private emit(tf: TfState): boolean {
    const s = tf.series;
    let grew = false;
    if (s.length === tf.capacity) {
      this.grow(tf);
      grew = true;
    }
    const k = s.length;
    const bar = this.bar;
    bar.tsMs = tf.bucketMs;
    bar.open = tf.open;
    bar.high = tf.high;
    bar.low = tf.low;
    bar.close = tf.close;
    bar.volume = tf.volume;
    s.tsOpenMs[k] = bar.tsMs;
    s.open[k] = bar.open;
    s.high[k] = bar.high;
    s.low[k] = bar.low;
    s.close[k] = bar.close;
    s.volume[k] = bar.volume;
    for (const f of tf.features) {
      if (bar.tsMs < f.startMs) {
        for (const col of f.outputs) col[k] = Number.NaN;
        continue;
      }
      const out = f.ind.update(bar);
      for (let o = 0; o < f.outputs.length; o++) (f.outputs[o] as Float64Array)[k] = out[o] as number;
    }
    s.length = k + 1;
    tf.bucketMs = Number.NaN;
    return grew;
  }

  private grow(tf: TfState): void {
    const cap = this.growBy === undefined ? tf.capacity * 2 : tf.capacity + this.growBy;
    const bigger = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const s = tf.series;
    for (const field of BAR_FIELDS) s[field] = bigger(s[field]);
    for (const f of tf.features) f.outputs = f.outputs.map(bigger);
    tf.capacity = cap;
  }

  /** Releases the core handles. */
  free(): void {
    for (const tf of this.tfs) for (const f of tf.features) f.ind.free();
  }
}

type ColumnField = 'open' | 'high' | 'low' | 'close' | 'volume';
