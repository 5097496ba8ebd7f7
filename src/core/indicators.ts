// Typed wrapper over one core indicator or structure detector: create with params (and source for
// indicators), run a batch over columns (zero-copy output views), or update bar by bar. Always
// `free()` when done.
import type { Bar1m, Bars1m } from '../domain';
import { CoreError } from '../errors';
import { check, lastCoreError } from './errors';
import { core, F64Buffer, f64View, writeString } from './memory';
import { type IndicatorSpec, indicatorRegistry, SOURCES, type SourceName } from './registry';
import { structureRegistry } from './structure-registry';

/** Which registry a CoreIndicator comes from. */
export type SeriesKind = 'indicator' | 'structure';

/** OHLCV columns: the domain's one column shape (`Bars1m`), named for the core's callers. */
export type OhlcvColumns = Bars1m;

/** One bar's values: the domain's one row shape (`Bar1m`). */
export type BarValues = Bar1m;

/** Column bits of `ind_batch_columns` (ts, open, high, low, close, volume). */
export const ALL_COLUMNS = 63;

/**
 * Bars in core memory: their count and the six column pointers (ts, open, high, low, close,
 * volume) of which at least the `columns` bits are real (the others point at any column of the
 * same length).
 */
export interface CoreBars {
  readonly n: number;
  ptrs(columns?: number): [number, number, number, number, number, number];
}

/**
 * OHLCV columns copied into core memory once, so many indicators can run over them without
 * re-copying. A column is copied when a batch first reads it (`ind_batch_columns`): an EMA of the
 * close over a year of 1m bars copies 4 MB, not 25.
 */
export class CoreOhlcv implements CoreBars {
  readonly n: number;
  private readonly src: readonly Float64Array[];
  private readonly bufs: (F64Buffer | undefined)[] = [undefined, undefined, undefined, undefined, undefined, undefined];

  constructor(cols: OhlcvColumns) {
    this.n = cols.close.length;
    this.src = [cols.tsMs, cols.open, cols.high, cols.low, cols.close, cols.volume];
  }

  /** Pointers in ABI order: ts, open, high, low, close, volume; the `columns` bits copied (default all). */
  ptrs(columns = ALL_COLUMNS): [number, number, number, number, number, number] {
    let any = 0;
    for (let k = 0; k < 6; k++) {
      if ((columns & (1 << k)) === 0 || this.bufs[k] !== undefined) continue;
      const b = new F64Buffer(this.n);
      b.view().set(this.src[k]!);
      this.bufs[k] = b;
    }
    for (let k = 0; k < 6; k++) if (this.bufs[k] !== undefined) any = this.bufs[k]!.ptr;
    if (any === 0) return this.ptrs(1 << 4);
    const p = (k: number) => this.bufs[k]?.ptr ?? any;
    return [p(0), p(1), p(2), p(3), p(4), p(5)];
  }

  /** The bars from index `k` on, sharing this copy (valid while it is not freed). */
  tail(k: number): CoreBars {
    if (!(k >= 0 && k <= this.n)) throw new CoreError('CORE', `CoreOhlcv.tail(${k}) outside 0..${this.n}`);
    const at = 8 * k;
    return {
      n: this.n - k,
      ptrs: (columns?: number) => {
        const [a, b, c, d, e, f] = this.ptrs(columns);
        return [a + at, b + at, c + at, d + at, e + at, f + at];
      },
    };
  }

  free(): void {
    for (const b of this.bufs) b?.free();
  }
}

export class CoreIndicator {
  readonly spec: IndicatorSpec;
  readonly kind: SeriesKind;
  readonly handle: number;
  readonly nOutputs: number;
  readonly warmup: number;
  private readonly out: F64Buffer;

