// `trade replay` (issue 16): re-runs a recorded session's bars twice and diffs each run against
// what the session did. The bars are fed exactly as the session fed them: the warm-up through
// IncrementalFeatures, then each live bar (exchange gaps skipped as recorded) through the same
// PlayEngine.
// - The backtest path: a SimVenue starting from the session's wallet, with the session's order-id
//   prefix, the funding rates it recorded and the entries it stopped for stale data. Compared:
//   every decision (action, case, inputs, commands), the fills in order (side, qty, price, fee to
//   1e-8, and the bar they came at), the position after every bar, and the bars' arrival (a bar
//   that came after a newer one, which the session did not judge stale).
// - The recorded path: a ReplayVenue handing back the session's own venue events and accounts;
//   its decisions must equal the session's exactly (a difference is in the engine, not the venue).
// The first divergence (the earliest bar) is reported with both sides and the bar that caused it.
import type { Bar1m, Instrument } from '../domain';
import { isoMs, MINUTE_MS } from '../domain';
import { type CheckedPlay, compileRules, playRequirements } from '../dsl';
import {
  type Decision,
  DecisionLog,
  engineConfig,
  IncrementalFeatures,
  PlayEngine,
  PlayStrategy,
  type Venue,
  type VenueEvent,
} from '../engine';
import { SimVenue } from '../sim';
import type { RecordedBar, SessionRecord } from '../state';
import { BAR_STALE_MS } from './realtime-state';
import { ReplayVenue } from './replay-venue';

export interface FillRecord {
  clientId: string;
  source: string;
  side: string;
  qty: number;
  price: number;
  feeUsdt: number;
  /** The bar (open time) whose processing drained it; absent in journals of older builds. */
  barMs?: number;
}

export interface Divergence {
  what: 'decision' | 'fill' | 'position' | 'bar' | 'count';
  index: number;
  /** The bar whose close led to it (for decisions), as recorded. */
  bar: RecordedBar | undefined;
  session: unknown;
  replay: unknown;
  fields: string[];
}

export interface ReplayReport {
  session: string;
  /** Both paths agree with the session. */
  identical: boolean;
  decisions: number;
  fills: number;
  /** The backtest path's first divergence. */
  divergence: Divergence | undefined;
  /** The recorded-events path (ReplayVenue); `checked: false` for journals of older builds. */
  recorded: { checked: boolean; identical: boolean; divergence: Divergence | undefined };
  /** Bars the session itself judged stale (its entries stopped there, as the replay's do). */
  staleBars: { tsMs: number; reason: string }[];
}

const FILL_TOLERANCE = 1e-8;
const QTY_TOLERANCE = 1e-9;

/** JSON round trip: NaN becomes null, as the journal stored it. */
const normal = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

function differingFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out: string[] = [];
  for (const k of keys) if (!Bun.deepEquals(a[k], b[k])) out.push(k);
  return out;
}

function fillOf(e: Record<string, unknown>): FillRecord {
  const f: FillRecord = {
    clientId: String(e.clientId ?? ''),
    source: String(e.source ?? ''),
    side: String(e.side ?? ''),
    qty: Number(e.qty),
    price: Number(e.price),
    feeUsdt: Number(e.feeUsdt),
  };
  if (typeof e.bar === 'number') f.barMs = e.bar;
  return f;
}

function fillFields(a: FillRecord, b: FillRecord): string[] {
  const close = (x: number, y: number) => Math.abs(x - y) <= FILL_TOLERANCE;
  const out: string[] = [];
  if (a.clientId !== b.clientId) out.push('clientId');
  if (a.source !== b.source) out.push('source');
  if (a.side !== b.side) out.push('side');
  if (!close(a.qty, b.qty)) out.push('qty');
  if (!close(a.price, b.price)) out.push('price');
  if (!close(a.feeUsdt, b.feeUsdt)) out.push('feeUsdt');
  if (a.barMs !== undefined && b.barMs !== undefined && a.barMs !== b.barMs) out.push('barMs');
  return out;
}

const signed = (f: FillRecord) => (f.side === 'buy' ? f.qty : -f.qty);

