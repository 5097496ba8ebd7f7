// The loopback admin endpoints, served only when the emulator is started with admin on:
// POST /admin/fault {fault, ...} switches a fault (live-faults.ts kinds, plus drop / stall / unstall
// sockets and `position`, an order placed from outside the bot as a person on the website would),
// POST /admin/step {minutes} advances a paused replay, POST /admin/speed {speed} sets its pace (a
// paused replay starts, e.g. at "max" once the clients are subscribed), GET /admin/state dumps accounts, orders,
// executions, connections, the DCP watch, the clocks, the requests served per path and the rate
// limiter's admitted and refused requests per path, for tests.
import type { Account } from './accounts';
import { applyLiveFault, type LiveFaults } from './live-faults';
import { ApiError, paramError } from './params';
import { positionRow } from './private/book-events';
import type { Push } from './private/records';
import { execView, orderView } from './private/views';
import type { RateLimitStats } from './rate-limit';
import type { Replay } from './replay';
import type { DcpWatch } from './ws/dcp-watch';
import type { Hub } from './ws/hub';

export interface AdminDeps {
  accounts: ReadonlyMap<string, Account>;
  live: LiveFaults;
  hub: Hub;
  dcp: DcpWatch;
  replay: Replay | undefined;
  /** Requests served per path (admin included), since start. */
  requests: ReadonlyMap<string, number>;
  /** The per-key rate limiter's admitted and refused requests per path. */
  rateLimit(): RateLimitStats;
  marketNow(): number;
  serverNow(): number;
  deliver(account: Account, pushes: readonly Push[], creationMs: number): void;
}

function externalOrder(d: AdminDeps, f: Record<string, unknown>): unknown {
  const account = typeof f.key === 'string' ? d.accounts.get(f.key) : undefined;
  if (!account?.book) throw paramError(`fault position: key '${String(f.key)}' is not an account with a replayed symbol`);
  const side = f.side;
  const qty = Number(f.qty);
  if ((side !== 'Buy' && side !== 'Sell') || !(qty > 0)) throw paramError('fault position: side must be Buy or Sell and qty > 0');
  const rec = account.book.create(
    {
      side,
      orderType: 'Market',
      qty,
      price: 0,
      timeInForce: 'IOC',
      orderLinkId: '',
      reduceOnly: f.reduceOnly === true,
      closeOnTrigger: false,
      triggerPrice: 0,
      triggerDirection: 0,
      takeProfit: 0,
      stopLoss: 0,
    },
    d.marketNow(),
  );
  d.deliver(account, account.book.out, d.marketNow());
  account.book.out = [];
  return { orderId: rec.orderId };
}

export function adminFault(d: AdminDeps, f: Record<string, unknown>): unknown {
  const conn = typeof f.conn === 'string' ? f.conn : undefined;
  switch (f.fault) {
    case 'drop':
      return { dropped: d.hub.drop(conn) };
    case 'stall':
      return { stalled: d.hub.stall(conn, true) };
    case 'unstall':
      return { stalled: d.hub.stall(conn, false) };
    case 'position':
      return externalOrder(d, f);
    default:
      if (applyLiveFault(d.live, f, d.marketNow())) return { ok: true };
      throw paramError(
        `fault '${String(f.fault)}' is unknown (drop, stall, unstall, position, skew, http5xx, timeout, burst10006, reject, lost, delay, duplicate, reorder, tickers, halt, clear)`,
      );
  }
}

export function adminStep(d: AdminDeps, body: Record<string, unknown>): unknown {
  if (!d.replay) throw new ApiError(10001, 'step: the emulator runs no replay (start it with --symbol --from --to)');
  const minutes = Number(body.minutes ?? 1);
  if (!Number.isInteger(minutes) || minutes < 1) throw paramError(`step: minutes '${String(body.minutes)}' must be a positive integer`);
  return { stepped: d.replay.step(minutes), marketNowMs: d.replay.marketNowMs };
}

/** POST /admin/speed {speed}: market minutes per wall second, or "max"; 0 pauses (replay.ts setSpeed). */
export function adminSpeed(d: AdminDeps, body: Record<string, unknown>): unknown {
  if (!d.replay) throw new ApiError(10001, 'speed: the emulator runs no replay (start it with --symbol --from --to)');
  const v = body.speed;
  const speed = v === 'max' ? Number.POSITIVE_INFINITY : typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN;
  if (!(speed >= 0)) throw paramError(`speed: '${String(v)}' must be market minutes per wall second (a number >= 0) or "max"`);
  d.replay.setSpeed(speed);
  return { speed: v, marketNowMs: d.replay.marketNowMs };
}

export function adminState(d: AdminDeps): unknown {
  return {
    serverNowMs: d.serverNow(),
    marketNowMs: d.marketNow(),
    replay: d.replay ? { confirmed: d.replay.confirmed, minutes: d.replay.minutesTotal, finished: d.replay.finished } : null,
    faults: { ...d.live },
    requests: Object.fromEntries(d.requests),
    rateLimit: d.rateLimit(),
    connections: d.hub.connections(),
    accounts: [...d.accounts.values()].map((a) => {
      const b = a.book;
      return {
        key: a.key,
        marginMode: a.marginMode,
        dcp: d.dcp.state(a),
        symbol: b?.symbol ?? null,
        state: b ? b.state() : null,
        position: b ? positionRow(b, false) : null,
        orders: b ? b.orders.map((o) => orderView(o, b.grid)) : [],
        executions: b ? b.execs.map((x) => execView(x, b.grid)) : [],
      };
    }),
  };
}
