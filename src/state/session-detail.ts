// One session in full, for `trade session show`: the summary plus the window, the newest snapshot
// with its digest checked (a mismatch is reported, never hidden), the last decisions that acted,
// every order (a submit command) with its outcome read from the venue events of its clientId, and
// every fill. Read-only, like session-read.ts.
import type { Database } from 'bun:sqlite';
import { fromUnits, readSummary, type SessionSummary, toUnits, withJournal } from './session-read';

export const ACTED_DECISIONS_SHOWN = 20;

export interface SnapshotCheck {
  barCloseMs: number;
  /** The digest stored with the snapshot. */
  digest: string;
  /** SHA-256 of the stored JSON, recomputed now. */
  computedDigest: string;
  digestOk: boolean;
}

export interface ActedDecision {
  seq: number;
  tsMs: number;
  action: string;
  tag: string | null;
  caseIndex: number | null;
  /** clientIds of the orders the decision submitted. */
  orders: string[];
}

export type OrderStatus = 'sent' | 'accepted' | 'rejected' | 'filled' | 'partially_filled' | 'cancelled' | 'expired';

export interface OrderOutcome {
  clientId: string;
  /** Wall clock when the command was journaled (before it was sent). */
  sentMs: number;
  side: string;
  type: string;
  qty: number;
  price: number | null;
  reduceOnly: boolean;
  timeInForce: string | null;
  /** The furthest outcome: a fill beats an acceptance; a cancel after a partial fill is partially_filled. */
  status: OrderStatus;
  rejectCode: number | null;
  reason: string | null;
  filledQty: number;
  avgPrice: number | null;
}

export interface FillRow {
  tsMs: number;
  execId: string;
  /** '' for a fill of an order the venue made (position TP/SL, trailing, liquidation). */
  clientId: string;
  source: string;
  side: string;
  qty: number;
  price: number;
  feeUsdt: number;
  realisedPnlUsdt: number;
}

export interface SessionDetail extends SessionSummary {
  schemaVersion: number;
  snapshot: SnapshotCheck | null;
  actedDecisions: ActedDecision[];
  orderList: OrderOutcome[];
  fillList: FillRow[];
}

function lastSnapshot(db: Database): SnapshotCheck | null {
  const row = db
    .query<{ bar_close_ms: number; digest: string; json: string }, []>('SELECT * FROM snapshots ORDER BY bar_close_ms DESC LIMIT 1')
    .get();
  if (!row) return null;
  const computedDigest = new Bun.CryptoHasher('sha256').update(row.json).digest('hex');
  return { barCloseMs: row.bar_close_ms, digest: row.digest, computedDigest, digestOk: computedDigest === row.digest };
}

function actedDecisions(db: Database): ActedDecision[] {
  const rows = db
    .query<{ json: string }, [number]>("SELECT json FROM decisions WHERE action != 'none' ORDER BY seq DESC LIMIT ?")
    .all(ACTED_DECISIONS_SHOWN);
  return rows.reverse().map((r) => {
    const d = JSON.parse(r.json) as {
      seq: number;
      tsMs: number;
      action: string;
      tag?: string;
      caseIndex?: number;
      commands?: { kind: string; order?: { clientId: string } }[];
    };
    const orders = (d.commands ?? []).flatMap((c) => (c.kind === 'submit' && c.order ? [c.order.clientId] : []));
    return { seq: d.seq, tsMs: d.tsMs, action: d.action, tag: d.tag ?? null, caseIndex: d.caseIndex ?? null, orders };
  });
}

interface OrderEvent {
  kind: string;
  clientId?: string;
  code?: number;
  reason?: string;
  qty?: number;
  price?: number;
}

function outcomeOf(events: OrderEvent[]): Pick<OrderOutcome, 'status' | 'rejectCode' | 'reason' | 'filledQty' | 'avgPrice'> {
  let status: OrderStatus = 'sent';
  let rejectCode: number | null = null;
  let reason: string | null = null;
  let qtySum = 0;
  let notional = 0;
  let ended: 'cancelled' | 'expired' | undefined;
  for (const e of events) {
    if (e.kind === 'accepted' && status === 'sent') status = 'accepted';
    else if (e.kind === 'rejected') {
      status = 'rejected';
      rejectCode = e.code ?? null;
      reason = e.reason ?? null;
    } else if (e.kind === 'cancelled' || e.kind === 'expired') {
      ended = e.kind;
      reason = e.reason ?? reason;
    } else if (e.kind === 'fill') {
      qtySum += e.qty ?? 0;
      notional += (e.qty ?? 0) * (e.price ?? 0);
    }
  }
  // Quantities are whole qty steps: round away float noise from the sum.
  const filledQty = Number(qtySum.toFixed(10));
  if (filledQty > 0) status = ended ? 'partially_filled' : 'filled';
  else if (ended && status !== 'rejected') status = ended;
  return { status, rejectCode, reason, filledQty, avgPrice: filledQty > 0 ? Number((notional / qtySum).toFixed(10)) : null };
}

function orderList(db: Database): OrderOutcome[] {
  const byClient = new Map<string, OrderEvent[]>();
  const events = db.query<{ json: string }, []>(
    "SELECT json FROM events WHERE kind IN ('accepted', 'rejected', 'cancelled', 'expired', 'fill') ORDER BY id",
  );
  for (const r of events.iterate()) {
    const e = JSON.parse(r.json) as OrderEvent;
    if (!e.clientId) continue;
    const list = byClient.get(e.clientId) ?? [];
    list.push(e);
    byClient.set(e.clientId, list);
  }
  const commands = db
    .query<{ ts_ms: number; json: string }, []>("SELECT ts_ms, json FROM commands WHERE kind = 'submit' ORDER BY id")
    .all();
  return commands.map((c) => {
    const o = (JSON.parse(c.json) as { order: Record<string, unknown> }).order;
    const clientId = String(o.clientId);
    return {
      clientId,
      sentMs: c.ts_ms,
      side: String(o.side),
      type: String(o.type),
      qty: Number(o.qty),
      price: typeof o.price === 'number' ? o.price : null,
      reduceOnly: o.reduceOnly === true,
      timeInForce: typeof o.timeInForce === 'string' ? o.timeInForce : null,
      ...outcomeOf(byClient.get(clientId) ?? []),
    };
  });
}

function fillList(db: Database): FillRow[] {
  const rows = db.query<{ json: string }, []>("SELECT json FROM events WHERE kind = 'fill' ORDER BY id").all();
  return rows.map((r) => {
    const e = JSON.parse(r.json) as FillRow;
    return {
      tsMs: e.tsMs,
      execId: e.execId,
      clientId: e.clientId ?? '',
      source: e.source ?? 'order',
      side: e.side,
      qty: e.qty,
      price: e.price,
      feeUsdt: fromUnits(toUnits(e.feeUsdt ?? 0)),
      realisedPnlUsdt: fromUnits(toUnits(e.realisedPnlUsdt ?? 0)),
    };
  });
}

/** The session journal at `path`, in full. */
export function readSessionDetail(path: string): SessionDetail {
  return withJournal(path, (db, pids, schemaVersion) => ({
    ...readSummary(db, path, pids),
    schemaVersion,
    snapshot: lastSnapshot(db),
    actedDecisions: actedDecisions(db),
    orderList: orderList(db),
    fillList: fillList(db),
  }));
}