interface PathRun {
  decisions: Record<string, unknown>[];
  /** The live bar behind each decision. */
  decisionBar: RecordedBar[];
  fills: FillRecord[];
  /** The venue's signed position after each live bar. */
  positionAfter: number[];
}

/** Feeds the session's bars to one engine over `venue`, as the session fed them. */
function runPath(rec: SessionRecord, checked: CheckedPlay, venue: Venue, stopEntry: (nowMs: number) => string | undefined): PathRun {
  const play = checked.play;
  const instrument = rec.instrument as Instrument;
  const { startMs } = rec.window;
  const compiled = compileRules(checked.rules);
  const ownWarmup = new Map(playRequirements(checked).features.map((f) => [f.id, f.warmup1m]));
  const features = new IncrementalFeatures(play, compiled.tfNames, compiled.needs, {
    featureStartMs: (id) => startMs - (ownWarmup.get(id) ?? 0) * MINUTE_MS,
  });
  const strategy = new PlayStrategy(play, compiled, features.byTfName, (need) => features.column(need));
  features.onGrow(() => strategy.rebind());
  const gaps = new Map<number, number>();
  for (const e of rec.events) if (e.kind === 'exchange_gap') gaps.set(Number(e.missingToMs), Number(e.missingFromMs));
  const fills: FillRecord[] = [];
  let barMs = Number.NaN;
  const observed: Venue = {
    execute: venue.execute.bind(venue),
    onBar(b: Bar1m) {
      barMs = b.tsMs;
      venue.onBar(b);
    },
    account: venue.account.bind(venue),
    reconcile: venue.reconcile.bind(venue),
    drain(out: VenueEvent[]) {
      const from = out.length;
      venue.drain(out);
      for (let i = from; i < out.length; i++) {
        const e = out[i] as VenueEvent;
        if (e.kind === 'fill') fills.push({ ...fillOf(e as unknown as Record<string, unknown>), barMs });
      }
    },
  };
  const log = new DecisionLog();
  const engine = new PlayEngine(engineConfig(play, instrument, rec.session.runId), strategy, features.engineOrder, observed, log);
  let afterGap = false;
  engine.entryGate = () => (afterGap ? 'stale_exchange_gap' : stopEntry(engine.state.nowMs));
  const bar: Bar1m = { tsMs: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  const load = (b: RecordedBar) => {
    bar.tsMs = b.tsMs;
    bar.open = b.open;
    bar.high = b.high;
    bar.low = b.low;
    bar.close = b.close;
    bar.volume = b.volume;
  };
  const decisionBar: RecordedBar[] = [];
  const positionAfter: number[] = [];
  try {
    for (const b of rec.bars) {
      if (!b.warm) continue;
      load(b);
      features.push(bar);
    }
    for (const s of features.engineOrder) while (s.cursor + 1 < s.length && s.tsOpenMs[s.cursor + 1]! + s.tfMs <= startMs) s.cursor++;
    for (const b of rec.bars) {
      if (b.warm) continue;
      const gapFrom = gaps.get(b.tsMs);
      afterGap = gapFrom !== undefined;
      if (afterGap) features.skipGap(gapFrom as number, b.tsMs);
      load(b);
      features.push(bar);
      const before = log.decisions.length;
      engine.processBar(bar);
      for (let i = before; i < log.decisions.length; i++) decisionBar[i] = b;
      positionAfter.push(signedQty(venue.account().position));
    }
  } finally {
    features.free();
  }
  return { decisions: log.decisions.map((d: Decision) => normal(d) as Record<string, unknown>), decisionBar, fills, positionAfter };
}

/** A divergence and the bar it is placed at (the earliest wins; at one bar: bar, fill, position, decision). */
interface Candidate {
  atMs: number;
  rank: number;
  d: Divergence;
}

function earliest(cands: (Candidate | undefined)[]): Divergence | undefined {
  let best: Candidate | undefined;
  for (const c of cands) if (c && (!best || c.atMs < best.atMs || (c.atMs === best.atMs && c.rank < best.rank))) best = c;
  return best?.d;
}

function decisionDivergence(session: Record<string, unknown>[], run: PathRun): Candidate | undefined {
  const n = Math.min(run.decisions.length, session.length);
  const at = (i: number) => run.decisionBar[i]?.tsMs ?? Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const s = session[i] as Record<string, unknown>;
    const r = run.decisions[i] as Record<string, unknown>;
    if (!Bun.deepEquals(s, r))
      return {
        atMs: at(i),
        rank: 3,
        d: { what: 'decision', index: i, bar: run.decisionBar[i], session: s, replay: r, fields: differingFields(s, r) },
      };
  }
  if (run.decisions.length === session.length) return undefined;
  return {
    atMs: at(n),
    rank: 3,
    d: { what: 'count', index: n, bar: run.decisionBar[n], session: session.length, replay: run.decisions.length, fields: ['decisions'] },
  };
}

