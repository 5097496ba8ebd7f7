// The play validate tool: directory expansion, duplicate ids across files, usage errors, loadPlay.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlayError, TradeError } from '../../../src/errors';
import { formatIssue } from '../../../src/play';
import { loadPlay, validatePlays } from '../../../src/tools';
import { FAKE_CATALOG } from './fake-catalog';

const GOOD = (id: string) =>
  `id: ${id}\nsymbol: BTCUSDT\ntimeframes: { exec: 1h }\nactions:\n  e:\n    - { when: close > open, emit: enter_long }\nrisk:\n  sizing: { equity_pct: 10 }\n`;
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plays-'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'a.yml'), GOOD('one'));
  writeFileSync(join(dir, 'b.yaml'), GOOD('two'));
  writeFileSync(join(dir, 'c.yml'), GOOD('one'));
  writeFileSync(join(dir, 'notes.txt'), 'not a play');
  writeFileSync(join(dir, 'sub', 'd.yml'), GOOD('three'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('validatePlays', () => {
  test('a directory means its .yml/.yaml files, sorted, not recursive; duplicate ids are errors', () => {
    const r = validatePlays([dir], FAKE_CATALOG);
    expect(r.files.map((f) => [f.file.slice(dir.length + 1), f.ok, f.id])).toEqual([
      ['a.yml', true, 'one'],
      ['b.yaml', true, 'two'],
      ['c.yml', false, 'one'],
    ]);
    expect(r.errors).toBe(1);
    expect(r.issues.map(formatIssue)).toEqual([`✖ ${dir}/c.yml:1:5 id 'one' is already the id of ${dir}/a.yml`]);
    expect(r.files[0]?.playHash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('missing paths and empty directories are usage errors', () => {
    expect(() => validatePlays([join(dir, 'nope.yml')], FAKE_CATALOG)).toThrow(TradeError);
    expect(() => validatePlays([], FAKE_CATALOG)).toThrow('give at least one Play file or directory');
    mkdirSync(join(dir, 'empty'));
    expect(() => validatePlays([join(dir, 'empty')], FAKE_CATALOG)).toThrow('no .yml or .yaml files in this directory');
  });
});

describe('loadPlay', () => {
  test('returns the checked Play or throws a PlayError listing every error', () => {
    expect(loadPlay(join(dir, 'a.yml'), FAKE_CATALOG).play.id).toBe('one');
    writeFileSync(join(dir, 'bad.yml'), GOOD('bad').replace('close > open', 'clse > opn'));
    let err: unknown;
    try {
      loadPlay(join(dir, 'bad.yml'), FAKE_CATALOG);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PlayError);
    const lines = (err as PlayError).message.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toStartWith(`${dir}/bad.yml:6:15 actions.e[0].when unknown name 'clse'`);
    expect(lines[1]).toStartWith(`✖ ${dir}/bad.yml:6:22 actions.e[0].when unknown name 'opn'`);
  });
});
