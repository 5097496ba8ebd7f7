// Fault injection for the emulator: exchange gaps (1m ranges the server pretends not to have), a
// burst of retCode 10006 "Too many visits!" answers with a reset stamp a few ms ahead, a burst of
// HTTP 403 "access too frequent", and a corrupt candle (high below low) at one time. Bursts hit the
// data endpoints (everything but /v5/market/time) after `burstAfter` normal answers; 10006 first.
export interface FaultOptions {
  /** [startMs, endMs) ranges of 1m candles the server omits. */
  gapsMs?: readonly (readonly [number, number])[];
  /** Consecutive data requests answered with retCode 10006. */
  burst10006?: number;
  /** Consecutive data requests answered with HTTP 403. */
  burst403?: number;
  /** Data requests answered normally before the bursts start (default 0). */
  burstAfter?: number;
  /** How far ahead of now the 10006 reset timestamp is, ms (default 30). */
  resetAheadMs?: number;
  /** Open time of a 1m candle served with high below low (a malformed row). */
  badRowMs?: number;
}

export type FaultVerdict = 'ok' | '10006' | '403';

/** Counts data requests and decides which ones a burst answers. */
export class Faults {
  private dataRequests = 0;
  readonly served = { rateLimited: 0, forbidden: 0 };

  constructor(
    readonly options: FaultOptions = {},
    /** Ranges added at run time (market halts), served as gaps too. */
    private readonly extraGapsMs: readonly (readonly [number, number])[] = [],
  ) {}

  nextDataRequest(): FaultVerdict {
    const k = this.dataRequests++ - (this.options.burstAfter ?? 0);
    if (k < 0) return 'ok';
    const n10006 = this.options.burst10006 ?? 0;
    if (k < n10006) {
      this.served.rateLimited++;
      return '10006';
    }
    if (k < n10006 + (this.options.burst403 ?? 0)) {
      this.served.forbidden++;
      return '403';
    }
    return 'ok';
  }

  get gapsMs(): readonly (readonly [number, number])[] {
    const fixed = this.options.gapsMs ?? [];
    return this.extraGapsMs.length ? [...fixed, ...this.extraGapsMs] : fixed;
  }

  get resetAheadMs(): number {
    return this.options.resetAheadMs ?? 30;
  }
}
