// What a live session prints: one line per closed exec bar (price, position, PnL, state) and one
// per decision, order, fill, reconnect and problem; as text or, with --json, as JSON lines with
// the same fields. Everything printed goes through `redact`, so no key or secret can leak.
import { isoMs } from '../domain';
import type { Decision, VenueCommand, VenueEvent } from '../engine';

export type SessionLine =
  | { type: 'start'; session: string; mode: string; play: string; symbol: string; warmStart: string; start: string; journal: string }
  | { type: 'step'; step: string; detail: string }
  | {
      type: 'bar';
      ts: string;
      close: number;
      position: string;
      qty: number;
      equityUsdt: number;
      unrealisedUsdt: number;
      state: string;
    }
  | { type: 'decision'; ts: string; action: string; case: number; tag: string }
  | { type: 'order'; ts: string; command: string; clientId: string; detail: string }
  | { type: 'fill'; ts: string; clientId: string; source: string; side: string; qty: number; price: number; feeUsdt: number }
  | { type: 'event'; ts: string; kind: string; detail: string }
  | { type: 'connection'; ts: string; state: string }
  | { type: 'warning'; ts: string; message: string }
  | {
      type: 'stop';
      reason: string;
      bars: number;
      decisions: number;
      orders: number;
      fills: number;
      equityUsdt: number;
      snapshot: string;
      /** From a closed candle's arrival to its decision's commands handed to the venue, over the session's live bars. */
      latency: LatencyFigures;
    };

/** Percentiles of the candle-to-orders latency; NaN (null in JSON) with no decision measured. */
export interface LatencyFigures {
  n: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function decisionLine(d: Decision): SessionLine {
  return { type: 'decision', ts: isoMs(d.tsMs), action: d.action, case: d.caseIndex, tag: d.tag };
}

export function commandLine(cmd: VenueCommand, tsMs: number): SessionLine {
  const ts = isoMs(tsMs);
  if (cmd.kind === 'submit') {
    const o = cmd.order;
    const px = o.price === undefined ? '' : ` @ ${o.price}`;
    const prot = [o.stopLoss !== undefined ? `sl ${o.stopLoss}` : '', o.takeProfit !== undefined ? `tp ${o.takeProfit}` : '']
      .filter(Boolean)
      .join(' ');
    return {
      type: 'order',
      ts,
      command: 'submit',
      clientId: o.clientId,
      detail: `${o.side} ${o.type} ${o.qty}${px} ${o.timeInForce}${o.reduceOnly ? ' reduce-only' : ''}${prot ? ` ${prot}` : ''}`,
    };
  }
  if (cmd.kind === 'cancel') return { type: 'order', ts, command: 'cancel', clientId: cmd.clientId, detail: '' };
  if (cmd.kind === 'cancel_all') return { type: 'order', ts, command: 'cancel_all', clientId: '', detail: '' };
  return { type: 'order', ts, command: 'set_protection', clientId: '', detail: JSON.stringify(cmd) };
}

/** A line for the events worth a line (fills, rejects, cancels, funding, liquidation), else undefined. */
export function eventLine(e: VenueEvent): SessionLine | undefined {
  const ts = isoMs(e.tsMs);
  switch (e.kind) {
    case 'fill':
      return { type: 'fill', ts, clientId: e.clientId, source: e.source, side: e.side, qty: e.qty, price: e.price, feeUsdt: e.feeUsdt };
    case 'rejected':
      return { type: 'event', ts, kind: 'rejected', detail: `${e.clientId} ${e.code} ${e.reason}` };
    case 'cancelled':
      return { type: 'event', ts, kind: 'cancelled', detail: `${e.clientId} leaves ${e.leavesQty} ${e.reason}` };
    case 'expired':
      return { type: 'event', ts, kind: 'expired', detail: e.clientId };
    case 'funding':
      return { type: 'event', ts, kind: 'funding', detail: `rate ${e.rate} paid ${e.paymentUsdt} USDT` };
    case 'liquidation':
      return { type: 'event', ts, kind: 'liquidation', detail: `${e.qty} @ ${e.price}` };
    case 'connection':
      return { type: 'connection', ts, state: e.up ? 'up' : 'down' };
    default:
      return undefined;
  }
}

export function formatLine(l: SessionLine): string {
  switch (l.type) {
    case 'start':
      return `session ${l.session}: ${l.mode} ${l.play} on ${l.symbol}, warm start ${l.warmStart}, first bar ${l.start}, journal ${l.journal}`;
    case 'step':
      return `start-up: ${l.step}: ${l.detail}`;
    case 'bar':
      return `${l.ts} close ${l.close} ${l.position}${l.qty ? ` ${l.qty}` : ''} equity ${l.equityUsdt.toFixed(2)} upnl ${l.unrealisedUsdt.toFixed(2)} ${l.state}`;
    case 'decision':
      return `${l.ts} decision ${l.action} case ${l.case}${l.tag ? ` (${l.tag})` : ''}`;
    case 'order':
      return `${l.ts} order ${l.command} ${l.clientId} ${l.detail}`.trimEnd();
    case 'fill':
      return `${l.ts} fill ${l.clientId || `(${l.source})`} ${l.side} ${l.qty} @ ${l.price} fee ${l.feeUsdt}`;
    case 'event':
      return `${l.ts} ${l.kind} ${l.detail}`;
    case 'connection':
      return `${l.ts} connection ${l.state}`;
    case 'warning':
      return `${l.ts} warning: ${l.message}`;
    case 'stop':
      return `stopped (${l.reason}): ${l.bars} bars, ${l.decisions} decisions, ${l.orders} orders, ${l.fills} fills, equity ${l.equityUsdt.toFixed(2)} USDT; snapshot ${l.snapshot}${latencyText(l.latency)}`;
  }
}

/** `; candle → orders p50 0.21 ms, p99 2.10 ms, max 24.0 ms (1440 measured)`: decisions on live bars; nothing before the first. */
function latencyText(l: LatencyFigures): string {
  if (l.n === 0) return '';
  return `; candle → orders p50 ${l.p50Ms.toFixed(2)} ms, p99 ${l.p99Ms.toFixed(2)} ms, max ${l.maxMs.toFixed(1)} ms (${l.n} measured)`;
}
