// Issue 14 item 8 from the shipped binary: a shadow and a demo session of plays/ema-cross.yml
// (market entries, a percent stop and a 2R target attached as TP/SL) over the replayed
// 2024-08-05, all 1440 minutes, `dist/trade run` against a paused `dist/trade emulator` stepped a
// minute at a time. Each session's decisions and orders equal a backtest over its recorded window
// and warm start (same times, sides, quantities, TP/SL and orderLinkIds by sequence); the demo
// session's TP/SL closes its trades at the exchange; `dist/trade replay` finds both identical on
// both paths; nothing is sent twice and every fill is journaled once.
import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSession } from '../../src/state';
import { ROOT, sandbox } from '../e2e/cli-harness';
import { expectDecisionsAsBacktest, journalRecord, NO_VIOLATIONS, runScenario, violations } from './harness';

const PLAY = join(ROOT, 'plays/ema-cross.yml');
const FROM_MS = Date.UTC(2024, 7, 5);
const MINUTES = 1440;
const box = sandbox('trade-fault-day-');
const figures: string[] = [];
/** The demo day's journal, for the planted divergences. */
let demoJournal = '';

beforeAll(() => {
  expect(box.run('data', 'import', '--sample', '--db', join(box.dir, 'emu.duckdb')).code).toBe(0);
}, 60_000);
afterAll(() => {
  console.log(figures.join('\n'));
  box.cleanup();
});

type DayDecision = { tsMs: number; commands: { kind: string; order?: Record<string, unknown> }[] };

const ordersOf = (ds: { tsMs: number; commands: { kind: string; order?: Record<string, unknown> }[] }[]): Record<string, unknown>[] =>
  ds.flatMap((d) => d.commands.filter((c) => c.kind === 'submit').map((c) => ({ tsMs: d.tsMs, ...c.order })));

for (const mode of ['shadow', 'demo'] as const) {
  test(`${mode}: a replayed day from dist/trade equals its backtest, order by order, and replays identical`, async () => {
    const r = await runScenario({
      mode,
      dir: box.dir,
      name: `day-${mode}`,
      emuDb: join(box.dir, 'emu.duckdb'),
      play: PLAY,
      playId: 'ema-cross',
      fromMs: FROM_MS,
      minutes: MINUTES,
      faults: [],
      env: box.env,
    });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const rec = journalRecord<DayDecision>(r.journalPath);
    const bt = (await expectDecisionsAsBacktest(
      PLAY,
      r,
      FROM_MS,
      FROM_MS + MINUTES * 60_000,
      join(box.dir, `bt-${mode}`),
    )) as DayDecision[];
    const live = ordersOf(rec.decisions);
    const back = ordersOf(bt);
    expect(live.length).toBeGreaterThan(1);
    expect(live).toEqual(back);
    // Every order carries its TP/SL; in demo the exchange closes trades through them.
    for (const o of live) if (o.reduceOnly !== true) expect([typeof o.takeProfit, typeof o.stopLoss]).toEqual(['number', 'number']);
    const exits = rec.fills.filter((f) => f.source === 'take_profit' || f.source === 'stop_loss').length;
    if (mode === 'demo') {
      expect(exits).toBeGreaterThan(0);
      const summary = readSession(r.journalPath);
      const v = violations(r.journalPath, r.admin, 10_000, summary.pnlUsdt, summary.position);
      expect({ ...v, walletDiffUsdt: v.walletDiffUsdt <= 1e-8 ? 0 : v.walletDiffUsdt }).toEqual(NO_VIOLATIONS);
    }
    const rep = box.run('replay', r.journalPath, '--json');
    const j = JSON.parse(rep.out);
    expect({ code: rep.code, identical: j.identical, recorded: j.recorded.identical }).toEqual({
      code: 0,
      identical: true,
      recorded: true,
    });
    if (mode === 'demo') demoJournal = r.journalPath;
    figures.push(
      `day ${mode}: ${rec.decisions.length} of ${bt.length} decisions and ${live.length} of ${back.length} orders equal the backtest; ${rec.fills.length} fills (${exits} by TP/SL); replay identical on both paths`,
    );
  }, 600_000);
}

