// Each feature from its own warm start (issue 11 item 5): adding a feature that cannot change a
// decision (a long EMA with a never-true exit) changes no other feature's values, no decision and
// no trade. Before, every feature started at the longest warm-up, so the short EMAs got other
// seeds and other low bits (and on 2024-03..06, another net PnL: -1659.57 vs -1608.60 USDT).
import { expect, test } from 'bun:test';
import { join } from 'node:path';
import { runBacktest } from '../../../src/backtest';
import { openStoreMarket } from '../../../src/data';
import { DecisionLog } from '../../../src/engine';
import { defaultCatalog } from '../../../src/tools/play-catalog';
import { loadPlay } from '../../../src/tools/play-validate';
import { sampleStore } from '../../sample-store';

const sample = sampleStore('trade-warm-');
const dir = sample.dir;

async function run(path: string) {
  const checked = loadPlay(path, defaultCatalog());
  const log = new DecisionLog();
  const r = await runBacktest(await openStoreMarket(sample.store(), 'BTCUSDT'), checked, {
    intrabar: 'path',
    noFunding: false,
    outRoot: join(dir, 'bt'),
    packageVersion: 'test',
    fromMs: Date.UTC(2024, 7, 6),
    toMs: Date.UTC(2024, 8, 1),
    decisions: log,
  });
  return { r, decisions: log.decisions };
}

test('a long, unused EMA changes no other feature value, no decision and no trade', async () => {
  const plain = await run(join(import.meta.dir, '../../../plays/ema-cross.yml'));
  const big = await run(join(import.meta.dir, 'plays/ema-cross-big.yml'));
  expect(big.decisions.length).toBe(plain.decisions.length);
  expect(plain.decisions.length).toBe(26 * 96);
  for (let i = 0; i < plain.decisions.length; i++) {
    const a = plain.decisions[i]!;
    const b = big.decisions[i]!;
    for (const k of ['exec:ema_fast.value', 'exec:ema_slow.value']) expect(Object.is(b.inputs[k], a.inputs[k])).toBe(true);
    expect([b.action, b.commands]).toEqual([a.action, a.commands]);
  }
  expect(big.r.manifest.trades_hash).toBe(plain.r.manifest.trades_hash);
  expect(big.r.manifest.equity_hash).toBe(plain.r.manifest.equity_hash);
});
