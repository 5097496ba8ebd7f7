// What must not be missed, derived from the state and the clock: the banners (HALTED, REDUCING,
// stale data, a session that stopped or died) and the ages of the last bar and ticker. Stale uses
// the session's own limits (LIVE.md §6): no closed 1m bar for 90 s, a ticker older than 10 s, or
// the market-data socket down. Pure.
import { BAR_STALE_MS, TICKER_STALE_MS } from '../live/realtime-state';
import type { DashboardState } from './dashboard-state';
import { age, signedUsdt } from './format';

export interface Alert {
  level: 'bad' | 'warn' | 'info';
  /** One word, for the one-line status. */
  word: string;
  text: string;
}

const WHY: Record<string, string> = {
  daily_loss: 'daily loss limit passed',
  reducing_rejects: '3 rejects in a row',
  reducing_stale_data: 'stale data for 5 minutes',
  panic: 'panic: orders cancelled, position closed',
  halt: 'halt',
};

export interface Ages {
  barMs: number | undefined;
  tickerMs: number | undefined;
}

export function ages(s: DashboardState, nowMs: number): Ages {
  return {
    barMs: s.lastBarRecvMs === undefined ? undefined : nowMs - s.lastBarRecvMs,
    tickerMs: s.lastTickerMs === undefined ? undefined : nowMs - s.lastTickerMs,
  };
}

/** Why the market data is stale now, or undefined (only a running session can be stale). */
export function staleWhy(s: DashboardState, nowMs: number): string | undefined {
  if (s.phase !== 'running') return undefined;
  if (s.connection === 'down') return 'the market-data socket is down';
  const a = ages(s, nowMs);
  if (a.barMs !== undefined && a.barMs > BAR_STALE_MS) return `no closed bar for ${age(a.barMs)}`;
  if (a.tickerMs !== undefined && a.tickerMs > TICKER_STALE_MS) return `the ticker is ${age(a.tickerMs)} old`;
  return undefined;
}

/** The banners, most severe first. */
export function alerts(s: DashboardState, nowMs: number): Alert[] {
  const out: Alert[] = [];
  if (s.phase === 'unclean')
    out.push({ level: 'bad', word: 'UNCLEAN', text: 'UNCLEAN: no process holds the journal (killed?); trade run resumes it' });
  if (s.kill === 'HALTED')
    out.push({ level: 'bad', word: 'HALTED', text: `HALTED (${WHY[s.killWhy ?? ''] ?? s.killWhy ?? 'halt'}): nothing is sent; r resumes` });
  if (s.kill === 'REDUCING')
    out.push({
      level: 'bad',
      word: 'REDUCING',
      text: `REDUCING (${WHY[s.killWhy ?? ''] ?? s.killWhy ?? ''}): exits and protection only; r resumes`,
    });
  const stale = staleWhy(s, nowMs);
  if (stale) out.push({ level: 'warn', word: 'STALE', text: `STALE DATA: ${stale}; new entries stopped` });
  if (s.phase === 'stopped') out.push({ level: 'info', word: 'STOPPED', text: `STOPPED (${s.stopReason ?? 'stopped'})` });
  return out;
}

/** The one-line status (below 60 columns, and `trade dashboard` without a terminal): mode, symbol, switch, position, bar age. */
/** Mode, symbol, kill switch (left out when `withKill` is false), position and bar age. */
export function statusText(s: DashboardState, nowMs: number, withKill = true): string {
  const p = s.position;
  const pos = p.side === 'flat' ? 'flat' : `${p.side} ${p.qty} ${signedUsdt(p.unrealisedUsdt)}`;
  const mode = (s.session?.mode ?? '…').toUpperCase();
  return `${mode} ${s.session?.symbol ?? ''}${withKill ? ` ${s.kill}` : ''} ${pos} bar ${age(ages(s, nowMs).barMs)}`;
}
