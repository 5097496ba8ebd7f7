// `data sync` end to end in-process: the loopback emulator serves the bundled August-2024 BTCUSDT
// month from one store, the real bybit-api client fetches it over loopback HTTP, and the sync writes
// into an empty store. Asserts bit-exact equality with the served data, gaps left, resume and fill
// page counts, survived rate-limit bursts, the open candle, and all-or-nothing on a malformed row.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { BybitMarketClient } from '../../src/bybit';
import {
  getInstrument,
  importSample,
  loadCandles,
  loadFunding,
  type Store,
  syncInstruments,
  syncSymbol,
  upsertInstrument,
} from '../../src/data';
import { type Emulator, type FaultOptions, startEmulator } from '../../src/emulator';
import { VenueError } from '../../src/errors';
import { count, tempDir, tempStore } from '../unit/data/helpers';

const MIN = 60_000;
const FROM = Date.UTC(2024, 7, 1);
const TO = Date.UTC(2024, 8, 1);
/** The emulator's clock: 12:34:30, so 12:34 is the open candle and 12:33 the last closed one. */
const NOW = Date.UTC(2024, 7, 20, 12, 34, 30);
const OPEN_MINUTE = Date.UTC(2024, 7, 20, 12, 34);
const GAP: [number, number] = [Date.UTC(2024, 7, 10, 3), Date.UTC(2024, 7, 10, 4, 30)];

const tmp = tempDir();
let source: Store;
const opened: Store[] = [];
const emulators: Emulator[] = [];

beforeAll(async () => {
  source = await tempStore(tmp.dir, 'source.duckdb');
  await importSample(source);
});
afterAll(async () => {
  for (const e of emulators) await e.stop();
  for (const s of opened) s.close();
  source.close();
  tmp.cleanup();
});

async function emulator(faults: FaultOptions = {}, riskLimitPageRows?: number): Promise<Emulator> {
  const e = await startEmulator({ store: source, nowMs: NOW, faults, riskLimitPageRows });
  emulators.push(e);
  return e;
}

let stores = 0;
async function emptyStore(): Promise<Store> {
  const s = await tempStore(tmp.dir, `dst-${stores++}.duckdb`);
  opened.push(s);
  return s;
}

function client(e: Emulator, slept: number[] = []): BybitMarketClient {
  return new BybitMarketClient({ baseUrl: e.url, sleep: async (ms) => void slept.push(ms) });
}

/** Columns as raw bytes, so equality is bit-exact (NaN and -0 included). */
function bytes(cols: Record<string, Float64Array>): Record<string, Buffer> {
  return Object.fromEntries(Object.entries(cols).map(([k, a]) => [k, Buffer.from(a.buffer, a.byteOffset, a.byteLength)]));
}

/** What the emulator serves as closed candles in [FROM, OPEN_MINUTE): the source rows minus the gap. */
async function expectedCandles() {
  const all = await loadCandles(source, 'BTCUSDT', FROM, OPEN_MINUTE);
  const keep: number[] = [];
  all.tsMs.forEach((ts, i) => {
    if (!(ts >= GAP[0] && ts < GAP[1])) keep.push(i);
  });
  const pick = (a: Float64Array) => Float64Array.from(keep, (i) => a[i] as number);
  return {
    tsMs: pick(all.tsMs),
    open: pick(all.open),
    high: pick(all.high),
    low: pick(all.low),
    close: pick(all.close),
    volume: pick(all.volume),
    turnover: pick(all.turnover),
  };
}

