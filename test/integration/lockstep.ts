// A `trade run` session against an in-process emulator in lockstep: the replay is paused and
// stepped one minute at a time, each once the session has handled the previous one, so a test sees
// exactly the order of events a real minute-by-minute market gives (no backlog), at full speed.
// Also: the backtest of a session's recorded window on the bars it stored, for comparisons.
import { join } from 'node:path';
import { runBacktest } from '../../src/backtest';
import { openStoreMarket, Store } from '../../src/data';
import { startEmulator } from '../../src/emulator';
import { type Decision, DecisionLog } from '../../src/engine';
import { defaultCatalog, loadPlay, type SessionLine, startRun } from '../../src/tools';

export const KEY = 'demo-key-1234';
export const SECRET = 'demo-secret-98765';

export interface LockstepOptions {
  store: Store;
  dir: string;
  playPath: string;
  mode: 'shadow' | 'demo';
  fromMs: number;
  minutes: number;
  /** A name for the session's own store file (default from the Play file). */
  name?: string;
}

export async function lockstepSession(o: LockstepOptions) {
  const endMs = o.fromMs + o.minutes * 60_000;
  const emu = await startEmulator({
    store: o.store,
    accounts: [{ key: KEY, secret: SECRET, balanceUsdt: 10_000 }],
    replay: { symbol: 'BTCUSDT', fromMs: o.fromMs, toMs: endMs, speed: 0, decisionMs: 0 },
  });
  const lines: SessionLine[] = [];
  const name =
    o.name ??
    `${o.playPath
      .split('/')
      .pop()!
      .replace(/\.yml$/, '')}-${o.mode}`;
  const dbPath = join(o.dir, `${name}.duckdb`);
  try {
    const handle = startRun({
      playPath: o.playPath,
      dbPath,
      mode: o.mode,
      endpoint: emu.url,
      stateDir: join(o.dir, 'state'),
      until: new Date(endMs).toISOString(),
      env: { BYBIT_DEMO_API_KEY: KEY, BYBIT_DEMO_API_SECRET: SECRET },
      nowMs: () => Date.now(),
      print: (l) => {
        lines.push(l);
        if (l.type === 'start') emu.replay?.step(1);
      },
      onBarDone: (tsMs) => {
        if (tsMs + 60_000 < endMs) setTimeout(() => emu.replay?.step(1), 0);
      },
    });
    const summary = await handle.done;
    return { summary, lines, dbPath, journalPath: handle.journalPath, endMs };
  } finally {
    await emu.stop();
  }
}

/** The backtest decisions over [startMs, endMs) of the session's own store, as the journal stores them. */
export async function backtestOfSession(playPath: string, dbPath: string, startMs: number, endMs: number, runId: string, outRoot: string) {
  const checked = loadPlay(playPath, defaultCatalog());
  const store = await Store.open(dbPath);
  const log = new DecisionLog();
  try {
    await runBacktest(await openStoreMarket(store, 'BTCUSDT'), checked, {
      intrabar: 'path',
      noFunding: false,
      outRoot,
      packageVersion: 'test',
      fromMs: startMs,
      toMs: endMs,
      decisions: log,
      batchQuietBars: false,
    });
  } finally {
    store.close();
  }
  return JSON.parse(JSON.stringify(log.decisions).replaceAll('"bt-', `"${runId}-`)) as Decision[];
}
