// Emulator throughput, measured through the real bybit-api clients on loopback: the sustained replay
// speed of the bundled sample month (BTCUSDT 2024-08, --speed max, no decision window) with a public
// client subscribed to kline.1 and tickers and a private client subscribed to every private topic
// (minutes/s, and the WS messages/s those clients received); and signed private REST requests/s
// (GET /v5/position/list, 8 requests in flight, for about 2 s). Figures vary with machine load.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RestClientV5, WebsocketClient } from 'bybit-api';
import { importSample, Store } from '../../src/data';
import { startEmulator } from '../../src/emulator';

const silent = { trace: () => {}, info: () => {}, error: () => {} };

async function until(pred: () => boolean, maxMs: number): Promise<void> {
  for (let waited = 0; !pred() && waited < maxMs; waited += 5) await Bun.sleep(5);
}

export async function benchEmulator(): Promise<{ name: string; value: number; unit: string }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'trade-bench-emu-'));
  const store = await Store.open(join(dir, 'store.duckdb'));
  try {
    await importSample(store);
    const from = Date.UTC(2024, 7, 1);
    const to = Date.UTC(2024, 8, 1);
    const emu = await startEmulator({
      store,
      accounts: [{ key: 'bench', secret: 'bench-secret', balanceUsdt: 10_000 }],
      replay: { symbol: 'BTCUSDT', fromMs: from, toMs: to, speed: 0, decisionMs: 0 },
      rateLimitScale: 1_000_000,
    });
    const pub = new WebsocketClient({ wsUrl: emu.wsPublicUrl }, silent);
    const priv = new WebsocketClient({ key: 'bench', secret: 'bench-secret', wsUrl: emu.wsPrivateUrl }, silent);
    let received = 0;
    let confirms = 0;
    pub.on('update', (m: { data: { confirm?: boolean }[] }) => {
      received++;
      if (Array.isArray(m.data) && m.data[0]?.confirm) confirms++;
    });
    priv.on('update', () => received++);
    pub.subscribeV5(['kline.1.BTCUSDT', 'tickers.BTCUSDT'], 'linear');
    priv.subscribeV5(['order', 'execution', 'position', 'wallet'], 'linear');
    await until(() => emu.hub.connections().filter((c) => c.subs.length > 0).length === 2, 5000);
    const rest = new RestClientV5({ key: 'bench', secret: 'bench-secret', baseUrl: emu.url });
    const replay = emu.replay as NonNullable<typeof emu.replay>;
    Object.assign(replay.opts, { speed: Number.POSITIVE_INFINITY });
    received = 0;
    const t0 = performance.now();
    await replay.run();
    await until(() => confirms >= replay.minutesTotal, 10_000);
    const replaySeconds = (performance.now() - t0) / 1000;
    const wsPerSecond = received / replaySeconds;
    const n0 = performance.now();
    let requests = 0;
    const worker = async () => {
      while (performance.now() - n0 < 2000) {
        await rest.getPositionInfo({ category: 'linear', symbol: 'BTCUSDT' });
        requests++;
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const restSeconds = (performance.now() - n0) / 1000;
    pub.closeAll(true);
    priv.closeAll(true);
    await emu.stop();
    return [
      {
        name: 'replay, subscribed clients',
        value: replay.minutesTotal / replaySeconds,
        unit: `minutes/s (${replay.minutesTotal} minutes)`,
      },
      { name: 'WS messages received', value: wsPerSecond, unit: 'messages/s (kline.1 + tickers during the replay)' },
      { name: 'signed REST position/list', value: requests / restSeconds, unit: 'requests/s (8 in flight)' },
    ];
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  for (const f of await benchEmulator()) console.log(`${f.name.padEnd(34)} ${f.value.toFixed(0)} ${f.unit}`);
}
