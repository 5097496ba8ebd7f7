// `trade run` speed (issue 14): (1) latency from a closed 1m candle arriving on the public socket to
// the decision's orders handed to the venue, p50/p99 over a replayed day (1440 decisions) of a
// `dist/trade run --mode demo` process against an emulator stepped a minute at a time (the
// private-socket barrier included), as the session reports it in its stop line; (2) memory of a `dist/trade run --mode shadow` process over a replayed week of the
// emulator at full speed: RSS after the warm-up and at the end (read from /proc/<pid>/status).
import { Database } from 'bun:sqlite';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importSample, Store } from '../../src/data';
import { startEmulator } from '../../src/emulator';

const ROOT = resolve(import.meta.dir, '../..');
const DAY = Date.UTC(2024, 7, 5);
const KEY = 'bench-key-0001';
const SECRET = 'bench-secret-0001';

export interface LiveFigure {
  name: string;
  value: number;
  unit: string;
}

/** Calls `onLine` with each JSON line the process prints on stdout, until it exits. */
async function jsonLines(
  p: { stdout: ReadableStream<Uint8Array> },
  onLine: (type: string, line: string) => void | Promise<void>,
): Promise<void> {
  const reader = p.stdout.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    const lines = text.split('\n');
    text = lines.pop() ?? '';
    for (const line of lines) await onLine(/"type":"(\w+)"/.exec(line)?.[1] ?? '', line);
  }
}

/**
 * Waits until the session's journal says the bar opening at `barMs` is settled (its commands sent
 * and answered), polling every millisecond for at most 30 s.
 */
async function settled(journal: Database, barMs: number): Promise<void> {
  const q = journal.query<{ value: string }, []>("SELECT value FROM meta WHERE key = 'settled'");
  for (let i = 0; i < 30_000; i++) {
    const row = q.get();
    if (row && (JSON.parse(row.value) as { barMs: number }).barMs >= barMs) return;
    await Bun.sleep(1);
  }
  throw new Error(`bench/live: the bar at ${new Date(barMs).toISOString()} was not settled within 30 s`);
}

