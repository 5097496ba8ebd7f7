// `trade replay` (issue 16): re-runs a recorded session's bars through the backtest path and diffs
// it against what the session did. The bars are fed exactly as the session fed them: the warm-up
// through IncrementalFeatures, then each live bar (exchange gaps skipped as recorded) through the
// same PlayEngine over a SimVenue starting from the session's wallet, with the session's order-id
// prefix, the funding rates it recorded and the entries it stopped for stale data. Compared: every decision (action, case, inputs,
// commands) and the fills in order (side, qty, price, fee to 1e-8). The first divergence is
// reported with both sides and the bar that caused it.
import type { Bar1m, Instrument } from '../domain';
import { isoMs, MINUTE_MS } from '../domain';
import { type CheckedPlay, compileRules, playRequirements } from '../dsl';
import { type Decision, DecisionLog, engineConfig, IncrementalFeatures, PlayEngine, PlayStrategy, type VenueEvent } from '../engine';
import { SimVenue } from '../sim';
import type { RecordedBar, SessionRecord } from '../state';

export interface FillRecord {
  clientId: string;
  source: string;
  side: string;
  qty: number;
  price: number;
  feeUsdt: number;
}

export interface Divergence {
  what: 'decision' | 'fill' | 'count';
  index: number;
  /** The bar whose close led to it (for decisions), as recorded. */
  bar: RecordedBar | undefined;
  session: unknown;
  replay: unknown;
  fields: string[];
}

export interface ReplayReport {
  session: string;
  identical: boolean;
  decisions: number;
  fills: number;
  divergence: Divergence | undefined;
}

const FILL_TOLERANCE = 1e-8;

/** JSON round trip: NaN becomes null, as the journal stored it. */
const normal = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

function differingFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out: string[] = [];
  for (const k of keys) if (!Bun.deepEquals(a[k], b[k])) out.push(k);
  return out;
}

function fillOf(e: Record<string, unknown>): FillRecord {
  return {
    clientId: String(e.clientId ?? ''),
    source: String(e.source ?? ''),
    side: String(e.side ?? ''),
    qty: Number(e.qty),
    price: Number(e.price),
    feeUsdt: Number(e.feeUsdt),
  };
}

function sameFill(a: FillRecord, b: FillRecord): boolean {
  const close = (x: number, y: number) => Math.abs(x - y) <= FILL_TOLERANCE;
  return (
    a.clientId === b.clientId &&
    a.source === b.source &&
    a.side === b.side &&
    close(a.qty, b.qty) &&
    close(a.price, b.price) &&
    close(a.feeUsdt, b.feeUsdt)
  );
}

export function replaySession(rec: SessionRecord, checked: CheckedPlay): ReplayReport {
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
  const fundingTs: number[] = [];
  const fundingRate: number[] = [];
  const gaps = new Map<number, number>();
  // Entries the session stopped for stale data or a REDUCING the replay cannot see (repeated
  // rejects, stale data): it cannot know how fresh the data was, so it stops the same ones
  // (decision time → reason).
  const staleStops = new Map<number, string>();
  for (const e of rec.events) {
    if (e.kind === 'skipped' && /^(stale|reducing)_/.test(String(e.reason))) staleStops.set(Number(e.tsMs), String(e.reason));
    if (e.kind === 'funding_rate') {
      fundingTs.push(Number(e.tsMs));
      fundingRate.push(Number(e.rate));
    }
    if (e.kind === 'exchange_gap') gaps.set(Number(e.missingToMs), Number(e.missingFromMs));
  }
  const a = play.account;
  const venue = new SimVenue({
    instrument,
    makerFeeRate: a.maker_fee_rate,
    takerFeeRate: a.taker_fee_rate,
    slippageBps: a.slippage_bps,
    startingWalletUsdt: rec.startAccount?.walletUsdt ?? a.starting_equity_usdt,
    leverage: play.risk.leverage,
    intrabar: 'path',
    funding: { tsMs: Float64Array.from(fundingTs), rate: Float64Array.from(fundingRate) },
  });
  const fills: FillRecord[] = [];
  const observed = {
    execute: venue.execute.bind(venue),
    onBar: venue.onBar.bind(venue),
    account: venue.account.bind(venue),
    reconcile: venue.reconcile.bind(venue),
    drain(out: VenueEvent[]) {
      const from = out.length;
      venue.drain(out);
      for (let i = from; i < out.length; i++) {
        const e = out[i] as VenueEvent;
        if (e.kind === 'fill') fills.push(fillOf(e as unknown as Record<string, unknown>));
      }
    },
  };
  const log = new DecisionLog();
  const engine = new PlayEngine(engineConfig(play, instrument, rec.session.runId), strategy, features.engineOrder, observed, log);
  let afterGap = false;
  engine.entryGate = () => (afterGap ? 'stale_exchange_gap' : staleStops.get(engine.state.nowMs));
  const bar: Bar1m = { tsMs: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  const load = (b: RecordedBar) => {
    bar.tsMs = b.tsMs;
    bar.open = b.open;
    bar.high = b.high;
    bar.low = b.low;
    bar.close = b.close;
    bar.volume = b.volume;
  };
  const decisionBar = new Map<number, RecordedBar>();
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
      for (let i = before; i < log.decisions.length; i++) decisionBar.set(i, b);
    }
  } finally {
    venue.free();
    features.free();
  }
  const replayed = log.decisions.map((d: Decision) => normal(d) as Record<string, unknown>);
  const sessionFills = rec.events.filter((e) => e.kind === 'fill').map(fillOf);
  const report = (divergence: Divergence | undefined): ReplayReport => ({
    session: rec.session.id,
    identical: divergence === undefined,
    decisions: rec.decisions.length,
    fills: sessionFills.length,
    divergence,
  });
  const n = Math.min(replayed.length, rec.decisions.length);
  for (let i = 0; i < n; i++) {
    const s = rec.decisions[i] as Record<string, unknown>;
    const r = replayed[i] as Record<string, unknown>;
    if (!Bun.deepEquals(s, r))
      return report({ what: 'decision', index: i, bar: decisionBar.get(i), session: s, replay: r, fields: differingFields(s, r) });
  }
  if (replayed.length !== rec.decisions.length) {
    return report({
      what: 'count',
      index: n,
      bar: decisionBar.get(n),
      session: rec.decisions.length,
      replay: replayed.length,
      fields: ['decisions'],
    });
  }
  const m = Math.min(fills.length, sessionFills.length);
  for (let i = 0; i < m; i++) {
    if (!sameFill(sessionFills[i]!, fills[i]!)) {
      const s = sessionFills[i]!;
      const r = fills[i]!;
      return report({
        what: 'fill',
        index: i,
        bar: undefined,
        session: s,
        replay: r,
        fields: differingFields(s as unknown as Record<string, unknown>, r as unknown as Record<string, unknown>),
      });
    }
  }
  if (fills.length !== sessionFills.length) {
    return report({ what: 'count', index: m, bar: undefined, session: sessionFills.length, replay: fills.length, fields: ['fills'] });
  }
  return report(undefined);
}

/** One line for a divergence: what, where, which fields, both sides. */
export function describeDivergence(d: Divergence): string {
  const at = d.bar ? ` at the bar ${isoMs(d.bar.tsMs)} (o ${d.bar.open} h ${d.bar.high} l ${d.bar.low} c ${d.bar.close})` : '';
  return `first divergence: ${d.what} ${d.index + 1}${at}: ${d.fields.join(', ')} differ; session ${JSON.stringify(d.session)}; replay ${JSON.stringify(d.replay)}`;
}
