// Shared setup for the BybitVenue tests: the loopback emulator (paused replay, one account) from the
// emulator tests' rig, a BybitVenue on it through the real bybit-api clients, a frozen injected
// clock, and bounded waits that poll `drain` (no fixed sleeps as assertions).
import { BybitVenue, type BybitVenueOptions } from '../../../src/bybit';
import type { VenueEvent } from '../../../src/engine';
import { KEY, type Rig, rig, SECRET } from '../emulator/helpers';

export const CLOCK_MS = Date.UTC(2026, 0, 2);
export const GRID = { tickSize: 0.1, qtyStep: 0.001 };

export interface VenueRig {
  r: Rig;
  venue: BybitVenue;
  events: VenueEvent[];
  /** Drains until `pred` holds on everything drained so far; throws naming `what` after `maxMs`. */
  until(pred: (evs: VenueEvent[]) => boolean, what: string, maxMs?: number): Promise<void>;
  fault(body: Record<string, unknown>): Promise<number>;
  state(): Promise<AdminAccount>;
  close(): Promise<void>;
}

export interface AdminAccount {
  orders: Record<string, unknown>[];
  executions: Record<string, unknown>[];
  position: Record<string, unknown>;
}

export function newVenue(r: Rig, over: Partial<BybitVenueOptions> = {}): BybitVenue {
  return new BybitVenue({
    key: KEY,
    secret: SECRET,
    restBaseUrl: r.emu.url,
    wsPrivateUrl: r.emu.wsPrivateUrl,
    symbol: 'BTCUSDT',
    instrument: GRID,
    clock: { nowMs: () => CLOCK_MS },
    restTimeoutMs: 2_000,
    backoff: { baseDelayMs: 20, maxDelayMs: 200 },
    ...over,
  });
}

export async function venueRig(rigOver: Parameters<typeof rig>[0] = {}, venueOver: Partial<BybitVenueOptions> = {}): Promise<VenueRig> {
  const r = await rig(rigOver);
  const venue = newVenue(r, venueOver);
  await venue.start();
  const events: VenueEvent[] = [];
  return {
    r,
    venue,
    events,
    async until(pred, what, maxMs = 8_000) {
      for (let waited = 0; ; waited += 10) {
        venue.drain(events);
        if (pred(events)) return;
        if (waited > maxMs) throw new Error(`timed out waiting for ${what}; events: ${events.map((e) => e.kind).join(',')}`);
        await Bun.sleep(10);
      }
    },
    async fault(body) {
      const res = await fetch(`${r.emu.url}/admin/fault`, { method: 'POST', body: JSON.stringify(body) });
      return ((await res.json()) as { retCode: number }).retCode;
    },
    async state() {
      const res = await fetch(`${r.emu.url}/admin/state`);
      const j = (await res.json()) as { result: { accounts: (AdminAccount & { key: string })[] } };
      return j.result.accounts.find((a) => a.key === KEY) as AdminAccount;
    },
    async close() {
      await venue.close();
      await r.close();
    },
  };
}

export const ofKind = <K extends VenueEvent['kind']>(evs: VenueEvent[], kind: K): Extract<VenueEvent, { kind: K }>[] =>
  evs.filter((e): e is Extract<VenueEvent, { kind: K }> => e.kind === kind);