async function latencyDay(dir: string, store: Store): Promise<LiveFigure[]> {
  const minutes = 1440;
  const emu = await startEmulator({
    store,
    accounts: [{ key: KEY, secret: SECRET, balanceUsdt: 10_000 }],
    replay: { symbol: 'BTCUSDT', fromMs: DAY, toMs: DAY + minutes * 60_000, speed: 0, decisionMs: 0 },
    rateLimitScale: 100,
  });
  try {
    // The shipped binary, a demo session deciding at every 1m close; the replay steps a minute
    // once the session printed the previous minute's bar line (so each candle meets an idle session).
    const p = Bun.spawn(
      [
        join(ROOT, 'dist/trade'),
        'run',
        join(import.meta.dir, 'plays/every-minute.yml'),
        ...['--mode', 'demo', '--endpoint', emu.url, '--state', join(dir, 'state'), '--json'],
        ...['--until', new Date(DAY + minutes * 60_000).toISOString()],
      ],
      {
        stdout: 'pipe',
        stderr: 'inherit',
        env: { ...process.env, TRADE_DB: join(dir, 'run.duckdb'), BYBIT_DEMO_API_KEY: KEY, BYBIT_DEMO_API_SECRET: SECRET },
      },
    );
    let stop: { latency: { n: number; p50Ms: number | null; p99Ms: number | null; maxMs: number | null }; orders: number } | undefined;
    let journal: Database | undefined;
    await jsonLines(p, async (type, line) => {
      if (type === 'start') {
        journal = new Database(JSON.parse(line).journal, { readonly: true });
        emu.replay?.step(1);
      } else if (type === 'bar' && journal) {
        const closeMs = Date.parse(JSON.parse(line).ts);
        if (closeMs >= DAY + minutes * 60_000) return;
        await settled(journal, closeMs - 60_000);
        emu.replay?.step(1);
      } else if (type === 'stop') stop = JSON.parse(line);
    });
    journal?.close();
    if ((await p.exited) !== 0 || stop === undefined)
      throw new Error(`bench/live: dist/trade run exited ${p.exitCode} without its stop line`);
    const ms = (x: number | null) => x ?? Number.NaN;
    return [
      { name: 'run: decisions measured', value: stop.latency.n, unit: '' },
      { name: 'run: candle → orders p50', value: ms(stop.latency.p50Ms), unit: 'ms' },
      { name: 'run: candle → orders p99', value: ms(stop.latency.p99Ms), unit: 'ms' },
      { name: 'run: candle → orders max', value: ms(stop.latency.maxMs), unit: 'ms' },
      { name: 'run: orders sent', value: stop.orders, unit: '' },
    ];
  } finally {
    await emu.stop();
  }
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

async function memoryWeek(dir: string, store: Store): Promise<LiveFigure[]> {
  const minutes = 7 * 1440;
  const emu = await startEmulator({
    store,
    replay: { symbol: 'BTCUSDT', fromMs: DAY, toMs: DAY + minutes * 60_000, speed: Number.POSITIVE_INFINITY, decisionMs: 8 },
  });
  const bin = join(ROOT, 'dist/trade');
  const p = Bun.spawn(
    [
      bin,
      'run',
      join(ROOT, 'plays/ema-cross.yml'),
      '--mode',
      'shadow',
      '--endpoint',
      emu.url,
      '--state',
      join(dir, 'state-week'),
      '--bars',
      String(minutes - 60),
      '--json',
    ],
    { stdout: 'pipe', stderr: 'inherit', env: { ...process.env, TRADE_DB: join(dir, 'week.duckdb') } },
  );
  let afterWarmMb = Number.NaN;
  const dailyMb: number[] = [];
  let peakMb = 0;
  let bars = 0;
  await jsonLines(p, (type) => {
    if (type !== 'start' && type !== 'bar') return;
    const mb = rssMb(p.pid);
    if (type === 'start') afterWarmMb = mb;
    else bars++;
    peakMb = Math.max(peakMb, mb);
    // End of each replayed day (96 exec bars of 15m).
    if (type === 'bar' && bars % 96 === 0) dailyMb.push(mb);
  });
  await p.exited;
  await emu.stop();
  // The journal's size per replayed day (the WAL is checkpointed into it when the session closes).
  const stateDir = join(dir, 'state-week', 'ema-cross');
  const journalBytes = readdirSync(stateDir)
    .filter((f) => f.endsWith('.sqlite'))
    .reduce((n, f) => n + statSync(join(stateDir, f)).size, 0);
  const day1 = dailyMb[0] ?? Number.NaN;
  const last = dailyMb.at(-1) ?? Number.NaN;
  return [
    { name: 'run: RSS after warm-up', value: afterWarmMb, unit: 'MB' },
    { name: 'run: RSS at the end of day 1', value: day1, unit: 'MB' },
    { name: `run: RSS at the end of day ${dailyMb.length}`, value: last, unit: 'MB' },
    { name: 'run: RSS peak over the week', value: peakMb, unit: 'MB' },
    { name: 'run: growth, day 1 → last day', value: ((last - day1) * 100) / day1, unit: '%' },
    { name: 'run: growth, warm-up → peak', value: ((peakMb - afterWarmMb) * 100) / afterWarmMb, unit: '%' },
    { name: 'run: exec bars in the week', value: bars, unit: '' },
    { name: 'run: journal growth per day', value: journalBytes / 1024 / (minutes / 1440), unit: 'KiB' },
  ];
}

export async function benchLive(dayOnly = false): Promise<LiveFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'trade-bench-live-'));
  const store = await Store.open(join(dir, 'emu.duckdb'));
  try {
    await importSample(store);
    const day = await latencyDay(dir, store);
    return dayOnly ? day : [...day, ...(await memoryWeek(dir, store))];
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// `--day`: the latency part only.
if (import.meta.main)
  for (const f of await benchLive(process.argv.includes('--day'))) console.log(`${f.name.padEnd(34)} ${f.value.toFixed(2)} ${f.unit}`);
