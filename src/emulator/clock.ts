// The emulator's two clocks. The server clock (envelope `time`, /v5/market/time, the signature
// timestamp window, rate-limit windows) is the wall clock plus an injected skew, or a fixed "now"
// (`--now`). The market clock (open candle, funding served, order and execution times) is the
// replay's position when a replay runs, else the server clock.
export type Clock = () => number;

export const wallClock: Clock = () => Date.now();

export function fixedClock(nowMs: number): Clock {
  return () => nowMs;
}
