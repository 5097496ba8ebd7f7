// The runaway guard of the order tools, as the engine's risk.max_orders_per_minute: at most
// MAX_TOOL_ORDERS_PER_MINUTE order creates per process (one `trade mcp` server, one `trade tool`
// call) in any 60 s of the injected clock. One over is refused before it is sent, as an expected
// outcome (VENUE_RATE_LIMITED, retryable once the oldest send is a minute old).
import { TradeError } from '../../errors';

/** The engine's default max_orders_per_minute (engine/play-config.ts). */
export const MAX_TOOL_ORDERS_PER_MINUTE = 20;
const WINDOW_MS = 60_000;

export class OrderRate {
  private readonly sentMs: number[] = [];

  constructor(private readonly maxPerMinute = MAX_TOOL_ORDERS_PER_MINUTE) {}

  /** Records a send at `nowMs`, or refuses it when the last minute already holds the maximum. */
  take(nowMs: number): void {
    while (this.sentMs.length > 0 && (this.sentMs[0] as number) <= nowMs - WINDOW_MS) this.sentMs.shift();
    if (this.sentMs.length >= this.maxPerMinute) {
      const waitMs = (this.sentMs[0] as number) + WINDOW_MS - nowMs;
      throw new TradeError(
        'VENUE_RATE_LIMITED',
        `order guard: ${this.maxPerMinute} orders were sent in the last minute (the engine's max_orders_per_minute); the next may go in ${Math.ceil(waitMs / 1000)} s`,
        { maxPerMinute: this.maxPerMinute, waitMs },
      );
    }
    this.sentMs.push(nowMs);
  }
}

/** This process's guard. */
export const ORDER_RATE = new OrderRate();
