// A replay of one 2024 day (BTCUSDT, 2024-08-05, the bundled sample) at the highest speed (`max`,
// no decision window) with a subscribed bybit-api WebsocketClient: every minute's kline.1 confirm
// arrives exactly once and in order, and the replay ends by itself.
import { afterAll, expect, test } from 'bun:test';
import { WebsocketClient } from 'bybit-api';
import { importSample } from '../../src/data';
import { startEmulator } from '../../src/emulator';
import { tempDir, tempStore } from '../unit/data/helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

test('one day at max speed: 1440 confirms, once each, in order', async () => {
  const store = await tempStore(tmp.dir);
  await importSample(store);
  const from = Date.UTC(2024, 7, 5);
  const emu = await startEmulator({ store, replay: { symbol: 'BTCUSDT', fromMs: from, toMs: from + 86_400_000, speed: 0, decisionMs: 0 } });
  const ws = new WebsocketClient({ wsUrl: emu.wsPublicUrl }, { trace: () => {}, info: () => {}, error: () => {} });
  const starts: number[] = [];
  ws.on('update', (m: { data: { start: number; confirm: boolean }[] }) => {
    if (m.data[0]?.confirm) starts.push(m.data[0].start);
  });
  ws.subscribeV5(['kline.1.BTCUSDT'], 'linear');
  try {
    for (let i = 0; i < 1000 && !emu.hub.connections().some((c) => c.subs.length > 0); i++) await Bun.sleep(5);
    const fast = emu.replay as NonNullable<typeof emu.replay>;
    Object.assign(fast.opts, { speed: Number.POSITIVE_INFINITY });
    const t0 = performance.now();
    await fast.run();
    const seconds = (performance.now() - t0) / 1000;
    for (let i = 0; i < 2000 && starts.length < 1440; i++) await Bun.sleep(5);
    expect(starts.length).toBe(1440);
    expect(starts.every((s, i) => s === from + i * 60_000)).toBe(true);
    expect(fast.finished).toBe(true);
    console.log(`replayed 1440 minutes in ${seconds.toFixed(2)} s (${(1440 / seconds).toFixed(0)} minutes/s)`);
  } finally {
    ws.closeAll(true);
    await emu.stop();
    store.close();
  }
}, 60_000);