  /**
   * `kind` 'structure' looks `name` up in the structure registry and creates it with
   * `struct_create` (structures read fixed bar fields, so `source` must be undefined); the handle
   * then runs through the same ind_* calls. See CoreStructure.
   */
  constructor(name: string, params: Record<string, number> = {}, source?: SourceName, kind: SeriesKind = 'indicator') {
    const registry = kind === 'structure' ? structureRegistry() : indicatorRegistry();
    const spec = registry.find((s) => s.name === name);
    if (!spec) throw new CoreError('CORE', `unknown ${kind} '${name}' (expected one of ${registry.map((s) => s.name).join(', ')})`);
    if (source !== undefined && spec.inputs.kind !== 'source') {
      throw new CoreError(
        'CORE',
        `${kind} ${name} reads fixed fields (${spec.inputs.fields.join(', ')}); it takes no source (got '${source}')`,
      );
    }
    this.spec = spec;
    this.kind = kind;
    const values = spec.params.map((p) => params[p.name] ?? p.default);
    for (const k of Object.keys(params)) {
      if (!spec.params.some((p) => p.name === k)) {
        throw new CoreError('CORE', `${name} has no param '${k}' (expected ${spec.params.map((p) => p.name).join(', ')})`);
      }
    }
    const c = core();
    const pbuf = new F64Buffer(values.length);
    pbuf.view().set(values);
    const [namePtr, nameLen, freeName] = writeString(name);
    const srcCode = source === undefined ? -1 : SOURCES.indexOf(source);
    const h =
      kind === 'structure'
        ? c.struct_create(namePtr, nameLen, pbuf.ptr, values.length)
        : c.ind_create(namePtr, nameLen, pbuf.ptr, values.length, srcCode);
    freeName();
    pbuf.free();
    if (h === 0) throw lastCoreError(`${kind} ${name}`);
    this.handle = h;
    this.nOutputs = c.ind_n_outputs(h);
    this.warmup = c.ind_warmup(h);
    this.out = new F64Buffer(this.nOutputs);
  }

  private outView: Float64Array | undefined;

  /** One closed bar; returns a view of the outputs, valid until the next core call. */
  update(bar: BarValues): Float64Array {
    const c = core();
    const status = c.ind_update(this.handle, bar.tsMs, bar.open, bar.high, bar.low, bar.close, bar.volume, this.out.ptr);
    if (status !== 0) check(status, `${this.kind} ${this.spec.name} update`);
    // Re-create the view only when memory grew (its old ArrayBuffer is then detached).
    if (this.outView === undefined || this.outView.buffer !== c.memory.buffer) this.outView = this.out.view();
    return this.outView;
  }

  reset(): void {
    check(core().ind_reset(this.handle), `${this.kind} ${this.spec.name} reset`);
  }

  /**
   * Runs the whole series; returns one Float64Array per output (copies out of core memory), with
   * `lead` NaN values before the first bar's output (a feature that starts after its timeframe's
   * first bar gets its full-length column in one array).
   */
  batch(cols: OhlcvColumns | CoreBars, lead = 0): Float64Array[] {
    const owned = 'ptrs' in cols ? undefined : new CoreOhlcv(cols);
    const input = owned ?? (cols as CoreBars);
    const n = input.n;
    const out = new F64Buffer(n * this.nOutputs);
    try {
      const [ts, o, hi, lo, c, v] = input.ptrs(core().ind_batch_columns(this.handle));
      check(core().ind_batch(this.handle, n, ts, o, hi, lo, c, v, out.ptr), `${this.kind} ${this.spec.name} batch`);
      const result: Float64Array[] = [];
      for (let k = 0; k < this.nOutputs; k++) {
        const col = new Float64Array(lead + n);
        if (lead > 0) col.fill(Number.NaN, 0, lead);
        col.set(f64View(out.ptr + k * n * 8, n), lead);
        result.push(col);
      }
      return result;
    } finally {
      owned?.free();
      out.free();
    }
  }

  free(): void {
    core().ind_free(this.handle);
    this.out.free();
  }
}
