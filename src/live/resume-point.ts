// Where a session left off (issue 15, LIVE.md §5 restart), read from its own journal: the window,
// the bars as received (warm-up and live, with the exchange gaps it skipped), the newest snapshot
// (digest checked), the kill-switch state and how many control rows it had applied, what the
// venue had already told it (fill execIds, accepted orders) and every order request it sent. A
// live bar is journaled whole or not at all (Journal.atomic), so the newest snapshot stands at the
// newest live bar; a journal where it does not was written by an older build and is refused.
import type { Bar1m } from '../domain';
import { isoMs, MINUTE_MS } from '../domain';
import type { EngineSnapshot, OrderRequest } from '../engine';
import { StateError } from '../errors';
import type { Journal } from '../state';

export interface ResumePoint {
  session: { id: string; mode: string; play: string; symbol: string; runId: string };
  window: { warmStartMs: number; startMs: number };
  playHash: string;
  /** The wallet the session started with (shadow: its paper venue starts there again). */
  startWalletUsdt: number | undefined;
  warmBars: Bar1m[];
  liveBars: Bar1m[];
  /** Exchange gaps the session skipped: first present minute after the gap → first missing minute. */
  gaps: Map<number, number>;
  /** Entries the session stopped for stale data, by decision time (a shadow re-run stops the same). */
  staleStops: Map<number, string>;
  /** The newest snapshot (undefined: the session stopped before its first live bar). */
  snapshot: { barCloseMs: number; digest: string; engine: EngineSnapshot } | undefined;
  /** Open time of the next minute to decide on. */
  nextMs: number;
  killState: 'ACTIVE' | 'HALTED';
  /** Control rows (panic, halt, resume) applied before the stop; later ones are applied on resume. */
  controlApplied: number;
  execIds: string[];
  acceptedIds: string[];
  /** Every order request sent, by clientId (the newest when one was sent twice). */
  orders: Map<string, OrderRequest>;
  counts: { decisions: number; orders: number; fills: number; panics: number };
  /** Net position the start account and the journaled fills make (signed). */
  netQty: number;
}

const meta = <T>(j: Journal, key: string): T => {
  const v = j.meta(key);
  if (v === undefined) throw new StateError('STATE', `journal ${j.path}: no '${key}' record: the session never finished its start-up`);
  return JSON.parse(v) as T;
};

export function readResumePoint(j: Journal): ResumePoint {
  const session = meta<ResumePoint['session']>(j, 'session');
  const window = meta<ResumePoint['window']>(j, 'window');
  const play = meta<{ hash: string }>(j, 'play');
  type BarRow = { ts_ms: number; open: number; high: number; low: number; close: number; volume: number; warm: number };
  const rows = j.rows<BarRow>('SELECT ts_ms, open, high, low, close, volume, warm FROM bars ORDER BY ts_ms');
  const toBar = (r: BarRow): Bar1m => ({ tsMs: r.ts_ms, open: r.open, high: r.high, low: r.low, close: r.close, volume: r.volume });
  const warmBars = rows.filter((r) => r.warm === 1).map(toBar);
  const liveBars = rows.filter((r) => r.warm === 0).map(toBar);
  const events = j.rows<{ kind: string; exec_id: string | null; json: string }>('SELECT kind, exec_id, json FROM events ORDER BY id');
  const start = JSON.parse(j.meta('start_account') ?? '{}') as { walletUsdt?: number; position?: { side: string; qty: number } };
  let netQty = start.position?.side === 'short' ? -start.position.qty : start.position?.side === 'long' ? start.position.qty : 0;
  const gaps = new Map<number, number>();
  const staleStops = new Map<number, string>();
  let killState: ResumePoint['killState'] = 'ACTIVE';
  let controlApplied = 0;
  const execIds: string[] = [];
  const acceptedIds: string[] = [];
  for (const e of events) {
    if (e.exec_id) execIds.push(e.exec_id);
    if (e.kind === 'fill') {
      const f = JSON.parse(e.json) as { side: string; qty: number };
      netQty = Math.round((netQty + (f.side === 'buy' ? f.qty : -f.qty)) * 1e8) / 1e8;
    }
    if (e.kind === 'exchange_gap') {
      const g = JSON.parse(e.json) as { missingFromMs: number; missingToMs: number };
      gaps.set(g.missingToMs, g.missingFromMs);
    } else if (e.kind === 'skipped') {
      const k = JSON.parse(e.json) as { tsMs: number; reason: string };
      if (/^(stale|reducing)_/.test(k.reason)) staleStops.set(k.tsMs, k.reason);
    } else if (e.kind === 'accepted') acceptedIds.push(String((JSON.parse(e.json) as { clientId: string }).clientId));
    else if (e.kind === 'kill_switch') {
      const k = JSON.parse(e.json) as { command: string };
      if (k.command === 'panic' || k.command === 'halt' || k.command === 'resume') {
        controlApplied++;
        killState = k.command === 'resume' ? 'ACTIVE' : 'HALTED';
      }
    }
  }
  const orders = new Map<string, OrderRequest>();
  let panics = 0;
  for (const c of j.rows<{ kind: string; client_id: string | null; json: string }>(
    "SELECT kind, client_id, json FROM commands WHERE kind = 'submit' ORDER BY id",
  )) {
    const order = (JSON.parse(c.json) as { order: OrderRequest }).order;
    orders.set(order.clientId, order);
    if (order.clientId.startsWith(`${session.runId}-P`)) panics++;
  }
  const last = j.lastSnapshot();
  const snap = last?.snap as { engine: EngineSnapshot } | undefined;
  const lastLiveMs = liveBars.at(-1)?.tsMs;
  if (lastLiveMs !== undefined && (!last || last.barCloseMs < lastLiveMs + MINUTE_MS))
    throw new StateError(
      'STATE',
      `journal ${j.path}: its newest snapshot (${last ? isoMs(last.barCloseMs) : 'none'}) is older than its newest bar (${isoMs(lastLiveMs + MINUTE_MS)}): written by an older trade; start a new session with --new-session`,
    );
  return {
    session,
    window,
    playHash: play.hash,
    startWalletUsdt: start.walletUsdt,
    warmBars,
    liveBars,
    gaps,
    staleStops,
    snapshot: last && snap ? { barCloseMs: last.barCloseMs, digest: last.digest, engine: snap.engine } : undefined,
    nextMs: lastLiveMs === undefined ? window.startMs : lastLiveMs + MINUTE_MS,
    killState,
    controlApplied,
    execIds,
    acceptedIds,
    orders,
    counts: {
      decisions: j.count('decisions'),
      orders: orders.size,
      fills: events.filter((e) => e.kind === 'fill').length,
      panics,
    },
    netQty,
  };
}
