// A run job's Play read from its JSON text (checkPlayData) is the Play its YAML gives
// (checkPlaySource): the same normalized Play, rules and play_hash, for every example Play; a
// value JSON cannot carry exactly is sent as YAML only.
import { expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPlaySource, defaultCatalog } from '../../../src/dsl';
import { loadYaml } from '../../../src/play';
import { jobPlay, playDataText } from '../../../src/research/job-play';

const PLAYS = join(import.meta.dir, '../../../plays');

test('every example Play: the JSON path gives the YAML path Play, rules and play_hash', () => {
  const files = readdirSync(PLAYS).filter((f) => f.endsWith('.yml'));
  expect(files.length).toBeGreaterThan(5);
  for (const f of files) {
    const yaml = readFileSync(join(PLAYS, f), 'utf8');
    const fromYaml = checkPlaySource(yaml, f, defaultCatalog());
    expect(fromYaml.checked).toBeDefined();
    const data = playDataText(loadYaml(yaml, f).value);
    expect(data).toBeDefined();
    const fromJson = jobPlay({ yaml: 'not: [read', data, file: f });
    expect(fromJson.checked!.hash).toBe(fromYaml.checked!.hash);
    expect(JSON.stringify(fromJson.checked!.play)).toBe(JSON.stringify(fromYaml.checked!.play));
    expect(JSON.stringify(fromJson.checked!.rules)).toBe(JSON.stringify(fromYaml.checked!.rules));
  }
});

test('without JSON text the YAML is read; a bad value is reported on the first line of the file', () => {
  const yaml = readFileSync(join(PLAYS, 'ema-cross.yml'), 'utf8');
  expect(jobPlay({ yaml, file: 'ema-cross.yml' }).checked).toBeDefined();
  const bad = jobPlay({ yaml, data: JSON.stringify({ id: 'x' }), file: 'v.yml' });
  expect(bad.checked).toBeUndefined();
  expect(bad.issues.length).toBeGreaterThan(0);
  expect(bad.issues.every((i) => i.file === 'v.yml' && i.line === 1)).toBe(true);
});

test('playDataText refuses what JSON would change: non-finite numbers, undefined', () => {
  expect(playDataText({ a: 1, b: [2, 'x'] })).toBe('{"a":1,"b":[2,"x"]}');
  expect(playDataText({ a: Number.POSITIVE_INFINITY })).toBeUndefined();
  expect(playDataText({ a: Number.NaN })).toBeUndefined();
  expect(playDataText({ a: undefined })).toBeUndefined();
});
