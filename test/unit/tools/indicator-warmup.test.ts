// `trade indicator` loads the feature's own warm-up before --from (issue 11 item 5): the values it
// prints from --from on are bit for bit the ones a backtest over that window reads (the decision
// inputs of a Play that reads the EMA at its own bar), and without the warm-up they would not be (the EMA would seed at --from).
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBacktest } from '../../../src/backtest';
import { importSample, openStoreMarket, Store } from '../../../src/data';
import { DecisionLog } from '../../../src/engine';
import { computeSeries, loadCandles, seriesOverWindow } from '../../../src/tools';
import { defaultCatalog } from '../../../src/tools/play-catalog';
import { loadPlay } from '../../../src/tools/play-validate';

const dir = mkdtempSync(join(tmpdir(), 'trade-ind-warm-'));
const db = join(dir, 'store.duckdb');
const FROM = Date.UTC(2024, 7, 6);
const TO = Date.UTC(2024, 7, 7);
const log = new DecisionLog();
beforeAll(async () => {
  const store = await Store.open(db);
  await importSample(store);
  // A rule that reads the EMA at its own bar (no offset, no cross): the feature starts exactly
  // first valid index + unstable period + 1 bar before the window, as `trade indicator` loads it.
  const play = join(dir, 'ema-above.yml');
  writeFileSync(
    play,
    [
      'id: ema-above',
      'symbol: BTCUSDT',
      'timeframes: { exec: 15m }',
      'features:',
      '  ema_fast: { indicator: ema, params: { length: 9 } }',
      'actions:',
      '  entries:',
      '    - when: close > ema_fast',
      '      emit: enter_long',
      '  exits:',
      '    - when: close < ema_fast',
      '      emit: exit',
      'risk:',
      '  sizing: { notional_usdt: 1000 }',
      '',
    ].join('\n'),
  );
  const checked = loadPlay(play, defaultCatalog());
  await runBacktest(await openStoreMarket(store, 'BTCUSDT'), checked, {
    intrabar: 'path',
    noFunding: false,
    outRoot: join(dir, 'bt'),
    packageVersion: 'test',
    fromMs: FROM,
    toMs: TO,
    decisions: log,
  });
  store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('trade indicator ema(9) from --from equals the backtest feature column, bit for bit', async () => {
  const req = { kind: 'indicator' as const, name: 'ema', params: { length: 9 } };
  const s = await seriesOverWindow(req, db, 'BTCUSDT', '15m', FROM, TO);
  expect(s.tsMs[0]).toBe(FROM);
  expect(s.tsMs.length).toBe(96);
  expect(s.warmup).toBe(0);
  const byClose = new Map(log.decisions.map((d) => [d.tsMs, d.inputs['exec:ema_fast.value']]));
  for (let i = 0; i < s.tsMs.length; i++) expect(Object.is(s.columns[0]![i], byClose.get(s.tsMs[i]! + 900_000))).toBe(true);
  // Seeded at --from instead, the first values differ.
  const cold = computeSeries(req, await loadCandles(db, 'BTCUSDT', '15m', FROM, TO));
  expect(cold.columns[0]![20]).not.toBe(s.columns[0]![20]);
});