describe('data sync over the loopback emulator', () => {
  let full: Store;

  test('an empty store gets exactly the served candles and funding; the injected gap is reported, the open candle is not stored', async () => {
    const e = await emulator({ gapsMs: [GAP] });
    full = await emptyStore();
    const r = await syncSymbol(full, client(e), { symbol: 'BTCUSDT', fromMs: FROM, toMs: TO });
    const want = await expectedCandles();
    expect(r.to).toBe(new Date(OPEN_MINUTE).toISOString());
    expect(r.candles.rowsAdded).toBe(want.tsMs.length);
    expect(r.candles.pages).toBe(Math.ceil(want.tsMs.length / 1000));
    expect(bytes({ ...(await loadCandles(full, 'BTCUSDT', FROM, TO)) })).toEqual(bytes(want));
    expect(await count(full, `SELECT count(*) AS n FROM candles_1m WHERE ts_open_ms >= ${OPEN_MINUTE}`)).toBe(0);
    const wantFunding = await loadFunding(source, 'BTCUSDT', FROM, NOW);
    expect(bytes({ ...(await loadFunding(full, 'BTCUSDT', FROM, TO)) })).toEqual(bytes({ ...wantFunding }));
    expect(r.funding?.rowsAdded).toBe(wantFunding.tsMs.length);
    expect(r.gapsLeft).toEqual([{ start: '2024-08-10T03:00:00.000Z', end: '2024-08-10T04:30:00.000Z', minutes: 90 }]);
    expect([r.missingMinutesLeft, r.retries]).toEqual([90, 0]);
    const log = await full.db.rows<{ source: string; kind: string; rows_added: bigint }>(
      'SELECT source, kind, rows_added FROM import_log ORDER BY kind',
    );
    expect(log.map((l) => [l.source, l.kind, Number(l.rows_added)])).toEqual([
      [`bybit:${e.url}`, 'candles_1m', want.tsMs.length],
      [`bybit:${e.url}`, 'funding', wantFunding.tsMs.length],
    ]);
  });

  test('a second run over the gap asks once, adds nothing and reports the gap again (no loop)', async () => {
    const e = await emulator({ gapsMs: [GAP] });
    const r = await syncSymbol(full, client(e), { symbol: 'BTCUSDT', fromMs: FROM, toMs: TO, funding: false });
    expect([r.rangesFetched, r.candles.pages, r.candles.rowsFetched, r.candles.rowsAdded, r.missingMinutesLeft]).toEqual([1, 1, 0, 0, 90]);
    expect(e.requests.get('/v5/market/kline')).toBe(1);
  });

  test('resume: a first sub-range, then the whole range fetches only the rest, with the same result', async () => {
    const e = await emulator({ gapsMs: [GAP] });
    const s = await emptyStore();
    const part = await syncSymbol(s, client(e), { symbol: 'BTCUSDT', fromMs: FROM, toMs: Date.UTC(2024, 7, 5), funding: false });
    expect([part.candles.rowsAdded, part.candles.pages]).toEqual([4 * 1440, 6]);
    const rest = await syncSymbol(s, client(e), { symbol: 'BTCUSDT', fromMs: FROM, toMs: TO });
    const want = await expectedCandles();
    expect(rest.candles.rowsFetched).toBe(want.tsMs.length - 4 * 1440);
    expect(rest.candles.rowsAdded).toBe(want.tsMs.length - 4 * 1440);
    expect(rest.candles.pages).toBe(Math.ceil((want.tsMs.length - 4 * 1440) / 1000));
    expect(bytes({ ...(await loadCandles(s, 'BTCUSDT', FROM, TO)) })).toEqual(bytes({ ...(await loadCandles(full, 'BTCUSDT', FROM, TO)) }));
  });

  test('fill: a deleted middle range is fetched again, and only it', async () => {
    const e = await emulator({ gapsMs: [GAP] });
    const s = await emptyStore();
    await syncSymbol(s, client(e), { symbol: 'BTCUSDT', fromMs: FROM, toMs: TO, funding: false });
    const [a, b] = [Date.UTC(2024, 7, 15, 6), Date.UTC(2024, 7, 16, 7, 7)];
    const removed = await s.db.run(`DELETE FROM candles_1m WHERE ts_open_ms >= ${a} AND ts_open_ms < ${b}`);
    expect(removed).toBe((b - a) / MIN);
    const r = await syncSymbol(s, client(e), { symbol: 'BTCUSDT', fromMs: FROM, toMs: TO, funding: false });
    expect([r.rangesFetched, r.candles.rowsFetched, r.candles.rowsAdded, r.candles.pages]).toEqual([2, removed, removed, 2 + 1]);
    expect(bytes({ ...(await loadCandles(s, 'BTCUSDT', FROM, TO)) })).toEqual(bytes(await expectedCandles()));
  });

  test('10006 and 403 bursts mid-sync are survived: retries counted, waits as the headers / backoff say, same data', async () => {
    const e = await emulator({ gapsMs: [GAP], burst10006: 3, burst403: 2, burstAfter: 4 });
    const s = await emptyStore();
    const slept: number[] = [];
    const r = await syncSymbol(s, client(e, slept), { symbol: 'BTCUSDT', fromMs: FROM, toMs: TO });
    expect([r.retries, r.retryDetail.rateLimited, r.retryDetail.forbidden]).toEqual([5, 3, 2]);
    // 10006: reset stamp - server time = 30 ms; then 403 on attempts 4 and 5 of the same call: 500 * 2^3, 500 * 2^4.
    expect(slept).toEqual([30, 30, 30, 4000, 8000]);
    expect(e.faults.served).toEqual({ rateLimited: 3, forbidden: 2 });
    expect(bytes({ ...(await loadCandles(s, 'BTCUSDT', FROM, TO)) })).toEqual(bytes(await expectedCandles()));
  });

  test('a malformed served row fails the sync with one line naming endpoint, time and field, and writes nothing', async () => {
    const bad = Date.UTC(2024, 7, 12, 8, 15);
    const e = await emulator({ badRowMs: bad });
    const s = await emptyStore();
    const err = await syncSymbol(s, client(e), { symbol: 'BTCUSDT', fromMs: FROM, toMs: TO }).catch((x) => x);
    expect(err).toBeInstanceOf(VenueError);
    expect(err.code).toBe('VENUE_BAD_RESPONSE');
    expect(err.message).not.toContain('\n');
    expect(err.message).toMatch(
      /^GET \/v5\/market\/kline\?category=linear&symbol=BTCUSDT&interval=1&start=\d+&end=\d+&limit=1000: row \d+ \(2024-08-12T08:15:00\.000Z\): high [\d.]+ is below max\(open [\d.]+, close [\d.]+\)/,
    );
    for (const t of ['candles_1m', 'funding', 'import_log']) expect(await count(s, `SELECT count(*) AS n FROM ${t}`)).toBe(0);
  });
});

