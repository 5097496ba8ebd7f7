// One record per evaluation of the rules (LIVE.md §5): when, what the rules asked for, which case
// fired, the inputs they read and the commands the engine issued. Backtests can write them
// (decisions.parquet); live trading journals them; the replay diff compares two streams of them.
import type { VenueCommand } from './ports';

export type Action = 'enter_long' | 'enter_short' | 'exit_long' | 'exit_short' | 'exit' | 'none';

export interface Decision {
  /** 1, 2, ... per engine (continues across a restore). */
  seq: number;
  /** Close time of the bar the evaluation answered (ms). */
  tsMs: number;
  action: Action;
  /** Index of the rule case that produced the action (in Play order), -1 for none. */
  caseIndex: number;
  /** The case's tag, '' when it has none. */
  tag: string;
  /** What the rules read: every column at its cursor, and the position state. */
  inputs: Record<string, number>;
  commands: VenueCommand[];
}

/** The record of one evaluation: the case behind a non-'none' action, what the rules read and the position state. */
export function decisionOf(
  seq: number,
  tsMs: number,
  action: Action,
  why: { caseIndex: number; tag: string; inputs: Record<string, number> } | undefined,
  s: { readonly lastPrice: number; readonly side: number; readonly entryPrice: number; readonly barsInTrade: number },
  commands: VenueCommand[],
): Decision {
  const w = why ?? { caseIndex: -1, tag: '', inputs: {} };
  return {
    seq,
    tsMs,
    action,
    caseIndex: action === 'none' ? -1 : w.caseIndex,
    tag: action === 'none' ? '' : w.tag,
    inputs: { ...w.inputs, last_price: s.lastPrice, side: s.side, entry_price: s.entryPrice, bars_in_trade: s.barsInTrade },
    commands,
  };
}

/** Where the engine sends decisions (absent: none are built, the fast path). */
export interface DecisionSink {
  record(d: Decision): void;
}

/** Keeps every decision in memory (backtest --decisions, tests). */
export class DecisionLog implements DecisionSink {
  readonly decisions: Decision[] = [];
  /** Only evaluations that did something (action != none or a command) when true. */
  constructor(private readonly onlyActive = false) {}

  record(d: Decision): void {
    if (this.onlyActive && d.action === 'none' && d.commands.length === 0) return;
    this.decisions.push(d);
  }
}
