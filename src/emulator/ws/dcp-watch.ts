// Disconnect-cancel-all (bybit-v5.md §4.7): per account, the authenticated connections subscribed to
// `dcp.future` (or the deprecated `dcp`) are its lifelines. When the last lifeline of an account with
// a DERIVATIVES window closes, a deadline `window` s later starts on the injected wall clock; a new
// lifeline before it disarms it (the timing restarts at the next loss); at the deadline every open
// order of the account is cancelled (cancelType CancelByDCP). Unsubscribing is opting out: it
// removes a lifeline without arming. Nothing is pushed on the dcp topic: Bybit documents no message,
// and when DCP fires no dcp subscriber is alive to receive one.
import type { Account } from '../accounts';
import type { Clock } from '../clock';

/** The topics that make a connection a DERIVATIVES lifeline (`dcp.spot` / `dcp.option` are other products). */
export const DCP_FUTURE_TOPICS: ReadonlySet<string> = new Set(['dcp.future', 'dcp']);
/** Every dcp topic a private connection may subscribe to. */
export const DCP_TOPICS: ReadonlySet<string> = new Set(['dcp', 'dcp.future', 'dcp.spot', 'dcp.option']);

export interface DcpDeps {
  /** The emulator's wall clock (the window is wall time, like Bybit's heartbeat). */
  wallNow: Clock;
  /** Cancels every open order of the account; returns how many were cancelled. */
  cancelAll(account: Account): number;
}

export interface DcpState {
  windowS: number;
  /** Connections alive and subscribed to dcp.future / dcp. */
  lifelines: string[];
  /** When the last lifeline last closed, ms (null: never). */
  lostAtMs: number | null;
  /** When the open orders will be cancelled, ms (null: not armed). */
  deadlineMs: number | null;
  /** When DCP last fired and how many orders it cancelled. */
  firedAtMs: number | null;
  cancelled: number;
}

interface Watch {
  lifelines: Set<string>;
  lostAtMs: number | null;
  deadlineMs: number | null;
  timer: ReturnType<typeof setTimeout> | undefined;
  firedAtMs: number | null;
  cancelled: number;
}

export class DcpWatch {
  private readonly watches = new Map<Account, Watch>();
  /** Set by stop(): sockets closed while the server shuts down must not arm timers over freed books. */
  private stopped = false;

  constructor(private readonly d: DcpDeps) {}

  private watch(account: Account): Watch {
    let w = this.watches.get(account);
    if (!w) {
      w = { lifelines: new Set(), lostAtMs: null, deadlineMs: null, timer: undefined, firedAtMs: null, cancelled: 0 };
      this.watches.set(account, w);
    }
    return w;
  }

  /** `connId` of `account` subscribed to a dcp.future topic: a lifeline; an armed deadline is disarmed. */
  subscribed(account: Account, connId: string): void {
    const w = this.watch(account);
    w.lifelines.add(connId);
    this.disarm(w);
  }

  /** `connId` is no longer a lifeline: closed (may arm the deadline) or unsubscribed (never arms). */
  released(account: Account, connId: string, closed: boolean): void {
    const w = this.watch(account);
    if (!w.lifelines.delete(connId) || w.lifelines.size > 0 || !closed || this.stopped) return;
    if (account.dcpWindowS <= 0) return;
    const nowMs = this.d.wallNow();
    w.lostAtMs = nowMs;
    w.deadlineMs = nowMs + account.dcpWindowS * 1000;
    this.schedule(account, w);
  }

  /** Wakes at the deadline on the injected clock (a clock that runs behind wall time reschedules). */
  private schedule(account: Account, w: Watch): void {
    if (w.deadlineMs === null) return;
    const leftMs = w.deadlineMs - this.d.wallNow();
    if (leftMs > 0) {
      w.timer = setTimeout(() => {
        w.timer = undefined;
        this.schedule(account, w);
      }, leftMs);
      return;
    }
    w.deadlineMs = null;
    w.firedAtMs = this.d.wallNow();
    w.cancelled = this.d.cancelAll(account);
  }

  private disarm(w: Watch): void {
    if (w.timer) clearTimeout(w.timer);
    w.timer = undefined;
    w.deadlineMs = null;
  }

  state(account: Account): DcpState {
    const w = this.watch(account);
    return {
      windowS: account.dcpWindowS,
      lifelines: [...w.lifelines],
      lostAtMs: w.lostAtMs,
      deadlineMs: w.deadlineMs,
      firedAtMs: w.firedAtMs,
      cancelled: w.cancelled,
    };
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.watches.values()) this.disarm(w);
  }
}
