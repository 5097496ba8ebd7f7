// Public messages of the replay (bybit-v5.md §4.4, §4.5): `kline.{interval}.SYMBOL` for every
// interval, the forming bar after each path point (confirm:false) and once more with confirm:true
// when its last minute closes; `tickers.SYMBOL`, a snapshot on subscribe and deltas after each point
// (mark price = index price = last price). Higher intervals are built from the minutes on UTC epoch
// buckets. Only topics somebody subscribed to are built.
import { decStr } from '../decimal';
import type { Hub } from './hub';

export const KLINE_INTERVALS: Record<string, number> = {
  '1': 1,
  '3': 3,
  '5': 5,
  '15': 15,
  '30': 30,
  '60': 60,
  '120': 120,
  '240': 240,
  '360': 360,
  '720': 720,
  D: 1440,
};

interface Forming {
  startMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  turnover: number;
}

export interface Minute {
  tsMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  turnover: number;
}

export class MarketFeed {
  private readonly forming = new Map<string, Forming>();
  private last = 0;
  private prev24 = 0;
  private cs = 0;
  nextFundingMs = 0;
  fundingRate = 0;
  klinesSent = 0;

  constructor(
    readonly symbol: string,
    private readonly hub: Hub,
    private readonly priceDecimals: number,
  ) {}

  private px(x: number): string {
    return decStr(x, this.priceDecimals);
  }

  /** One path point of `m`: `k` of 4 (0 open .. 3 close), price `price`, market time `tsMs`. */
  point(m: Minute, k: number, price: number, highSoFar: number, lowSoFar: number, tsMs: number): void {
    const share = (k + 1) / 4;
    for (const [iv, min] of Object.entries(KLINE_INTERVALS)) {
      const topic = `kline.${iv}.${this.symbol}`;
      if (!this.hub.hasSubscriber(topic)) continue;
      const tfMs = min * 60_000;
      const start = Math.floor(m.tsMs / tfMs) * tfMs;
      let f = this.forming.get(iv);
      if (!f || f.startMs !== start) {
        f = { startMs: start, open: m.open, high: m.open, low: m.open, close: m.open, volume: 0, turnover: 0 };
        this.forming.set(iv, f);
      }
      const bar = { ...f, high: Math.max(f.high, highSoFar), low: Math.min(f.low, lowSoFar), close: price };
      this.sendKline(topic, iv, tfMs, bar, f.volume + m.volume * share, f.turnover + m.turnover * share, false, tsMs);
    }
    this.ticker(price, tsMs);
  }

  /** The minute closed: confirm:true for 1m and for every interval whose bucket ends with it. */
  close(m: Minute, tsMs: number): void {
    for (const [iv, min] of Object.entries(KLINE_INTERVALS)) {
      const f = this.forming.get(iv);
      const tfMs = min * 60_000;
      const start = Math.floor(m.tsMs / tfMs) * tfMs;
      const topic = `kline.${iv}.${this.symbol}`;
      if (!f || f.startMs !== start) {
        if (!this.hub.hasSubscriber(topic)) continue;
      }
      const cur =
        f && f.startMs === start ? f : { startMs: start, open: m.open, high: m.high, low: m.low, close: m.close, volume: 0, turnover: 0 };
      cur.high = Math.max(cur.high, m.high);
      cur.low = Math.min(cur.low, m.low);
      cur.close = m.close;
      cur.volume += m.volume;
      cur.turnover += m.turnover;
      this.forming.set(iv, cur);
      if (m.tsMs + 60_000 === start + tfMs) {
        if (this.hub.hasSubscriber(topic)) this.sendKline(topic, iv, tfMs, cur, cur.volume, cur.turnover, true, tsMs);
        this.forming.delete(iv);
      }
    }
  }

  private sendKline(
    topic: string,
    iv: string,
    tfMs: number,
    b: Forming,
    volume: number,
    turnover: number,
    confirm: boolean,
    tsMs: number,
  ): void {
    this.klinesSent++;
    this.hub.publish(topic, {
      topic,
      data: [
        {
          start: b.startMs,
          end: b.startMs + tfMs - 1,
          interval: iv,
          open: this.px(b.open),
          close: this.px(b.close),
          high: this.px(b.high),
          low: this.px(b.low),
          volume: decStr(volume, 8),
          turnover: decStr(turnover, 8),
          confirm,
          timestamp: tsMs,
        },
      ],
      ts: tsMs,
      type: 'snapshot',
    });
  }

  private ticker(price: number, tsMs: number): void {
    const topic = `tickers.${this.symbol}`;
    const dir = price > this.last ? 'PlusTick' : price < this.last ? 'MinusTick' : 'ZeroPlusTick';
    this.last = price;
    if (this.prev24 === 0) this.prev24 = price;
    if (!this.hub.hasSubscriber(topic)) return;
    this.cs++;
    const p = this.px(price);
    this.hub.publish(topic, {
      topic,
      type: 'delta',
      data: { symbol: this.symbol, tickDirection: dir, lastPrice: p, markPrice: p, indexPrice: p, bid1Price: p, ask1Price: p },
      cs: this.cs,
      ts: tsMs,
    });
  }

  tickerSnapshot(tsMs: number): unknown {
    const p = this.px(this.last);
    return {
      topic: `tickers.${this.symbol}`,
      type: 'snapshot',
      data: {
        symbol: this.symbol,
        tickDirection: 'ZeroPlusTick',
        price24hPcnt: '0',
        lastPrice: p,
        prevPrice24h: this.px(this.prev24),
        highPrice24h: p,
        lowPrice24h: p,
        prevPrice1h: p,
        markPrice: p,
        indexPrice: p,
        openInterest: '0',
        openInterestValue: '0',
        turnover24h: '0',
        volume24h: '0',
        fundingIntervalHour: '8',
        fundingCap: '0.005',
        nextFundingTime: String(this.nextFundingMs),
        fundingRate: decStr(this.fundingRate, 8),
        bid1Price: p,
        bid1Size: '0',
        ask1Price: p,
        ask1Size: '0',
        preOpenPrice: '',
        preQty: '',
        curPreListingPhase: '',
      },
      cs: this.cs,
      ts: tsMs,
    };
  }

  setLast(price: number): void {
    this.last = price;
  }
}
