// The clock the ages are shown against, ticking once a second (the only render an idle dashboard
// makes). The clock is injected; tests pass a fixed one and `tickMs: 0` (no timer).
import { useEffect, useState } from 'react';

export const TICK_MS = 1000;

export function useNow(nowMs: () => number, tickMs = TICK_MS): number {
  const [now, setNow] = useState(nowMs);
  useEffect(() => {
    if (tickMs <= 0) return;
    const t = setInterval(() => setNow(nowMs()), tickMs);
    return () => clearInterval(t);
  }, [nowMs, tickMs]);
  return now;
}
