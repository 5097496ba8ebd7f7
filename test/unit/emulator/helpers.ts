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