function fillDivergence(session: FillRecord[], run: PathRun, barAt: Map<number, RecordedBar>): Candidate | undefined {
  const m = Math.min(run.fills.length, session.length);
  const atOf = (...fs: (FillRecord | undefined)[]) => Math.min(...fs.map((f) => f?.barMs ?? Number.POSITIVE_INFINITY));
  for (let i = 0; i < m; i++) {
    const s = session[i] as FillRecord;
    const r = run.fills[i] as FillRecord;
    const fields = fillFields(s, r);
    if (fields.length > 0) {
      const atMs = atOf(s, r);
      return { atMs, rank: 1, d: { what: 'fill', index: i, bar: barAt.get(atMs), session: s, replay: r, fields } };
    }
  }
  if (run.fills.length === session.length) return undefined;
  const atMs = atOf(session[m], run.fills[m]);
  return {
    atMs,
    rank: 1,
    d: { what: 'count', index: m, bar: barAt.get(atMs), session: session.length, replay: run.fills.length, fields: ['fills'] },
  };
}

/** Signed position (long +, short −) of a journaled or simulated position snapshot. */
function signedQty(p: { side?: unknown; qty?: unknown } | undefined): number {
  if (!p) return 0;
  const q = Number(p.qty);
  return p.side === 'long' ? q : p.side === 'short' ? -q : 0;
}

/**
 * The first live bar after which the two sides hold different positions. The session's side is
 * the position its engine last read from the venue at or before that bar (the journal's `account`
 * records); journals of older builds sum the fills instead.
 */
function positionDivergence(rec: SessionRecord, sessionFills: FillRecord[], run: PathRun, live: RecordedBar[]): Candidate | undefined {
  const accounts = rec.events.filter((e) => e.kind === 'account');
  const fromAccounts = accounts.length > 0;
  if (!fromAccounts && sessionFills.some((f) => f.barMs === undefined)) return undefined; // no stamps at all
  let i = 0;
  let sQty = 0;
  for (let k = 0; k < live.length; k++) {
    const b = live[k] as RecordedBar;
    if (fromAccounts) {
      while (i < accounts.length && Number(accounts[i]!.bar) <= b.tsMs) sQty = signedQty(accounts[i++]!.position as never);
    } else {
      while (i < sessionFills.length && (sessionFills[i]!.barMs as number) <= b.tsMs) sQty += signed(sessionFills[i++]!);
    }
    const rQty = run.positionAfter[k] as number;
    if (Math.abs(sQty - rQty) > QTY_TOLERANCE)
      return { atMs: b.tsMs, rank: 2, d: { what: 'position', index: k, bar: b, session: sQty, replay: rQty, fields: ['qty'] } };
  }
  return undefined;
}

/**
 * A live bar that arrived after a bar more than BAR_STALE_MS newer (the session then decided on
 * old data) which the session did not judge stale: the backtest assumes every bar at its close.
 */
function lateBarDivergence(live: RecordedBar[], judged: Set<number>): Candidate | undefined {
  // For each bar, the newest bar that had arrived with it or before it (bars fetched over REST to
  // fill a gap carry the arrival of the bar that revealed the gap).
  const byRecv = live.map((b, k) => ({ b, k })).sort((x, y) => x.b.recvMs - y.b.recvMs || x.k - y.k);
  let newestMs = Number.NEGATIVE_INFINITY;
  let first: { b: RecordedBar; k: number; newestMs: number } | undefined;
  for (let g = 0; g < byRecv.length; ) {
    let h = g;
    while (h < byRecv.length && byRecv[h]!.b.recvMs === byRecv[g]!.b.recvMs) newestMs = Math.max(newestMs, byRecv[h++]!.b.tsMs);
    for (; g < h; g++) {
      const { b, k } = byRecv[g]!;
      if (newestMs - b.tsMs > BAR_STALE_MS && !judged.has(b.tsMs) && (!first || b.tsMs < first.b.tsMs)) first = { b, k, newestMs };
    }
  }
  if (!first) return undefined;
  const { b, k } = first;
  return {
    atMs: b.tsMs,
    rank: 0,
    d: {
      what: 'bar',
      index: k,
      bar: b,
      session: `decided on as fresh (received ${isoMs(b.recvMs)})`,
      replay: `late: the bar opening ${isoMs(first.newestMs)} had already arrived`,
      fields: ['recvMs'],
    },
  };
}

