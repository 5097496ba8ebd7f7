// Issue 12 item 5 (the replay clock) from dist/trade: one real 2024 day (BTCUSDT 2024-03-14 from the
// shared year file, imported with `trade data import`) replayed at `max` with a subscribed
// WebsocketClient: every minute's kline.1 confirm exactly once, in order, with the file's OHLC, and
// every higher interval confirming when its last minute closes; the decision window (an order that
// answers a confirm fills at the next minute's open); `--speed max --exit-at-end` on its own; `--now`
// freezing the server clock; `--speed 0` with POST /admin/step.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { WebsocketClient } from 'bybit-api';
import { findDataFile } from '../parity/candles';
import { type Sandbox, sandbox } from './cli-harness';
import { KEY, L, SECRET, SILENT, sampleBar, sampleStore, startEmulatorProcess, until } from './emulator-process';

type Kline = { start: number; end: number; open: string; high: string; low: string; close: string; confirm: boolean };
type Msg = { topic: string; data: Kline[] };

const sb: Sandbox = sandbox('trade-e2e-emu-replay-');
afterAll(() => sb.cleanup());

const DAY = '2024-03-14';
const DAY_START_MS = Date.parse(`${DAY}T00:00:00Z`);
const YEAR_FILE = findDataFile();
const INTERVAL_MINUTES: Record<string, number> = {
  1: 1,
  3: 3,
  5: 5,
  15: 15,
  30: 30,
  60: 60,
  120: 120,
  240: 240,
  360: 360,
  720: 720,
  D: 1440,
};

/** The day's rows of the shared 2024 file, as a CSV with the file's own header. */
function dayCsv(path: string): { csv: string; bars: { tsMs: number; open: number; high: number; low: number; close: number }[] } {
  const lines = gunzipSync(readFileSync(path)).toString().split('\n');
  const rows = lines.filter((l) => l.startsWith(`${DAY}T`));
  // OpenTime,CloseTime,OpenPrice,ClosePrice,HighPrice,LowPrice,...
  const bars = rows.map((l) => {
    const f = l.split(',');
    return {
      tsMs: Date.parse(f[0] as string),
      open: +(f[2] as string),
      close: +(f[3] as string),
      high: +(f[4] as string),
      low: +(f[5] as string),
    };
  });
  return { csv: `${[lines[0], ...rows].join('\n')}\n`, bars };
}

describe.skipIf(!YEAR_FILE)('one 2024 day at max speed', () => {
  test('a subscribed client gets all 1440 kline.1 confirms once each, in order, with the file OHLC; every interval confirms at its end', async () => {
    const { csv, bars } = dayCsv(YEAR_FILE as string);
    expect(bars.length).toBe(1440);
    const file = sb.file(`bybit_linear_BTCUSDT_1m_${DAY}.csv`, csv);
    const db = `${sb.dir}/day.duckdb`;
    expect(sb.run('data', 'import', file, '--db', db).code).toBe(0);
    const emu = await startEmulatorProcess(sb, [
      ...['--db', db, '--admin', '--symbol', 'BTCUSDT', '--from', DAY, '--to', '2024-03-15', '--speed', '0', '--decision-ms', '0'],
    ]);
    const ws = new WebsocketClient({ wsUrl: emu.urls.ws_public }, SILENT);
    try {
      const confirms = new Map<string, Kline[]>(Object.keys(INTERVAL_MINUTES).map((i) => [i, []]));
      let forming = 0;
      ws.on('update', (m: Msg) => {
        const k = m.data[0] as Kline;
        if (k.confirm) confirms.get(m.topic.split('.')[1] as string)?.push(k);
        else forming++;
      });
      ws.subscribeV5(
        Object.keys(INTERVAL_MINUTES).map((i) => `kline.${i}.BTCUSDT`),
        'linear',
      );
      await until(async () => (await emu.state()).connections.some((c) => c.subs.length === 11), 'the subscriptions');
      expect((await emu.state()).replay).toEqual({ confirmed: 0, minutes: 1440, finished: false });
      // Paused until the client is subscribed, then unpaced: what `--speed max` runs.
      expect(await emu.speed('max')).toEqual({ retCode: 0, result: { speed: 'max', marketNowMs: DAY_START_MS } });
      await until(async () => (await emu.state()).replay?.finished === true, 'the end of the replay', 60_000);
      await until(() => (confirms.get('D') ?? []).length === 1 && (confirms.get('1') ?? []).length >= 1440, 'the last confirms', 30_000);
      const one = confirms.get('1') ?? [];
      expect(one.length).toBe(1440);
      expect(one.every((k, i) => k.start === DAY_START_MS + i * 60_000)).toBe(true);
      const ohlc = (k: Kline) => [k.start, Number(k.open), Number(k.high), Number(k.low), Number(k.close)];
      expect(one.map(ohlc)).toEqual(bars.map((b) => [b.tsMs, b.open, b.high, b.low, b.close]));
      expect(forming).toBeGreaterThanOrEqual(4 * 1440);
      for (const [interval, minutes] of Object.entries(INTERVAL_MINUTES)) {
        const got = confirms.get(interval) ?? [];
        const n = 1440 / minutes;
        expect([interval, got.map((k) => [k.start, k.end])]).toEqual([
          interval,
          Array.from({ length: n }, (_, i) => [DAY_START_MS + i * minutes * 60_000, DAY_START_MS + (i + 1) * minutes * 60_000 - 1]),
        ]);
      }
      const day = confirms.get('D')?.[0] as Kline;
      expect(ohlc(day)).toEqual([
        DAY_START_MS,
        bars[0]?.open as number,
        Math.max(...bars.map((b) => b.high)),
        Math.min(...bars.map((b) => b.low)),
        bars[1439]?.close as number,
      ]);
    } finally {
      ws.closeAll(true);
      expect(await emu.stop()).toBe(0);
    }
  }, 120_000);
});

