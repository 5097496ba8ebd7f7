// The replay clock (LIVE.md §8): walks the store's 1m candles of one symbol over [from, to). Each
// minute runs in every account's core sim first (so fills happen along the sim's own path, orders
// booked before the minute fill at its open), then its path O→H→L→C (or O→L→H→C, as the core picks)
// is published as four forming klines with each account's private messages at the point where they
// happened, then confirm:true. After the confirm a decision window (wall ms) lets bots answer the
// closed bar before the next minute runs. Funding settles before the first minute at or after each
// stored settlement time, at the last price (mark = last). Halted minutes are skipped entirely.
// `speed` is market minutes per wall second (Infinity: no pacing); 0 is paused (step() by hand);
// setSpeed() changes it at run time (a paused replay started at `max` once clients are subscribed).
import type { Account } from './accounts';
import type { LiveFaults } from './live-faults';
import type { Bar } from './private/book';
import type { Push } from './private/records';
import type { MarketFeed, Minute } from './ws/market-feed';

export interface ReplayOptions {
  symbol: string;
  fromMs: number;
  toMs: number;
  /** Market minutes per wall second; Infinity runs unpaced; 0 waits for step(). */
  speed: number;
  /** Wall ms after each confirm before the next minute (default 100). */
  decisionMs: number;
}

export interface ReplayData {
  minutes: Minute[];
  funding: { tsMs: number; rate: number }[];
}

export interface ReplayHooks {
  accounts: readonly Account[];
  feed: MarketFeed;
  faults: LiveFaults;
  deliver(account: Account, pushes: readonly Push[], creationMs: number): void;
}

const POINT_OFFSET_MS = [0, 15_000, 30_000, 45_000] as const;

export class Replay {
  private i = 0;
  private f = 0;
  /** Market time: the open of the next minute to run (after a confirm, the minute that closed + 1). */
  marketNowMs: number;
  confirmed = 0;
  private stopped = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(
    readonly opts: ReplayOptions,
    private readonly data: ReplayData,
    private readonly hooks: ReplayHooks,
  ) {
    this.marketNowMs = opts.fromMs;
    this.done = new Promise((r) => {
      this.resolveDone = r;
    });
    const first = data.minutes[0];
    if (first) hooks.feed.setLast(first.open);
    hooks.feed.nextFundingMs = data.funding[0]?.tsMs ?? 0;
    hooks.feed.fundingRate = data.funding[0]?.rate ?? 0;
  }

  get finished(): boolean {
    return this.i >= this.data.minutes.length;
  }

  get minutesTotal(): number {
    return this.data.minutes.length;
  }

  private settleFunding(beforeMs: number, markPrice: number): void {
    while (this.f < this.data.funding.length && (this.data.funding[this.f] as { tsMs: number }).tsMs <= beforeMs) {
      const row = this.data.funding[this.f++] as { tsMs: number; rate: number };
      for (const a of this.hooks.accounts) {
        if (!a.book) continue;
        const pushes = a.book.funding(row.tsMs, row.rate, markPrice);
        if (pushes.length) this.hooks.deliver(a, pushes, row.tsMs);
      }
      const next = this.data.funding[this.f];
      this.hooks.feed.nextFundingMs = next?.tsMs ?? 0;
      this.hooks.feed.fundingRate = next?.rate ?? 0;
    }
  }

  /** Runs the next minute's core step and returns its four publish steps and the confirm. */
  private begin(): (() => void)[] {
    const m = this.data.minutes[this.i++] as Minute;
    const prevClose = this.i > 1 ? (this.data.minutes[this.i - 2] as Minute).close : m.open;
    this.settleFunding(m.tsMs, prevClose);
    if (this.hooks.faults.halted(m.tsMs)) {
      this.marketNowMs = m.tsMs + 60_000;
      return [];
    }
    const pointMs = POINT_OFFSET_MS.map((o) => m.tsMs + o) as unknown as [number, number, number, number];
    const bar: Bar = { tsMs: m.tsMs, open: m.open, high: m.high, low: m.low, close: m.close };
    const perAccount = this.hooks.accounts.map((a) => (a.book ? a.book.onBar(bar, pointMs) : [[], [], [], []]));
    const highFirst = m.high - m.open <= m.open - m.low;
    const path = highFirst ? [m.open, m.high, m.low, m.close] : [m.open, m.low, m.high, m.close];
    const steps: (() => void)[] = path.map((price, k) => () => {
      const seen = path.slice(0, k + 1);
      this.marketNowMs = pointMs[k] as number;
      this.hooks.feed.point(m, k, price, Math.max(...seen), Math.min(...seen), pointMs[k] as number);
      this.hooks.accounts.forEach((a, n) => {
        const pushes = perAccount[n]?.[k] ?? [];
        if (pushes.length) this.hooks.deliver(a, pushes, pointMs[k] as number);
      });
    });
    steps.push(() => {
      this.hooks.feed.close(m, m.tsMs + 60_000 - 1);
      this.marketNowMs = m.tsMs + 60_000;
      this.confirmed++;
    });
    return steps;
  }

  /** Runs `minutes` minutes at once, with no pacing (tests, admin step, paused replays). */
  step(minutes = 1): number {
    let n = 0;
    while (n < minutes && !this.finished) {
      for (const s of this.begin()) s();
      n++;
    }
    if (this.finished) this.resolveDone();
    return n;
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      if (ms <= 0) {
        setImmediate(resolve);
        return;
      }
      const t = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  /** The paced loop; returns when the data ends, stop() is called or the speed is set to 0. */
  async run(): Promise<void> {
    while (!this.finished && !this.stopped && this.opts.speed > 0) {
      const minuteWallMs = Number.isFinite(this.opts.speed) ? 1000 / this.opts.speed : 0;
      const steps = this.begin();
      for (let k = 0; k < steps.length && !this.stopped; k++) {
        (steps[k] as () => void)();
        if (k < steps.length - 1) await this.sleep(minuteWallMs / 4);
      }
      await this.sleep(this.opts.decisionMs);
    }
    if (this.finished) this.resolveDone();
  }

  /** Starts the paced loop unless paused (speed 0), stopped or already running. */
  start(): void {
    if (this.loop || this.opts.speed <= 0 || this.stopped || this.finished) return;
    this.loop = this.run().finally(() => {
      this.loop = undefined;
      // A speed set while the loop was returning (0, then > 0 again) restarts it.
      this.start();
    });
  }

  /**
   * Changes the pace at run time (POST /admin/speed): the next minute uses it. 0 pauses after the
   * current minute; > 0 starts the loop of a paused replay, so a client can subscribe before the
   * replay runs at `max`.
   */
  setSpeed(speed: number): void {
    this.opts.speed = speed;
    this.start();
  }

  /** Resolves once the paced loop has returned (at once when it is not running). */
  idle(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
    this.resolveDone();
  }
}
