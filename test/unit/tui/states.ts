// The dashboard states the frame tests render: each a DashboardState built from the initial one,
// at a fixed clock (NOW_MS), so the frames are exact once digits are normalised.
import { type DashboardState, initialState } from '../../../src/tui';

export const NOW_MS = Date.UTC(2024, 7, 5, 12, 30, 5);

const running: Partial<DashboardState> = {
  phase: 'running',
  session: { id: 'fast-cross-demo-20240805T120000Z', mode: 'demo', play: 'fast-cross', symbol: 'BTCUSDT' },
  pids: [4242],
  connection: 'up',
  lastBarRecvMs: NOW_MS - 5_000,
  lastTickerMs: NOW_MS - 1_000,
  lastBarCloseMs: Date.UTC(2024, 7, 5, 12, 30),
  markPrice: 50316.2,
  equityUsdt: 10_000,
  equityCurve: [10_000, 10_010, 9_990, 10_020, 10_000],
  todayPnlUsdt: 0,
  dailyLossLimitPct: 3,
  dailyLossLimitUsdt: 300,
  features: [
    { name: 'exec:ema_fast', value: 50264.41 },
    { name: 'exec:ema_slow', value: 50232.52 },
    { name: 'last_price', value: 50316.2 },
    { name: 'side', value: 0 },
  ],
};

const inPosition: Partial<DashboardState> = {
  position: { side: 'long', qty: 0.58, entryPrice: 50321.6, liqPrice: 33799.3, unrealisedUsdt: -3.13 },
  protection: { takeProfit: 50548, stopLoss: 50170.6 },
  orders: [
    {
      clientId: 'r1-X4',
      role: 'exit',
      side: 'sell',
      type: 'limit',
      qty: 0.58,
      cumQty: 0,
      price: 50600,
      reduceOnly: true,
      status: 'working',
    },
  ],
  equityUsdt: 9_996.87,
  todayPnlUsdt: -3.13,
};

export const STATES: Record<string, Partial<DashboardState>> = {
  connecting: {},
  'active flat': running,
  'active in position': { ...running, ...inPosition },
  stale: { ...running, lastTickerMs: NOW_MS - 31_000, lastBarRecvMs: NOW_MS - 31_000 },
  reducing: { ...running, ...inPosition, kill: 'REDUCING', killWhy: 'daily_loss', todayPnlUsdt: -310 },
  halted: { ...running, kill: 'HALTED', killWhy: 'panic', notice: 'panic sent (control #1); the session applies it before its next bar' },
  'a rejected order': { ...running, lastReject: { clientId: 'r1-L7', code: 110007, reason: 'ab not enough for new order' } },
  'a reconnect': { ...running, connection: 'down', reconnects: 1 },
  stopped: { ...running, phase: 'stopped', stopReason: '20 bars' },
};

export function stateOf(name: string): DashboardState {
  return { ...initialState(), ...STATES[name] };
}

/** Digits to '#', trailing spaces dropped: a frame that does not move with the numbers. */
export function normalise(frame: string | undefined): string {
  return (frame ?? '')
    .replace(/\d/g, '#')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
}
