// What the dashboard shows, as plain data: the session, its market data, the kill switch, the
// position, working orders, today's PnL, the equity since the start, the features the rules read,
// and the log. The store (store.ts) holds one of these; the journal feed and `trade run --tui`
// fill it; the components only read it. Times: `*Ms` wall-clock ms except `lastBarCloseMs`
// (market time); money in USDT.

/** connecting: start-up (no session record yet); running, stopped (a stop record), unclean (no process holds the journal). */
export type Phase = 'connecting' | 'running' | 'stopped' | 'unclean' | 'unknown';
export type KillState = 'ACTIVE' | 'REDUCING' | 'HALTED';
export type Connection = 'connecting' | 'up' | 'down';

export interface SessionInfo {
  id: string;
  mode: string;
  play: string;
  symbol: string;
}

export interface PositionView {
  side: 'long' | 'short' | 'flat';
  qty: number;
  entryPrice: number | null;
  liqPrice: number | null;
  /** From the venue's last position report (the view recomputes it at the mark when it knows one). */
  unrealisedUsdt: number;
}

export interface ProtectionView {
  takeProfit?: number;
  stopLoss?: number;
  trailingDistance?: number;
}

export interface OrderView {
  clientId: string;
  role: string;
  side: string;
  type: string;
  qty: number;
  cumQty: number;
  price: number | null;
  reduceOnly: boolean;
  status: string;
}

export interface RejectView {
  clientId: string;
  code: number;
  reason: string;
}

export interface FeatureView {
  name: string;
  value: number | null;
}

export type LogTone = 'plain' | 'good' | 'warn' | 'bad' | 'dim';

export interface LogEntry {
  /** Increasing from 1: the `<Static>` key. */
  id: number;
  text: string;
  tone: LogTone;
}

export interface DashboardState {
  phase: Phase;
  session: SessionInfo | undefined;
  stopReason: string | undefined;
  /** Processes holding the journal (the running session). */
  pids: number[];
  connection: Connection;
  reconnects: number;
  lastBarCloseMs: number | undefined;
  lastBarRecvMs: number | undefined;
  lastTickerMs: number | undefined;
  markPrice: number | undefined;
  kill: KillState;
  /** Why the switch is down (daily_loss, reducing_rejects, panic, halt…). */
  killWhy: string | undefined;
  position: PositionView;
  protection: ProtectionView;
  orders: OrderView[];
  lastReject: RejectView | undefined;
  equityUsdt: number | undefined;
  /** Equity at each exec close since the start (for the sparkline). */
  equityCurve: number[];
  todayPnlUsdt: number | undefined;
  /** The daily loss limit in USDT (the Play's percent of the day's first equity); undefined: the Play has none. */
  dailyLossLimitUsdt: number | undefined;
  dailyLossLimitPct: number | undefined;
  features: FeatureView[];
  /** The answer to the last key action (panic sent, not running…). */
  notice: string | undefined;
}

export const FLAT: PositionView = { side: 'flat', qty: 0, entryPrice: null, liqPrice: null, unrealisedUsdt: 0 };

export function initialState(): DashboardState {
  return {
    phase: 'connecting',
    session: undefined,
    stopReason: undefined,
    pids: [],
    connection: 'connecting',
    reconnects: 0,
    lastBarCloseMs: undefined,
    lastBarRecvMs: undefined,
    lastTickerMs: undefined,
    markPrice: undefined,
    kill: 'ACTIVE',
    killWhy: undefined,
    position: FLAT,
    protection: {},
    orders: [],
    lastReject: undefined,
    equityUsdt: undefined,
    equityCurve: [],
    todayPnlUsdt: undefined,
    dailyLossLimitUsdt: undefined,
    dailyLossLimitPct: undefined,
    features: [],
    notice: undefined,
  };
}
