// The live session's shapes: what `trade run` passes in (SessionOptions), the exchange venue it
// drives (ExchangeVenue: the port plus the start-up calls) and what it returns (SessionSummary).
import type { Instrument } from '../domain';
import type { CheckedPlay } from '../dsl';
import type { Venue } from '../engine';
import type { CrashPoint } from './crash-point';
import type { RunMode } from './guards';
import type { VenueCatchUp } from './resume';
import type { LatencyFigures, SessionLine } from './session-lines';

/** An exchange venue (demo/live): the port plus what start-up needs. */
export interface ExchangeVenue extends Venue, Partial<VenueCatchUp> {
  start(): Promise<void>;
  close(): void | Promise<void>;
  /** Resolves once the venue's messages up to now are drainable (see BybitVenue.barrier). */
  barrier?(): Promise<void>;
  /** Resolves once every command given so far has been sent and answered. */
  whenIdle?(): Promise<void>;
  /** clientIds of orders whose create outcome is still unknown. */
  inDoubt?(): string[];
  setIsolatedMargin?(): Promise<void>;
  setLeverage?(leverage: number): Promise<void>;
  /** Sets the disconnect-cancel window the venue was built with; resolves to it (undefined: none). */
  setDcpWindow?(): Promise<number | undefined>;
  /** From this exchange time on, a reconcile adopts the fills the private stream did not deliver. */
  adoptFillsSince?(ms: number): void;
}

export interface SessionOptions {
  checked: CheckedPlay;
  mode: RunMode;
  symbol: string;
  restUrl: string;
  wsPublicUrl: string;
  /** The journal file of this session. */
  journalPath: string;
  sessionId: string;
  /** Prefix of every order id (≤ 21 chars of [A-Za-z0-9_-]). */
  runId: string;
  nowMs: () => number;
  /** Shadow: starting wallet (default the Play's starting_equity_usdt). */
  equityUsdt?: number;
  /** Stop after the bar closing at or after this time, or after this many live 1m bars. */
  untilMs?: number;
  bars?: number;
  /** demo / live: builds the exchange venue once the instrument is known. */
  exchange?: (instrument: Instrument) => ExchangeVenue;
  print: (line: SessionLine) => void;
  /** The Play's text as checked (journaled, so `trade replay` runs exactly this Play). */
  playSource?: string;
  /** Bybit's disconnect-cancel window (live; demo says it has none). */
  dcpWindowS?: number;
  /** Reconcile with the venue at least this often (session clock, ms; default RECONCILE_EVERY_MS, 5 minutes). */
  reconcileEveryMs?: number;
  /** Fault suite only: kills the process at a chosen instant (TRADE_FAULT_CRASH). */
  crash?: CrashPoint;
  /** Continue the unfinished session in `journalPath` (issue 15) instead of starting one. */
  resume?: boolean;
  /** Start although the account holds a position this session did not open (it trades alongside it). */
  adopt?: boolean;
  /** Called after each bar received on the socket is fully handled (not for bars fetched to fill a gap): tests step a paused replay in lockstep. */
  onBarDone?: (tsMs: number) => void;
}

export interface SessionSummary {
  sessionId: string;
  reason: string;
  warmStartMs: number;
  startMs: number;
  bars: number;
  decisions: number;
  orders: number;
  fills: number;
  equityUsdt: number;
  skipped: { reason: string; count: number }[];
  /** Closed candle arrival → decision done, over the live bars decided on (ms). */
  latency: LatencyFigures;
}
