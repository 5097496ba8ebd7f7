// The example Plays in plays/: each valid, distinct and on BTCUSDT, with no warnings, against both
// the fake catalog and the real core registries (44 indicators, 7 structures); and the fake
// catalog used by the schema tests still mirrors the real registries.
import { describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { checkPlaySource, playRequirements } from '../../../src/dsl';
import { type CatalogEntry, formatIssue } from '../../../src/play';
import { defaultCatalog } from '../../../src/tools';
import { FAKE_CATALOG } from './fake-catalog';

const DIR = 'plays';
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yml'))
  .sort();

describe('example Plays', () => {
  test('at least 8, distinct ids, all BTCUSDT', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
    const plays = files.map((f) => parse(readFileSync(`${DIR}/${f}`, 'utf8')) as Record<string, unknown>);
    expect(new Set(plays.map((p) => p.id)).size).toBe(files.length);
    for (const p of plays) expect(p.symbol).toBe('BTCUSDT');
  });

  for (const f of files) {
    test(`${f} is valid against the full (fake) registry, with no warnings`, () => {
      const r = checkPlaySource(readFileSync(`${DIR}/${f}`, 'utf8'), `${DIR}/${f}`, FAKE_CATALOG);
      expect(r.issues.map(formatIssue)).toEqual([]);
      expect(r.checked?.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(playRequirements(r.checked!).warmup1m).toBeGreaterThan(0);
    });
  }

  test('every example Play is valid against the real core registries, with no warnings', () => {
    const real = defaultCatalog();
    for (const f of files) {
      const r = checkPlaySource(readFileSync(`${DIR}/${f}`, 'utf8'), `${DIR}/${f}`, real);
      expect(r.issues.map(formatIssue)).toEqual([]);
    }
  });

  test('the fake catalog mirrors the real registries: names, params, outputs, inputs', () => {
    const real = defaultCatalog();
    const shape = (e: CatalogEntry) => JSON.stringify([e.name, e.params.map((p) => [p.name, p.kind]), e.outputs, e.inputs]);
    expect(FAKE_CATALOG.indicators.map(shape).sort()).toEqual(real.indicators.map(shape).sort());
    expect(FAKE_CATALOG.structures.map(shape).sort()).toEqual(real.structures.map(shape).sort());
  });
});