describe('data instruments --sync over the loopback emulator', () => {
  test('replaces the bundled defaults with what the emulator serves (risk-limit followed over 3 cursor pages)', async () => {
    const served = {
      symbol: 'BTCUSDT',
      tickSize: 0.5,
      qtyStep: 0.002,
      minQty: 0.004,
      minNotional: 10,
      maxLeverage: 50,
      fundingIntervalMin: 240,
      tiers: [
        { riskLimitUsdt: 1_000_000, maxLeverage: 50, mmr: 0.01, mmDeductionUsdt: 0 },
        { riskLimitUsdt: 1_500_000, maxLeverage: 40, mmr: 0.0125, mmDeductionUsdt: 2_500 },
        { riskLimitUsdt: 3_000_000, maxLeverage: 25, mmr: 0.02, mmDeductionUsdt: 13_750 },
        { riskLimitUsdt: 8_000_000, maxLeverage: 12.5, mmr: 0.04, mmDeductionUsdt: 73_750 },
        { riskLimitUsdt: 9_000_000, maxLeverage: 10, mmr: 0.05, mmDeductionUsdt: 153_750 },
      ],
      source: 'test',
    };
    const before = await getInstrument(source, 'BTCUSDT');
    await upsertInstrument(source, served);
    try {
      const e = await emulator({}, 2);
      const s = await emptyStore();
      expect((await getInstrument(s, 'BTCUSDT')).tickSize).toBe(0.1);
      const [got] = await syncInstruments(s, client(e), ['BTCUSDT']);
      expect(got?.source).toBe(`bybit:${e.url} instruments-info + risk-limit (3 pages)`);
      const stored = await getInstrument(s, 'BTCUSDT');
      expect({ ...stored, source: 'test' }).toEqual(served);
      expect(e.requests.get('/v5/market/risk-limit')).toBe(3);
    } finally {
      await upsertInstrument(source, before);
    }
  });

  test('a tier with MMR outside (0, 1) is refused naming the tier, and nothing is replaced', async () => {
    const before = await getInstrument(source, 'ETHUSDT');
    const broken = { ...before, tiers: before.tiers.map((t, i) => (i === 2 ? { ...t, mmr: 1.5 } : t)) };
    await upsertInstrument(source, broken);
    try {
      const e = await emulator();
      const s = await emptyStore();
      const err = await syncInstruments(s, client(e), ['BTCUSDT', 'ETHUSDT']).catch((x) => x);
      expect(err.code).toBe('VENUE_BAD_RESPONSE');
      expect(err.message).toBe(
        'GET /v5/market/risk-limit?category=linear&symbol=ETHUSDT: ETHUSDT: tier id 3: maintenanceMargin 1.5 must be a decimal fraction in (0, 1)',
      );
      expect(await count(s, 'SELECT count(*) AS n FROM instruments')).toBe(0);
    } finally {
      await upsertInstrument(source, before);
    }
  });
});