describe('dist/trade replay catches divergences planted in the demo day, each at its bar', () => {
  /** A copy of the demo journal changed by `sql`, replayed by the binary. */
  function planted(name: string, sql: string) {
    const path = join(box.dir, `planted-${name}.sqlite`);
    copyFileSync(demoJournal, path);
    const db = new Database(path);
    db.exec(sql);
    db.close();
    const r = box.run('replay', path, '--json');
    return { code: r.code, out: r.out, report: JSON.parse(r.out) as Report };
  }
  type Div = { what: string; index: number; bar?: { tsMs: number }; fields: string[] };
  type Report = { identical: boolean; divergence?: Div; recorded: { identical: boolean; divergence?: Div } };
  const one = <T>(sql: string) => {
    const db = new Database(demoJournal, { readonly: true });
    try {
      return db.query<T, []>(sql).get() as T;
    } finally {
      db.close();
    }
  };
  const fill = (offset: number) => {
    const row = one<{ id: number; json: string }>(`SELECT id, json FROM events WHERE kind = 'fill' ORDER BY id LIMIT 1 OFFSET ${offset}`);
    return { id: row.id, bar: (JSON.parse(row.json) as { bar: number }).bar };
  };

  test('an altered close: the first decision after it, naming that bar; exit 1', () => {
    // The 09:59 bar closes the 09:45 exec bar: its close is the decision's input.
    const barMs = FROM_MS + 10 * 3_600_000 - 60_000;
    const r = planted('close', `UPDATE bars SET close = low WHERE close != low AND ts_ms = ${barMs}`);
    expect(r.code).toBe(1);
    expect([r.report.divergence?.what, r.report.divergence?.bar?.tsMs]).toEqual(['decision', barMs]);
    expect(r.report.divergence?.fields).toContain('inputs');
  });

  test('a fill at another price: that fill, its price', () => {
    const f = fill(1);
    const r = planted(
      'price',
      `UPDATE events SET json = json_set(json, '$.price', json_extract(json, '$.price') + 0.5) WHERE id = ${f.id}`,
    );
    expect(r.code).toBe(1);
    expect([r.report.divergence?.what, r.report.divergence?.index, r.report.divergence?.fields, r.report.divergence?.bar?.tsMs]).toEqual([
      'fill',
      1,
      ['price'],
      f.bar,
    ]);
  });

  test('a missed fill: the fills part at that fill, at its bar; the recorded path then decides otherwise', () => {
    const f = fill(2);
    const r = planted('missed', `DELETE FROM events WHERE id = ${f.id}`);
    expect(r.code).toBe(1);
    expect([r.report.divergence?.index, r.report.divergence?.bar?.tsMs]).toEqual([2, f.bar]);
    expect(['fill', 'count'].includes(String(r.report.divergence?.what))).toBe(true);
    expect(r.report.recorded.identical).toBe(false);
  });

  test('a bar that arrived with one two minutes newer, decided on as fresh: that bar', () => {
    const bars = (() => {
      const db = new Database(demoJournal, { readonly: true });
      try {
        return db
          .query<{ ts: number; recv: number }, []>('SELECT ts_ms AS ts, recv_ms AS recv FROM bars WHERE warm = 0 ORDER BY ts_ms')
          .all();
      } finally {
        db.close();
      }
    })();
    const k = 300;
    const r = planted('late', `UPDATE bars SET recv_ms = ${bars[k + 2]!.recv} WHERE ts_ms = ${bars[k]!.ts}`);
    expect(r.code).toBe(1);
    expect([r.report.divergence?.what, r.report.divergence?.bar?.tsMs, r.report.divergence?.fields]).toEqual([
      'bar',
      bars[k]!.ts,
      ['recvMs'],
    ]);
  });

  test('a position the venue reported otherwise: that bar', () => {
    const row = one<{ id: number; json: string }>(
      "SELECT id, json FROM events WHERE kind = 'account' AND json_extract(json, '$.position.side') != 'flat' ORDER BY id LIMIT 1",
    );
    const bar = (JSON.parse(row.json) as { bar: number }).bar;
    const r = planted(
      'position',
      `UPDATE events SET json = json_set(json, '$.position.qty', json_extract(json, '$.position.qty') * 2) WHERE id = ${row.id}`,
    );
    expect(r.code).toBe(1);
    expect([r.report.divergence?.what, r.report.divergence?.bar?.tsMs, r.report.divergence?.fields]).toEqual(['position', bar, ['qty']]);
  });
});
