// `trade run --mode shadow|demo` against the loopback emulator, through bybit-api (issue 14): a
// replayed 2024 day streams klines and tickers; the session syncs its warm-up from the emulator's
// REST, warms IncrementalFeatures, trades through SimVenue (shadow) or BybitVenue on the emulator's
// account (demo: signed REST orders, private WS fills) and journals everything. A backtest over the
// session's recorded window and warm start, on the bars the session stored, must make the same
// decisions (every input, action and command, order ids equal by sequence). The replay is stepped
// a minute at a time, each once the session has handled the previous one (lockstep, no backlog).
import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSample, Store } from '../../src/data';
import { replay } from '../../src/tools';
import { tempDir } from '../unit/data/helpers';
import { backtestOfSession, lockstepSession } from './lockstep';

const ROOT = join(import.meta.dir, '../..');
const playPath = (play: string) => (play.endsWith('-noslip') ? join(import.meta.dir, `${play}.yml`) : join(ROOT, 'plays', `${play}.yml`));
const DAY = Date.UTC(2024, 7, 5);
const tmp = tempDir();
let emuStore: Store;
/** The demo ema-cross session's journal, for the planted divergences. */
let demoJournal = '';

beforeAll(async () => {
  emuStore = await Store.open(join(tmp.dir, 'emu.duckdb'));
  await importSample(emuStore);
});
afterAll(async () => {
  emuStore.close();
  tmp.cleanup();
});

async function session(play: string, minutes: number, mode: 'shadow' | 'demo' = 'shadow') {
  return lockstepSession({ store: emuStore, dir: tmp.dir, playPath: playPath(play), mode, fromMs: DAY, minutes, name: `${play}-${mode}` });
}

for (const [play, mode] of [
  ['ema-cross', 'shadow'],
  ['vwap-reversion-5m', 'shadow'],
  ['ema-cross', 'demo'],
  ['vwap-reversion-5m-noslip', 'demo'],
] as const) {
  test(`${play}: a ${mode} session over a replayed day decides exactly as a backtest of its window`, async () => {
    const s = await session(play, 1440, mode);
    expect(s.summary.reason).toContain('until');
    expect(s.summary.skipped).toEqual([]);
    const endMs = DAY + 1440 * 60_000;
    expect(s.summary.startMs).toBe(DAY);
    expect(s.summary.bars).toBe(1440);
    const j = new Database(s.journalPath, { readonly: true });
    const meta = JSON.parse(j.query<{ value: string }, []>("SELECT value FROM meta WHERE key = 'session'").get()!.value);
    const live = j
      .query<{ json: string }, []>('SELECT json FROM decisions ORDER BY seq')
      .all()
      .map((r) => JSON.parse(r.json));
    const liveBars = j.query<{ n: number }, []>('SELECT count(*) AS n FROM bars WHERE warm = 0').get()!.n;
    j.close();
    expect(liveBars).toBe(s.summary.bars);

    const bt = await backtestOfSession(playPath(play), s.dbPath, s.summary.startMs, endMs, meta.runId, join(tmp.dir, 'bt'));
    expect(live.length).toBe(bt.length);
    expect(live.length).toBeGreaterThan(90);
    for (let i = 0; i < bt.length; i++) if (!Bun.deepEquals(live[i], bt[i])) expect({ i, d: live[i] }).toEqual({ i, d: bt[i] });
    // One line per closed exec bar, with the state.
    const execMinutes = play.startsWith('vwap') ? 5 : 15;
    const barLines = s.lines.filter((l) => l.type === 'bar');
    expect(barLines.length).toBe(1440 / execMinutes);
    expect(barLines.every((l) => l.type === 'bar' && l.state === 'ACTIVE')).toBe(true);
    const orders = s.lines.filter((l) => l.type === 'order');
    expect(orders.length).toBe(bt.reduce((n: number, d: { commands: unknown[] }) => n + d.commands.length, 0));
    // The secret and the key appear nowhere: not in what was printed, not in the journal.
    const journalBytes = await Bun.file(s.journalPath).text();
    for (const secret of ['demo-secret-98765', 'demo-key-1234']) {
      expect(JSON.stringify(s.lines)).not.toContain(secret);
      expect(journalBytes).not.toContain(secret);
    }
    // TP/SL attached to the entries and triggered on the venue (ema-cross's 2R target and stop).
    if (play === 'ema-cross')
      expect(s.lines.some((l) => l.type === 'fill' && (l.source === 'take_profit' || l.source === 'stop_loss'))).toBe(true);
    // trade replay: the recorded session through the backtest path, decision by decision and fill by fill.
    const r = replay({ ref: s.journalPath });
    expect({ identical: r.identical, divergence: r.divergence }).toEqual({ identical: true, divergence: undefined });
    expect(r.recorded).toEqual({ checked: true, identical: true, divergence: undefined });
    expect(r.decisions).toBe(live.length);
    expect(r.fills).toBe(s.lines.filter((l) => l.type === 'fill').length);
    if (mode === 'demo' && play === 'ema-cross') demoJournal = s.journalPath;
    if (play.startsWith('vwap')) expect(s.lines.filter((l) => l.type === 'fill').length).toBeGreaterThan(1);
  }, 120_000);
}

