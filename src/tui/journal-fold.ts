// Folds what a journal gained (journal-rows.ts) into the dashboard's state: the session, the
// market-data record the session rewrites about once a second (`realtime`), the kill switch (its
// `kill_switch` events), the position (the venue's last report), wallet, the equity at each live
// bar's close, today's PnL against the Play's daily loss limit, the features of the last decision,
// the working orders and TP/SL of the newest snapshot. Also the log lines of the new rows, in the
// words `trade run` prints them. Pure: the caller reads the journal and owns the clock.
import { parse as parseYaml } from 'yaml';
import type { VenueCommand, VenueEvent } from '../engine';
import { commandLine, decisionLine, eventLine, formatLine } from '../live/session-lines';
import type { DashboardState, FeatureView, KillState, LogTone, OrderView, PositionView } from './dashboard-state';
import { FLAT } from './dashboard-state';
import type { BarRow, JournalDelta, JsonRow } from './journal-rows';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Equity points kept (a week of 1m closes; the sparkline shows the last ones that fit). */
const EQUITY_KEPT = 10_080;

export interface FoldedLine {
  text: string;
  tone: LogTone;
  /** Wall ms, to order the lines of one read. */
  atMs: number;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function toneOf(kind: string, json: Record<string, unknown>): LogTone {
  if (kind === 'rejected' || kind === 'liquidation' || kind === 'discrepancy') return 'bad';
  if (kind === 'fill') return 'good';
  if (kind === 'kill_switch') return json.state === 'ACTIVE' ? 'good' : 'bad';
  if (kind === 'connection') return json.up ? 'good' : 'warn';
  if (kind === 'exchange_gap' || kind === 'cancelled' || kind === 'expired') return 'warn';
  return 'plain';
}

/** One log line for an event the journal holds that `trade run` also reports; undefined for the rest. */
function eventText(e: JsonRow): string | undefined {
  const j = e.json;
  const iso = new Date(e.tsMs).toISOString();
  if (e.kind === 'kill_switch') return `${iso} kill_switch ${String(j.command)}: ${String(j.state)}`;
  if (e.kind === 'discrepancy')
    return `${iso} warning: reconcile: the venue holds ${String(j.venueQty)}, the journal's fills make ${String(j.journalQty)}`;
  if (e.kind === 'exchange_gap')
    return `${iso} warning: the venue has no candles ${new Date(Number(j.missingFromMs)).toISOString()} .. ${new Date(Number(j.missingToMs)).toISOString()}`;
  const line = eventLine(j as unknown as VenueEvent);
  return line ? formatLine(line) : undefined;
}

export class JournalFold {
  /** The newest wallet report (the equity shown now) and the one as of the last bar folded (the curve's). */
  private walletUsdt: number | undefined;
  private walletAtBarUsdt: number | undefined;
  /** The venue's newest position report (shown), and the one as of the last bar folded (the curve's). */
  private position: PositionView = FLAT;
  private positionAtBar: PositionView = FLAT;
  private readonly pendingMoney: JsonRow[] = [];
  private curve: { closeMs: number; equityUsdt: number }[] = [];
  private limitPct: number | undefined;
  private playRead = false;
  private kill: KillState = 'ACTIVE';
  private killWhy: string | undefined;
  private trailing: number | undefined;
  private dayStartEquityUsdt: number | undefined;
  private lastClose: number | undefined;
  private reconnects = 0;
  /** Bar open ms → wall ms it arrived: maps a decision's market time to when it was made. */
  private readonly recvOf = new Map<number, number>();