describe('the clock options', () => {
  let db = '';
  beforeAll(() => {
    db = sampleStore(sb, 'sample.duckdb');
  }, 60_000);

  test('--speed max --exit-at-end: the replay runs unpaced by itself and the process exits 0 at its end', async () => {
    const emu = await startEmulatorProcess(sb, [
      '--db',
      db,
      '--symbol',
      'BTCUSDT',
      '--from',
      '2024-08-05',
      '--to',
      '2024-08-06',
      '--speed',
      'max',
      '--decision-ms',
      '0',
      '--exit-at-end',
    ]);
    const code = await Promise.race([emu.proc.exited, Bun.sleep(60_000).then(() => 'still running')]);
    expect(code).toBe(0);
  }, 70_000);

  test('the decision window: an order sent on a confirm fills at the next minute open (--decision-ms 2000, then max speed)', async () => {
    const from = Date.UTC(2024, 7, 5, 12, 0);
    const emu = await startEmulatorProcess(sb, [
      ...['--db', db, '--admin', '--account', `${KEY}:${SECRET}`, '--symbol', 'BTCUSDT'],
      ...[
        '--from',
        new Date(from).toISOString(),
        '--to',
        new Date(from + 3 * 60_000).toISOString(),
        '--speed',
        '0',
        '--decision-ms',
        '2000',
      ],
    ]);
    const ws = new WebsocketClient({ wsUrl: emu.urls.ws_public }, SILENT);
    const rest = emu.rest();
    try {
      const sent: Promise<number>[] = [];
      ws.on('update', (m: Msg) => {
        const k = m.data[0] as Kline;
        // The bot answers each of the first two closed bars with a market order.
        if (k.confirm && sent.length < 2)
          sent.push(
            rest
              .submitOrder({
                ...L,
                side: sent.length === 0 ? 'Buy' : 'Sell',
                orderType: 'Market',
                qty: '0.01',
                orderLinkId: `d-${k.start}`,
              })
              .then((r) => r.retCode),
          );
      });
      ws.subscribeV5(['kline.1.BTCUSDT'], 'linear');
      await until(async () => (await emu.state()).connections.some((c) => c.subs.length === 1), 'the subscription');
      expect((await emu.speed('max')).retCode).toBe(0);
      await until(async () => (await emu.state()).replay?.finished === true, 'the end of the replay', 30_000);
      expect(await Promise.all(sent)).toEqual([0, 0]);
      const fills = (await rest.getExecutionList({ ...L, execType: 'Trade' })).result.list.reverse();
      expect(fills.map((f) => [f.orderLinkId, f.execTime, Number(f.execPrice)])).toEqual([
        [`d-${from}`, String(from + 60_000), sampleBar(from + 60_000).open],
        [`d-${from + 60_000}`, String(from + 120_000), sampleBar(from + 120_000).open],
      ]);
    } finally {
      ws.closeAll(true);
      expect(await emu.stop()).toBe(0);
    }
  }, 60_000);

  test('--now freezes the server clock: market/time and the envelope show it; signing still uses the wall clock; kline ends there', async () => {
    const emu = await startEmulatorProcess(sb, ['--db', db, '--account', `${KEY}:${SECRET}`, '--now', '2024-08-03T00:00:30Z']);
    try {
      const nowMs = Date.parse('2024-08-03T00:00:30Z');
      const rest = emu.rest();
      const t = await rest.getServerTime();
      expect([t.result.timeSecond, t.result.timeNano, t.time]).toEqual([String(nowMs / 1000), String(nowMs * 1e6), nowMs]);
      const w = await rest.getWalletBalance({ accountType: 'UNIFIED' });
      expect([w.retCode, w.time]).toEqual([0, nowMs]);
      const k = await rest.getKline({ ...L, interval: '1', limit: 2 });
      expect(k.result.list.map((r) => Number(r[0]))).toEqual([nowMs - 30_000, nowMs - 90_000]);
      expect((await rest.getServerTime()).time).toBe(nowMs);
    } finally {
      expect(await emu.stop()).toBe(0);
    }
  }, 30_000);

  test('--speed 1/60 is real time: a forming kline every 15 s, no minute closed in the first 16 s', async () => {
    const from = Date.UTC(2024, 7, 5, 3, 0);
    const emu = await startEmulatorProcess(sb, [
      '--db',
      db,
      '--admin',
      '--symbol',
      'BTCUSDT',
      '--from',
      new Date(from).toISOString(),
      '--to',
      new Date(from + 60 * 60_000).toISOString(),
      '--speed',
      '1/60',
    ]);
    const ws = new WebsocketClient({ wsUrl: emu.urls.ws_public }, SILENT);
    try {
      const updates: { confirm: boolean; start: number }[] = [];
      ws.on('update', (m: Msg) => {
        if (m.data[0]) updates.push({ confirm: m.data[0].confirm, start: m.data[0].start });
      });
      ws.subscribeV5(['kline.1.BTCUSDT'], 'linear');
      await until(async () => (await emu.state()).connections.some((c) => c.subs.length === 1), 'the subscription');
      // The first minute's path is published in four steps 15 s apart (real time); its confirm comes
      // a minute after the start. At the default speed 1 the whole minute would take one second.
      await Bun.sleep(16_000);
      expect(updates.filter((u) => !u.confirm).length).toBeGreaterThanOrEqual(1);
      expect(updates.filter((u) => u.confirm)).toEqual([]);
      expect(updates.every((u) => u.start === from)).toBe(true);
      expect((await emu.state()).replay?.confirmed).toBe(0);
    } finally {
      ws.closeAll(true);
      expect(await emu.stop()).toBe(0);
    }
  }, 40_000);

  test('--speed 0 is paused: POST /admin/step {minutes} runs exactly that many minutes; 0 minutes or no replay is 10001', async () => {
    const from = Date.UTC(2024, 7, 5, 3, 0);
    const emu = await startEmulatorProcess(sb, [
      '--db',
      db,
      '--admin',
      '--symbol',
      'BTCUSDT',
      '--from',
      new Date(from).toISOString(),
      '--to',
      new Date(from + 60 * 60_000).toISOString(),
      '--speed',
      '0',
    ]);
    const ws = new WebsocketClient({ wsUrl: emu.urls.ws_public }, SILENT);
    try {
      const starts: number[] = [];
      ws.on('update', (m: Msg) => {
        if (m.data[0]?.confirm) starts.push(m.data[0].start);
      });
      ws.subscribeV5(['kline.1.BTCUSDT'], 'linear');
      await until(async () => (await emu.state()).connections.some((c) => c.subs.length === 1), 'the subscription');
      expect([(await emu.state()).replay?.confirmed, (await emu.state()).marketNowMs]).toEqual([0, from]);
      const res = await fetch(`${emu.urls.rest}/admin/step`, { method: 'POST', body: '{"minutes":3}' });
      expect(await res.json()).toEqual({ retCode: 0, retMsg: 'OK', result: { stepped: 3, marketNowMs: from + 3 * 60_000 } });
      await until(() => starts.length === 3, 'three confirms');
      expect(starts).toEqual([from, from + 60_000, from + 120_000]);
      expect((await emu.state()).replay).toEqual({ confirmed: 3, minutes: 60, finished: false });
      const zero = await fetch(`${emu.urls.rest}/admin/step`, { method: 'POST', body: '{"minutes":0}' });
      expect(((await zero.json()) as { retCode: number }).retCode).toBe(10001);
      expect(await emu.step(100)).toBe(57);
      expect((await emu.state()).replay).toEqual({ confirmed: 60, minutes: 60, finished: true });
    } finally {
      ws.closeAll(true);
      expect(await emu.stop()).toBe(0);
    }
    const bare = await startEmulatorProcess(sb, ['--db', db, '--admin']);
    try {
      const res = await fetch(`${bare.urls.rest}/admin/step`, { method: 'POST', body: '{"minutes":1}' });
      expect(((await res.json()) as { retCode: number }).retCode).toBe(10001);
    } finally {
      expect(await bare.stop()).toBe(0);
    }
  }, 30_000);
});