export function replaySession(rec: SessionRecord, checked: CheckedPlay): ReplayReport {
  const play = checked.play;
  const instrument = rec.instrument as Instrument;
  const fundingTs: number[] = [];
  const fundingRate: number[] = [];
  // Entries the session stopped for stale data or a REDUCING the replay cannot see (repeated
  // rejects, stale data): it cannot know how fresh the data was, so it stops the same ones
  // (decision time → reason). Bars the session judged stale are listed in the report.
  const staleStops = new Map<number, string>();
  const staleBars: { tsMs: number; reason: string }[] = [];
  for (const e of rec.events) {
    if (e.kind === 'skipped' && /^(stale|reducing)_/.test(String(e.reason))) staleStops.set(Number(e.tsMs), String(e.reason));
    if (e.kind === 'funding_rate') {
      fundingTs.push(Number(e.tsMs));
      fundingRate.push(Number(e.rate));
    }
    if (e.kind === 'bar_stale') staleBars.push({ tsMs: Number(e.barMs), reason: String(e.reason) });
  }
  const a = play.account;
  const startWalletUsdt = rec.startAccount?.walletUsdt ?? a.starting_equity_usdt;
  const sim = new SimVenue({
    instrument,
    makerFeeRate: a.maker_fee_rate,
    takerFeeRate: a.taker_fee_rate,
    slippageBps: a.slippage_bps,
    startingWalletUsdt: startWalletUsdt,
    leverage: play.risk.leverage,
    intrabar: 'path',
    funding: { tsMs: Float64Array.from(fundingTs), rate: Float64Array.from(fundingRate) },
  });
  const stopEntry = (nowMs: number) => staleStops.get(nowMs);
  let backtest: PathRun;
  try {
    backtest = runPath(rec, checked, sim, stopEntry);
  } finally {
    sim.free();
  }
  const live = rec.bars.filter((b) => !b.warm);
  const barAt = new Map(live.map((b) => [b.tsMs, b]));
  const sessionFills = rec.events.filter((e) => e.kind === 'fill').map(fillOf);
  const divergence = earliest([
    lateBarDivergence(live, new Set(staleBars.map((s) => s.tsMs))),
    fillDivergence(sessionFills, backtest, barAt),
    positionDivergence(rec, sessionFills, backtest, live),
    decisionDivergence(rec.decisions, backtest),
  ]);
  let recorded: ReplayReport['recorded'] = { checked: false, identical: true, divergence: undefined };
  if (ReplayVenue.canReplay(rec.events)) {
    const run = runPath(rec, checked, new ReplayVenue(rec.events, startWalletUsdt), stopEntry);
    const d = decisionDivergence(rec.decisions, run)?.d;
    recorded = { checked: true, identical: d === undefined, divergence: d };
  }
  return {
    session: rec.session.id,
    identical: divergence === undefined && recorded.identical,
    decisions: rec.decisions.length,
    fills: sessionFills.length,
    divergence,
    recorded,
    staleBars,
  };
}

/** One line for a divergence: what, where, which fields, both sides. */
export function describeDivergence(d: Divergence): string {
  const at = d.bar ? ` at the bar ${isoMs(d.bar.tsMs)} (o ${d.bar.open} h ${d.bar.high} l ${d.bar.low} c ${d.bar.close})` : '';
  return `first divergence: ${d.what} ${d.index + 1}${at}: ${d.fields.join(', ')} differ; session ${JSON.stringify(d.session)}; replay ${JSON.stringify(d.replay)}`;
}