describe('trade replay catches planted divergences at the exact bar', () => {
  /** A copy of the demo journal changed by `sql`, replayed. */
  function planted(name: string, sql: string) {
    const path = join(tmp.dir, `planted-${name}.sqlite`);
    copyFileSync(demoJournal, path);
    const db = new Database(path);
    db.exec(sql);
    db.close();
    return replay({ ref: path });
  }
  const EXEC_CLOSE = DAY + 10 * 3_600_000; // 10:00, the close of the 09:45 exec bar

  test('a bar whose close was altered: the first decision after it diverges, naming that bar', () => {
    const r = planted('close', `UPDATE bars SET close = low WHERE close != low AND ts_ms = ${EXEC_CLOSE - 60_000}`);
    expect(r.identical).toBe(false);
    expect(r.divergence?.what).toBe('decision');
    expect(r.divergence?.bar?.tsMs).toBe(EXEC_CLOSE - 60_000);
    expect((r.divergence?.session as { tsMs: number }).tsMs).toBe(EXEC_CLOSE);
    expect(r.divergence?.fields).toContain('inputs');
  });

  test('a fill at another price: that fill, its price', () => {
    const r = planted(
      'price',
      "UPDATE events SET json = json_set(json, '$.price', json_extract(json, '$.price') + 0.5) WHERE id = (SELECT id FROM events WHERE kind = 'fill' ORDER BY id LIMIT 1 OFFSET 1)",
    );
    expect([r.divergence?.what, r.divergence?.index, r.divergence?.fields]).toEqual(['fill', 1, ['price']]);
  });

  test('a missed fill: the fills shift at that fill; the recorded path (no fill seen) decides otherwise after it', () => {
    const db = new Database(demoJournal, { readonly: true });
    const third = JSON.parse(
      db.query<{ json: string }, []>("SELECT json FROM events WHERE kind = 'fill' ORDER BY id LIMIT 1 OFFSET 2").get()!.json,
    ) as { bar: number };
    db.close();
    const r = planted('missed', "DELETE FROM events WHERE id = (SELECT id FROM events WHERE kind = 'fill' ORDER BY id LIMIT 1 OFFSET 2)");
    expect(r.identical).toBe(false);
    expect(r.divergence?.what === 'fill' || r.divergence?.what === 'count').toBe(true);
    expect(r.divergence?.index).toBe(2);
    expect(r.divergence?.bar?.tsMs).toBe(third.bar);
    expect(r.recorded.identical).toBe(false);
    expect(r.recorded.divergence?.what).toBe('decision');
    expect(r.recorded.divergence!.bar!.tsMs).toBeGreaterThanOrEqual(third.bar);
  });

  test('a bar that arrived late (with a bar two minutes newer) that the session decided on as fresh: that bar', () => {
    const db = new Database(demoJournal, { readonly: true });
    const live = db
      .query<{ ts: number; recv: number }, []>('SELECT ts_ms AS ts, recv_ms AS recv FROM bars WHERE warm = 0 ORDER BY ts_ms')
      .all();
    db.close();
    const k = 300;
    const r = planted('late', `UPDATE bars SET recv_ms = ${live[k + 2]!.recv} WHERE ts_ms = ${live[k]!.ts}`);
    expect(r.identical).toBe(false);
    expect([r.divergence?.what, r.divergence?.bar?.tsMs, r.divergence?.fields]).toEqual(['bar', live[k]!.ts, ['recvMs']]);
    // Had the session judged it stale itself (entries stopped there), the replay would agree.
    const judged = planted(
      'late-judged',
      `UPDATE bars SET recv_ms = ${live[k + 2]!.recv} WHERE ts_ms = ${live[k]!.ts};
       INSERT INTO events (seq, ts_ms, kind, json) VALUES (0, ${live[k]!.ts}, 'bar_stale', '{"seq":0,"tsMs":${live[k]!.ts},"kind":"bar_stale","barMs":${live[k]!.ts},"reason":"stale_late_bar"}')`,
    );
    expect(judged.divergence).toBeUndefined();
    expect(judged.staleBars).toEqual([{ tsMs: live[k]!.ts, reason: 'stale_late_bar' }]);
  });

  test('the position after every bar: a position the venue reported otherwise is reported at that bar', () => {
    const db = new Database(demoJournal, { readonly: true });
    const rows = db.query<{ id: number; json: string }, []>("SELECT id, json FROM events WHERE kind = 'account' ORDER BY id").all();
    db.close();
    // The first account read that saw a position open: the venue now says it was twice as big.
    const open = rows.find((r) => (JSON.parse(r.json) as { position: { side: string } }).position.side !== 'flat')!;
    const bar = (JSON.parse(open.json) as { bar: number }).bar;
    const r = planted(
      'position',
      `UPDATE events SET json = json_set(json, '$.position.qty', json_extract(json, '$.position.qty') * 2) WHERE id = ${open.id}`,
    );
    expect([r.divergence?.what, r.divergence?.bar?.tsMs, r.divergence?.fields]).toEqual(['position', bar, ['qty']]);
  });

  test('a fill drained a bar later than the backtest made it: that fill, its bar', () => {
    const db = new Database(demoJournal, { readonly: true });
    const first = db.query<{ id: number; json: string }, []>("SELECT id, json FROM events WHERE kind = 'fill' ORDER BY id LIMIT 1").get()!;
    db.close();
    const bar = (JSON.parse(first.json) as { bar: number }).bar;
    const r = planted('moved', `UPDATE events SET json = json_set(json, '$.bar', ${bar + 60_000}) WHERE id = ${first.id}`);
    expect([r.divergence?.what, r.divergence?.index, r.divergence?.bar?.tsMs]).toEqual(['fill', 0, bar]);
    expect(r.divergence?.fields).toEqual(['barMs']);
  });
});

