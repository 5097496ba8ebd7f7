// The example Plays in plays/: each valid, distinct and on BTCUSDT. Against the fake catalog (all
// 44 indicators and 7 structures) every one must pass with no warnings; against the real core
// registry, every Play whose indicators and structures it already holds must pass too (the rest
// are listed; after the indicator and structure branches merge, all of them are checked here).
import { describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { checkPlaySource, playRequirements } from '../../../src/dsl';
import { formatIssue, isRecord } from '../../../src/play';
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

  test('every Play whose features the real registry already holds is valid against it', () => {
    const real = defaultCatalog();
    const have = new Set([...real.indicators.map((e) => `indicator:${e.name}`), ...real.structures.map((e) => `structure:${e.name}`)]);
    const checked: string[] = [];
    for (const f of files) {
      const text = readFileSync(`${DIR}/${f}`, 'utf8');
      const features = (parse(text) as { features?: unknown }).features;
      const needs = Object.values(isRecord(features) ? features : {}).map((d) => {
        const decl = d as { indicator?: string; structure?: string };
        return decl.indicator !== undefined ? `indicator:${decl.indicator}` : `structure:${decl.structure}`;
      });
      if (!needs.every((n) => have.has(n))) continue;
      const r = checkPlaySource(text, `${DIR}/${f}`, real);
      expect(r.issues.map(formatIssue)).toEqual([]);
      checked.push(f);
    }
    expect(checked).toContain('ema-cross.yml');
    expect(checked).toContain('htf-trend-filter.yml');
  });
});