  /** Folds `d`; returns the state patch and the new log lines (oldest first). */
  apply(d: JournalDelta): { patch: Partial<DashboardState>; lines: FoldedLine[] } {
    const patch: Partial<DashboardState> = {};
    const lines: FoldedLine[] = [];
    const session = d.meta.get('session') as { id: string; mode: string; play: string; symbol: string } | undefined;
    if (session) patch.session = { id: session.id, mode: session.mode, play: session.play, symbol: session.symbol };
    const shadow = session?.mode === 'shadow';
    if (!this.playRead && d.meta.has('play')) {
      this.playRead = true;
      this.limitPct = dailyLossLimitPct((d.meta.get('play') as { source?: string }).source);
    }
    const start = d.meta.get('start_account') as { walletUsdt?: number } | undefined;
    this.walletUsdt ??= num(start?.walletUsdt);
    this.walletAtBarUsdt ??= num(start?.walletUsdt);
    const stopped = d.meta.get('stopped') as { reason?: string } | undefined;
    patch.stopReason = stopped ? (stopped.reason ?? 'stopped') : undefined;
    this.realtime(d.meta.get('realtime') as Record<string, unknown> | undefined, patch, lines);
    for (const b of d.bars) this.recvOf.set(b.tsMs, b.recvMs);
    // Venue events are stamped with the venue's clock: the bar's market time in shadow (the paper
    // venue), the wall clock in demo/live; a bar's equity takes the money events up to its close.
    const eventAtMs = (e: JsonRow) => e.tsMs;
    const barAtMs = (b: BarRow) => (shadow ? b.tsMs + MINUTE_MS : b.recvMs);
    for (const e of d.events) this.event(e, patch);
    this.pendingMoney.sort((a, b) => eventAtMs(a) - eventAtMs(b) || a.id - b.id);
    for (const b of d.bars) {
      while (this.pendingMoney.length > 0 && eventAtMs(this.pendingMoney[0]!) <= barAtMs(b)) this.money(this.pendingMoney.shift()!);
      this.point(b);
    }
    for (const c of d.commands) {
      const cmd = c.json as unknown as VenueCommand;
      if (cmd.kind === 'submit' && cmd.order.trailingDistance !== undefined) this.trailing = cmd.order.trailingDistance;
      if (cmd.kind === 'set_protection' && cmd.trailingDistance !== undefined) this.trailing = cmd.trailingDistance ?? undefined;
      lines.push({ text: formatLine(commandLine(cmd, c.tsMs)), tone: c.kind === 'submit' ? 'plain' : 'dim', atMs: c.tsMs });
    }
    for (const x of d.decisions) {
      const at = this.recvOf.get(x.tsMs - MINUTE_MS) ?? x.tsMs;
      if (x.kind !== 'none') {
        const dl = decisionLine(x.json as never);
        lines.push({ text: formatLine(dl), tone: 'plain', atMs: at - 0.5 });
      }
    }
    const lastDecision = d.decisions.at(-1);
    if (lastDecision) patch.features = featuresOf(lastDecision.json.inputs);
    for (const e of d.events) {
      const text = eventText(e);
      if (text) lines.push({ text, tone: toneOf(e.kind, e.json), atMs: shadow ? (this.recvOf.get(e.tsMs - MINUTE_MS) ?? e.tsMs) : e.tsMs });
    }
    if (d.snapshot) this.snapshot(d.snapshot.record, patch);
    if (this.position.side === 'flat') this.trailing = undefined;
    this.finish(patch);
    lines.sort((a, b) => a.atMs - b.atMs);
    return { patch, lines };
  }

  private realtime(rt: Record<string, unknown> | undefined, patch: Partial<DashboardState>, lines: FoldedLine[]): void {
    if (!rt) return;
    const c = rt.connection;
    patch.connection = c === 'up' || c === 'down' ? c : 'connecting';
    patch.lastBarRecvMs = num(rt.lastBarRecvMs);
    patch.lastTickerMs = num(rt.lastTickerMs);
    const mark = num(rt.lastPrice);
    if (mark !== undefined) patch.markPrice = mark;
    const n = num(rt.reconnects) ?? 0;
    if (n > this.reconnects) {
      const at = num(rt.atMs) ?? 0;
      lines.push({ text: `${new Date(at).toISOString()} connection reconnected (${n} since the start)`, tone: 'warn', atMs: at });
    }
    this.reconnects = n;
    patch.reconnects = n;
  }

  private event(e: JsonRow, patch: Partial<DashboardState>): void {
    const j = e.json;
    switch (e.kind) {
      case 'position':
        this.position = positionOf(j.position);
        this.pendingMoney.push(e);
        break;
      case 'wallet':
        this.walletUsdt = num(j.walletUsdt) ?? this.walletUsdt;
        this.pendingMoney.push(e);
        break;
      case 'kill_switch':
        this.kill = j.state === 'HALTED' || j.state === 'REDUCING' ? j.state : 'ACTIVE';
        this.killWhy = this.kill === 'ACTIVE' ? undefined : String(j.command);
        break;
      case 'rejected':
        patch.lastReject = { clientId: String(j.clientId), code: num(j.code) ?? 0, reason: String(j.reason) };
        break;
      case 'accepted':
        patch.lastReject = undefined;
        break;
      case 'connection':
        if (j.up === false) patch.connection = 'down';
        break;
    }
  }

  /** A wallet or position report as of a bar's close (the venue reports both after every fill). */
  private money(e: JsonRow): void {
    if (e.kind === 'position') this.positionAtBar = positionOf(e.json.position);
    else this.walletAtBarUsdt = num(e.json.walletUsdt) ?? this.walletAtBarUsdt;
  }