test('the daily loss limit: a demo session passes it, goes REDUCING (entries skipped, exits go on), as its backtest and replay do', async () => {
  const path = join(import.meta.dir, 'ema-cross-daily-loss.yml');
  const from = Date.UTC(2024, 7, 3);
  const s = await lockstepSession({
    store: emuStore,
    dir: tmp.dir,
    playPath: path,
    mode: 'demo',
    fromMs: from,
    minutes: 1440,
    name: 'daily-loss',
  });
  expect(s.summary.skipped.map((x) => x.reason)).toEqual(['daily_loss_limit']);
  expect(s.lines.some((l) => l.type === 'event' && l.kind === 'kill_switch' && l.detail.includes('REDUCING'))).toBe(true);
  expect(s.lines.some((l) => l.type === 'bar' && l.state === 'REDUCING')).toBe(true);
  const j = new Database(s.journalPath, { readonly: true });
  const runId = JSON.parse(j.query<{ value: string }, []>("SELECT value FROM meta WHERE key = 'session'").get()!.value).runId;
  const live = j
    .query<{ json: string }, []>('SELECT json FROM decisions ORDER BY seq')
    .all()
    .map((r) => JSON.parse(r.json));
  j.close();
  const bt = await backtestOfSession(path, s.dbPath, s.summary.startMs, s.endMs, runId, join(tmp.dir, 'bt'));
  expect(live).toEqual(bt);
  expect(replay({ ref: s.journalPath }).divergence).toBeUndefined();
}, 120_000);
