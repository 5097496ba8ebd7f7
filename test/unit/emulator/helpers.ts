// Shared setup for the emulator tests: a temp store with the bundled sample (BTCUSDT 1m, 2024-08),
// an emulator with one account and a paused replay stepped by hand, and bybit-api clients on it.
import { RestClientV5 } from 'bybit-api';
import { importSample, type Store } from '../../../src/data';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../../src/emulator';
import { tempDir, tempStore } from '../data/helpers';

export const KEY = 'test-key';
export const SECRET = 'test-secret';
export const DAY_MS = Date.UTC(2024, 7, 5);

export interface Rig {
  store: Store;
  emu: Emulator;
  rest: RestClientV5;
  close(): Promise<void>;
}

export async function rig(over: Partial<EmulatorOptions> = {}): Promise<Rig> {
  const tmp = tempDir();
  const store = await tempStore(tmp.dir);
  await importSample(store);
  const emu = await startEmulator({
    store,
    accounts: [{ key: KEY, secret: SECRET, balanceUsdt: 10_000 }],
    replay: { symbol: 'BTCUSDT', fromMs: DAY_MS, toMs: DAY_MS + 180 * 60_000, speed: 0, decisionMs: 0 },
    admin: true,
    rateLimitScale: 100,
    ...over,
  });
  const rest = new RestClientV5({ key: KEY, secret: SECRET, baseUrl: emu.url }, { timeout: 10_000 });
  return {
    store,
    emu,
    rest,
    close: async () => {
      await emu.stop();
      store.close();
      tmp.cleanup();
    },
  };
}

/** The sample's 1m bar at `tsMs` (from the store, as the replay reads it). */
export async function storedBar(store: Store, tsMs: number): Promise<{ open: number; high: number; low: number; close: number }> {
  const rows = await store.db.rows<{ open: number; high: number; low: number; close: number }>(
    'SELECT open, high, low, close FROM candles_1m WHERE symbol = $1 AND ts_open_ms = CAST($2 AS BIGINT)',
    ['BTCUSDT', tsMs],
  );
  if (!rows[0]) throw new Error(`no stored bar at ${tsMs}`);
  return rows[0];
}

/** Waits for `pred`, polling every 5 ms; fails naming `what` after `maxMs` (a bound, not an assertion on time). */
export async function until(pred: () => boolean | Promise<boolean>, what: string, maxMs = 5000): Promise<void> {
  for (let waited = 0; !(await pred()); waited += 5) {
    if (waited > maxMs) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(5);
  }
}

export interface AdminDcp {
  windowS: number;
  lifelines: string[];
  lostAtMs: number | null;
  deadlineMs: number | null;
  firedAtMs: number | null;
  cancelled: number;
}

export interface AdminAccount {
  key: string;
  dcp: AdminDcp;
  orders: { orderLinkId: string; orderStatus: string; cancelType: string }[];
}

/** GET /admin/state: the accounts (with the DCP watch) and the connections. */
export async function adminState(emu: Emulator): Promise<{
  accounts: AdminAccount[];
  connections: { connId: string; subs: string[]; account: string | null }[];
  faults: Record<string, unknown>;
}> {
  const res = await fetch(`${emu.url}/admin/state`);
  return ((await res.json()) as { result: never }).result;
}

/** POST /admin/fault with `body`; the answer's retCode and result. */
export async function adminFault(emu: Emulator, body: Record<string, unknown>): Promise<{ retCode: number; result: unknown }> {
  const res = await fetch(`${emu.url}/admin/fault`, { method: 'POST', body: JSON.stringify(body) });
  return (await res.json()) as { retCode: number; result: unknown };
}

/** bybit-api's logger with nothing printed. */
export const SILENT = { trace: () => {}, info: () => {}, error: () => {} };