  private point(b: BarRow): void {
    this.lastClose = b.close;
    const equityUsdt = (this.walletAtBarUsdt ?? 0) + upnlAt(this.positionAtBar, b.close);
    const closeMs = b.tsMs + MINUTE_MS;
    const prev = this.curve.at(-1);
    if (!prev || Math.floor(prev.closeMs / DAY_MS) !== Math.floor((closeMs - 1) / DAY_MS)) this.dayStartEquityUsdt = equityUsdt;
    this.curve.push({ closeMs, equityUsdt });
    if (this.curve.length > EQUITY_KEPT) this.curve = this.curve.slice(-EQUITY_KEPT);
  }

  private snapshot(record: Record<string, unknown>, patch: Partial<DashboardState>): void {
    const engine = (record.engine ?? {}) as Record<string, unknown>;
    const orders = Array.isArray(engine.orders) ? (engine.orders as Record<string, unknown>[]) : [];
    patch.orders = orders.map(
      (o): OrderView => ({
        clientId: String(o.clientId),
        role: String(o.role ?? ''),
        side: String(o.side),
        type: String(o.type),
        qty: num(o.qty) ?? 0,
        cumQty: num(o.cumQty) ?? 0,
        price: num(o.price) ?? null,
        reduceOnly: o.reduceOnly === true,
        status: String(o.status ?? ''),
      }),
    );
    const prot = (engine.protection ?? {}) as Record<string, unknown>;
    patch.protection = { takeProfit: num(prot.takeProfit), stopLoss: num(prot.stopLoss) };
    const daily = (engine.dailyLoss ?? {}) as Record<string, unknown>;
    const startEq = num(daily.startEquityUsdt);
    if (startEq !== undefined) this.dayStartEquityUsdt = startEq;
  }

  private finish(patch: Partial<DashboardState>): void {
    patch.kill = this.kill;
    patch.killWhy = this.killWhy;
    const mark = patch.markPrice ?? this.lastClose;
    const pos = this.position;
    const upnl = pos.side !== 'flat' && mark !== undefined && pos.entryPrice !== null ? upnlAt(pos, mark) : pos.unrealisedUsdt;
    patch.position = { ...pos, unrealisedUsdt: upnl };
    if (patch.protection) patch.protection = { ...patch.protection, trailingDistance: this.trailing };
    if (this.walletUsdt !== undefined) patch.equityUsdt = this.walletUsdt + upnl;
    patch.equityCurve = this.curve.map((p) => p.equityUsdt);
    const last = this.curve.at(-1);
    if (last) patch.lastBarCloseMs = last.closeMs;
    if (this.dayStartEquityUsdt !== undefined && patch.equityUsdt !== undefined)
      patch.todayPnlUsdt = patch.equityUsdt - this.dayStartEquityUsdt;
    patch.dailyLossLimitPct = this.limitPct;
    patch.dailyLossLimitUsdt =
      this.limitPct !== undefined && this.dayStartEquityUsdt !== undefined ? (this.limitPct * this.dayStartEquityUsdt) / 100 : undefined;
  }
}

function positionOf(v: unknown): PositionView {
  const p = (v ?? {}) as Record<string, unknown>;
  return {
    side: p.side === 'long' || p.side === 'short' ? p.side : 'flat',
    qty: num(p.qty) ?? 0,
    entryPrice: num(p.entryPrice) ?? null,
    liqPrice: num(p.liqPrice) ?? null,
    unrealisedUsdt: num(p.unrealizedPnlUsdt) ?? 0,
  };
}

function upnlAt(p: PositionView, price: number): number {
  if (p.side === 'flat' || p.entryPrice === null) return 0;
  return (p.side === 'long' ? 1 : -1) * p.qty * (price - p.entryPrice);
}

/** The rules' inputs of a decision: features (`tf:name.field`) first, then the built-ins. */
function featuresOf(inputs: unknown): FeatureView[] {
  if (typeof inputs !== 'object' || inputs === null) return [];
  const all = Object.entries(inputs as Record<string, unknown>).map(([name, v]) => ({
    name: name.replace(/\.value$/, ''),
    value: typeof v === 'number' && Number.isFinite(v) ? v : null,
  }));
  return [...all.filter((f) => f.name.includes(':')), ...all.filter((f) => !f.name.includes(':'))];
}

/** The Play's risk.daily_loss_limit_pct, read from the journaled Play text. */
function dailyLossLimitPct(source: string | undefined): number | undefined {
  if (!source) return undefined;
  try {
    const v = (parseYaml(source) as { risk?: { daily_loss_limit_pct?: unknown } })?.risk?.daily_loss_limit_pct;
    return typeof v === 'number' ? v : undefined;
  } catch {
    return undefined;
  }
}
