// The emulator's notion of "now": fixed (so a test decides which minute is still open) or the wall
// clock. Every time the emulator serves (envelope `time`, /v5/market/time, the open candle, rate-limit
// reset stamps) comes from here.
export type Clock = () => number;

export const wallClock: Clock = () => Date.now();

export function fixedClock(nowMs: number): Clock {
  return () => nowMs;
}
