// Real session journals for the state tests: `trade run`'s startRun against an in-process
// emulator replaying 2024-08-05 14:00–21:00 UTC from the bundled sample, paused and stepped a
// minute at a time once the session has handled the previous one (as the live-session
// integration test does), so every run journals the same decisions, orders and fills. ema-cross
// trades three times in that window: a long closed by its take-profit (14:30–14:43), a short
// stopped out (19:45–20:00) and a long still open at the end (from 20:30).
import { constants, Database } from 'bun:sqlite';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importSample, Store } from '../../../src/data';
import { startEmulator } from '../../../src/emulator';
import { startRun } from '../../../src/tools';

export const ROOT = join(import.meta.dir, '../../..');
export const WINDOW_FROM_MS = Date.UTC(2024, 7, 5, 14);
export const WINDOW_TO_MS = Date.UTC(2024, 7, 5, 21);
const KEY = 'state-key-1234';
const SECRET = 'state-secret-98765';

/** A store holding the bundled sample (the emulator's market). */
export async function sampleStore(dir: string): Promise<Store> {
  const store = await Store.open(join(dir, 'emu.duckdb'));
  await importSample(store);
  return store;
}

/** Runs ema-cross in `mode` over the window (or until `untilMs`); returns the journal path. */
export async function realSession(
  emuStore: Store,
  dir: string,
  mode: 'shadow' | 'demo',
  stateDir: string,
  untilMs = WINDOW_TO_MS,
): Promise<string> {
  const emu = await startEmulator({
    store: emuStore,
    accounts: [{ key: KEY, secret: SECRET, balanceUsdt: 10_000 }],
    replay: { symbol: 'BTCUSDT', fromMs: WINDOW_FROM_MS, toMs: WINDOW_TO_MS, speed: 0, decisionMs: 0 },
  });
  try {
    const handle = startRun({
      playPath: join(ROOT, 'plays/ema-cross.yml'),
      dbPath: join(dir, `run-${mode}-${untilMs}.duckdb`),
      mode,
      endpoint: emu.url,
      stateDir,
      until: new Date(untilMs).toISOString(),
      env: { BYBIT_DEMO_API_KEY: KEY, BYBIT_DEMO_API_SECRET: SECRET },
      nowMs: () => Date.now(),
      print: (l) => {
        if (l.type === 'start') emu.replay?.step(1);
      },
      onBarDone: (tsMs) => {
        if (tsMs + 60_000 < untilMs) setTimeout(() => emu.replay?.step(1), 0);
      },
    });
    await handle.done;
    return handle.journalPath;
  } finally {
    await emu.stop();
  }
}

export interface Journals {
  dir: string;
  stateDir: string;
  /** demo over the whole window: 3 orders, 5 fills, long 0.124 at the end. */
  demo: string;
  /** shadow until 14:45: the first long and its take-profit. */
  shadow: string;
}

let made: Promise<Journals> | undefined;

const DIR_PREFIX = 'trade-state-test-';

/**
 * Removes the folders of earlier test processes that are gone: bun test runs no exit hook, and the
 * journals are shared by every state test file of a process, so no file may remove them.
 */
function removeStaleDirs(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(name.slice(DIR_PREFIX.length).split('-')[0]);
    if (!name.startsWith(DIR_PREFIX) || !Number.isInteger(pid) || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}

/** The two real journals, made once per test process (in trade-state-test-<pid>-*). */
export function journals(): Promise<Journals> {
  made ??= (async () => {
    removeStaleDirs();
    const dir = mkdtempSync(join(tmpdir(), `${DIR_PREFIX}${process.pid}-`));
    const store = await sampleStore(dir);
    try {
      const stateDir = join(dir, 'state');
      const shadow = await realSession(store, dir, 'shadow', stateDir, Date.UTC(2024, 7, 5, 14, 45));
      // Session ids are stamped to the second: keep the two apart.
      await Bun.sleep(1100);
      const demo = await realSession(store, dir, 'demo', stateDir);
      return { dir, stateDir, demo, shadow };
    } finally {
      store.close();
    }
  })();
  return made;
}

/** Rows of a closed journal, read immutable (so the test's own reading leaves no -wal or -shm). */
export function rows<T>(path: string, sql: string): T[] {
  const db = new Database(`file:${encodeURI(path)}?immutable=1`, constants.SQLITE_OPEN_READONLY | constants.SQLITE_OPEN_URI);
  try {
    return db.query<T, []>(sql).all();
  } finally {
    db.close();
  }
}
