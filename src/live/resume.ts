// Restart of a session from its journal (issue 15, LIVE.md §5): the features were warmed from the
// journal's warm-up bars; here its live bars run again, then the engine continues from the newest
// snapshot. Exchange modes re-run the bars with the venue muted (`warmBar`), apply the snapshot and
// check its digest, then let the venue catch up: every order the engine still tracks is looked up
// by orderLinkId before anything is resent, and the fills the journal lacks are adopted. Shadow
// re-runs the bars through its paper venue (it lived in the crashed process) with journaling and
// printing muted, and the state it reaches must have the snapshot's digest.
import type { Bar1m } from '../domain';
import { isoMs } from '../domain';
import type { IncrementalFeatures, OrderRequest, PlayEngine, TrackedOrder, WorkingOrder } from '../engine';
import { StateError } from '../errors';
import type { ResumePoint } from './resume-point';

export interface ResumeOutcome {
  bars: number;
  digestOk: boolean;
}

/** The snapshot record as the session journals it (its digest covers exactly this). */
export function snapshotRecord(engine: PlayEngine, warmStartMs: number, startMs: number, nextMs: number) {
  return { engine: engine.snapshot(), warmStartMs, startMs, nextMs };
}

const digestOf = (record: unknown): string => new Bun.CryptoHasher('sha256').update(JSON.stringify(record)).digest('hex');

/**
 * Runs the journal's live bars through `features` and `engine` again. `replayVenue`: shadow, where
 * the engine decides and its paper venue fills (muted by the caller); otherwise `warmBar` only.
 */
export function rerunLiveBars(
  point: ResumePoint,
  features: IncrementalFeatures,
  engine: PlayEngine,
  opts: { replayVenue: boolean; setAfterGap: (afterGap: boolean) => void },
): ResumeOutcome {
  const { warmStartMs, startMs } = point.window;
  const bar: Bar1m = { tsMs: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  for (const b of point.liveBars) {
    const gapFrom = point.gaps.get(b.tsMs);
    if (gapFrom !== undefined) features.skipGap(gapFrom, b.tsMs);
    opts.setAfterGap(gapFrom !== undefined);
    Object.assign(bar, b);
    features.push(bar);
    if (opts.replayVenue) engine.processBar(bar);
    else engine.warmBar(bar);
  }
  opts.setAfterGap(false);
  const snap = point.snapshot;
  if (!snap) return { bars: point.liveBars.length, digestOk: true };
  if (!opts.replayVenue) engine.restore(JSON.parse(JSON.stringify(snap.engine)));
  const digest = digestOf(snapshotRecord(engine, warmStartMs, startMs, snap.barCloseMs));
  if (digest !== snap.digest)
    throw new StateError(
      'STATE',
      `resume: the session's state rebuilt from its journal differs from its snapshot at ${isoMs(snap.barCloseMs)} (digest ${digest.slice(0, 12)} against ${snap.digest.slice(0, 12)}); start a new session with --new-session`,
    );
  return { bars: point.liveBars.length, digestOk: true };
}

/** The orders the restored engine still tracks, with the request each was sent with. */
export function trackedRequests(point: ResumePoint) {
  const tracked: TrackedOrder[] = point.snapshot?.engine.orders ?? [];
  return tracked.flatMap((t) => {
    const order = point.orders.get(t.clientId);
    if (!order) return [];
    return [{ order, accepted: t.status !== 'pending' && t.status !== 'in_doubt', cumQty: t.cumQty }];
  });
}

/** What an exchange venue does on restart (BybitVenue.resume). */
export interface VenueCatchUp {
  resume(r: {
    lastEventSeq: number;
    knownExecIds: Iterable<string>;
    acceptedIds: Iterable<string>;
    orders: { order: OrderRequest; accepted: boolean; cumQty: number }[];
    sinceMs: number;
    untilMs: number;
  }): Promise<{ lookedUp: number; adoptedFills: number; inDoubt: string[] }>;
}

export interface ResumeContext {
  features: IncrementalFeatures;
  engine: PlayEngine;
  /** demo / live; undefined in shadow. */
  exchange: Partial<VenueCatchUp> | undefined;
  /** End of the newest closed minute on the venue (exchange time). */
  marketEndMs: number;
  /** Working orders on the venue at the start-up reconcile. */
  openOrders: readonly WorkingOrder[];
  mute(muted: boolean): void;
  setAfterGap(afterGap: boolean): void;
}

/**
 * The whole restart after the warm-up: re-run, snapshot, venue catch-up. Returns the step's detail
 * and the working orders to cancel: ours by prefix, unknown to the journal (logged with the choice).
 */
export async function resumeSession(point: ResumePoint, c: ResumeContext): Promise<{ detail: string; cancelled: string[] }> {
  const shadow = c.exchange === undefined;
  c.mute(true);
  let rerun: ResumeOutcome;
  try {
    rerun = rerunLiveBars(point, c.features, c.engine, { replayVenue: shadow, setAfterGap: c.setAfterGap });
  } finally {
    c.mute(false);
  }
  const parts = [
    `${rerun.bars} journaled bars re-run`,
    point.snapshot ? `snapshot ${isoMs(point.snapshot.barCloseMs)} digest ok` : 'no snapshot yet',
  ];
  const cancelled: string[] = [];
  if (c.exchange?.resume) {
    const orders = trackedRequests(point);
    const r = await c.exchange.resume({
      lastEventSeq: point.snapshot?.engine.counters.lastEventSeq ?? 0,
      knownExecIds: point.execIds,
      acceptedIds: point.acceptedIds,
      orders,
      sinceMs: point.window.startMs,
      untilMs: c.marketEndMs,
    });
    parts.push(`${r.lookedUp} tracked orders looked up by orderLinkId`, `${r.adoptedFills} fills adopted`);
    if (r.inDoubt.length > 0) parts.push(`in doubt until found: ${r.inDoubt.join(' ')}`);
    const tracked = new Set(orders.map((o) => o.order.clientId));
    for (const w of c.openOrders) {
      if (w.clientId.startsWith(`${point.session.runId}-`) && !tracked.has(w.clientId)) cancelled.push(w.clientId);
    }
    if (cancelled.length > 0) parts.push(`cancelling our orders the engine no longer tracks: ${cancelled.join(' ')}`);
  }
  return { detail: parts.join(', '), cancelled };
}
