// A run's play.yml (src/backtest/play-yaml.ts, written by Bun's YAML writer) reads back through
// the `yaml` package as the normalized Play, keys in canonical order, for every Play in plays/,
// plays/validation/ and the bench Plays; and a backtest writes exactly that text.
import { expect, test } from 'bun:test';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runBacktest } from '../../../src/backtest';
import { playYaml } from '../../../src/backtest/play-yaml';
import { importSample, openStoreMarket, Store } from '../../../src/data';
import { canonicalJson } from '../../../src/domain';
import { defaultCatalog } from '../../../src/tools/play-catalog';
import { loadPlay } from '../../../src/tools/play-validate';

const ROOT = join(import.meta.dir, '../../..');

test('play.yml reads back as the normalized Play, for every Play in the repository', () => {
  let n = 0;
  for (const dir of ['plays', 'plays/validation', 'scripts/bench/plays']) {
    for (const f of readdirSync(join(ROOT, dir)).filter((x) => x.endsWith('.yml'))) {
      const play = loadPlay(join(ROOT, dir, f), defaultCatalog()).play;
      const text = playYaml(play);
      expect({ f, back: canonicalJson(parse(text)) }).toEqual({ f, back: canonicalJson(play) });
      // Keys in canonical (sorted) order at the top level.
      const keys = Object.keys(parse(text) as object);
      expect(keys).toEqual([...keys].sort());
      n++;
    }
  }
  expect(n).toBeGreaterThan(12);
});

test('a backtest writes that text as play.yml', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trade-play-yaml-'));
  const store = await Store.open(join(dir, 'store.duckdb'));
  try {
    await importSample(store);
    const checked = loadPlay(join(ROOT, 'plays/ema-cross.yml'), defaultCatalog());
    const out = await runBacktest(await openStoreMarket(store, checked.play.symbol), checked, {
      intrabar: 'path',
      noFunding: false,
      outRoot: join(dir, 'bt'),
      packageVersion: 'test',
    });
    expect(readFileSync(join(out.dir, 'play.yml'), 'utf8')).toBe(playYaml(checked.play));
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
