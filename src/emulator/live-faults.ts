// Faults switched on at run time (CLI `--fault JSON`, or POST /admin/fault with the same JSON):
// clock skew (the signature window moves, so clients get 10002), HTTP 5xx or timeouts on a share of
// requests (a timeout may let the request take effect and lose only its answer), 10006 bursts on
// private requests, rejecting the next N orders with a code, order creates that are booked but
// whose answer is lost (HTTP 504 after the order exists), delayed / duplicated / reordered private
// messages (public ones sent twice), a market halt (no klines for N minutes), withheld tickers
// (klines go on, the ticker snapshot and deltas do not: a ticker that goes stale). Shares are
// applied deterministically: with share s, request k is hit when floor(k*s) steps up (no randomness);
// `paths` limits a 5xx or timeout fault to those REST paths (the others neither hit nor count).
// Socket faults (drop, stall) and position changes act on the hub and the books (admin.ts).
import { paramError } from './params';

export interface ShareCounter {
  share: number;
  acc: number;
  /** REST paths the fault applies to (e.g. /v5/order/realtime); undefined: every request. */
  paths?: readonly string[];
}

function hit(c: ShareCounter, path: string): boolean {
  if (c.share <= 0) return false;
  if (c.paths !== undefined && !c.paths.includes(path)) return false;
  c.acc += c.share;
  if (c.acc >= 1 - 1e-12) {
    c.acc -= 1;
    return true;
  }
  return false;
}

export class LiveFaults {
  skewMs = 0;
  http5xx: ShareCounter & { status: number } = { share: 0, acc: 0, status: 503 };
  /** Requests hit are held `holdMs` then answered 504; `processed` ones take effect first (only the answer is lost). */
  timeouts: ShareCounter & { holdMs: number; processed: boolean } = { share: 0, acc: 0, holdMs: 30_000, processed: false };
  private10006 = 0;
  rejectNext = { count: 0, retCode: 0, retMsg: '' };
  /** The next N order creates are booked, then answered HTTP 504 (the answer is lost, the order exists). */
  lostCreates = 0;
  delayMs = 0;
  duplicate = false;
  /** Every public message (klines, tickers) sent twice: a client must drop the second confirm. */
  duplicatePublic = false;
  reorder = false;
  /** No `tickers.*` messages (snapshot on subscribe or delta) while set; klines go on. */
  tickersOff = false;
  /** Market minutes [startMs, endMs) with no klines (a halt). */
  halts: [number, number][] = [];
  readonly served = { http5xx: 0, timeouts: 0, private10006: 0, rejected: 0, lost: 0, publicDuplicated: 0 };

  /** 'ok', a 5xx status or 'timeout' for the next request, to `path`. */
  nextRequest(path: string): 'ok' | 'timeout' | number {
    if (hit(this.timeouts, path)) {
      this.served.timeouts++;
      return 'timeout';
    }
    if (hit(this.http5xx, path)) {
      this.served.http5xx++;
      return this.http5xx.status;
    }
    return 'ok';
  }

  takePrivate10006(): boolean {
    if (this.private10006 <= 0) return false;
    this.private10006--;
    this.served.private10006++;
    return true;
  }

  takeReject(): { retCode: number; retMsg: string } | undefined {
    if (this.rejectNext.count <= 0) return undefined;
    this.rejectNext.count--;
    this.served.rejected++;
    return { retCode: this.rejectNext.retCode, retMsg: this.rejectNext.retMsg };
  }

  takeLostCreate(): boolean {
    if (this.lostCreates <= 0) return false;
    this.lostCreates--;
    this.served.lost++;
    return true;
  }

  halted(minuteMs: number): boolean {
    return this.halts.some(([a, b]) => minuteMs >= a && minuteMs < b);
  }
}

/** The optional `paths` of a share fault: REST paths starting with /v5/. */
function pathsOf(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0 || !v.every((p) => typeof p === 'string' && p.startsWith('/v5/')))
    throw paramError(`fault: paths '${JSON.stringify(v)}' must be a non-empty array of REST paths like "/v5/order/realtime"`);
  return v as string[];
}

const num = (v: unknown, name: string, min: number, max: number): number => {
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max)
    throw paramError(`fault: ${name} '${String(v)}' must be a number in [${min}, ${max}]`);
  return n;
};

/** Applies one fault request that only changes LiveFaults; returns false when `f.fault` is not one of these. */
export function applyLiveFault(faults: LiveFaults, f: Record<string, unknown>, marketNowMs: number): boolean {
  switch (f.fault) {
    case 'skew':
      faults.skewMs = num(f.ms, 'ms', -86_400_000, 86_400_000);
      return true;
    case 'http5xx':
      faults.http5xx = {
        share: num(f.share, 'share', 0, 1),
        acc: 0,
        status: num(f.status ?? 503, 'status', 500, 599),
        paths: pathsOf(f.paths),
      };
      return true;
    case 'timeout':
      faults.timeouts = {
        share: num(f.share, 'share', 0, 1),
        acc: 0,
        holdMs: num(f.ms ?? 30_000, 'ms', 0, 600_000),
        processed: f.processed === true,
        paths: pathsOf(f.paths),
      };
      return true;
    case 'burst10006':
      faults.private10006 = num(f.count, 'count', 0, 1_000_000);
      return true;
    case 'reject': {
      const retCode = num(f.retCode, 'retCode', 1, 99_999_999);
      const retMsg = typeof f.retMsg === 'string' ? f.retMsg : `order rejected by an injected fault (retCode ${retCode})`;
      faults.rejectNext = { count: num(f.count, 'count', 0, 1_000_000), retCode, retMsg };
      return true;
    }
    case 'lost':
      faults.lostCreates = num(f.count, 'count', 0, 1_000_000);
      return true;
    case 'delay':
      faults.delayMs = num(f.ms, 'ms', 0, 600_000);
      return true;
    case 'duplicate':
      // {"fault":"duplicate"} duplicates private messages; with "public":true, public ones.
      if (f.public === true) faults.duplicatePublic = f.on !== false;
      else faults.duplicate = f.on !== false;
      return true;
    case 'reorder':
      faults.reorder = f.on !== false;
      return true;
    case 'tickers':
      // {"fault":"tickers","on":false} withholds them; "on":true (or no "on") sends them again.
      faults.tickersOff = f.on === false;
      return true;
    case 'halt': {
      const minutes = num(f.minutes, 'minutes', 1, 100_000);
      const from = f.fromMs === undefined ? Math.ceil(marketNowMs / 60_000) * 60_000 : num(f.fromMs, 'fromMs', 0, 1e14);
      faults.halts.push([from, from + minutes * 60_000]);
      return true;
    }
    case 'clear':
      // halts keeps its identity: the market routes read the same array as their gaps.
      faults.halts.length = 0;
      Object.assign(faults, new LiveFaults(), { served: faults.served, halts: faults.halts });
      return true;
    default:
      return false;
  }
}
