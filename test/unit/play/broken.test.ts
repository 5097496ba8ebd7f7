// The broken-Play corpus: every file in broken/ must yield exactly the one error line stored next
// to it in <name>.expected (file:line:col, path, value, expectation), against the fake catalog.
import { describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPlaySource } from '../../../src/dsl';
import { formatIssue } from '../../../src/play';
import { FAKE_CATALOG } from './fake-catalog';

const DIR = 'test/unit/play/broken';
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yml'))
  .sort();

function errorLines(label: string, text: string): string[] {
  return checkPlaySource(text, label, FAKE_CATALOG)
    .issues.filter((i) => i.severity === 'error')
    .map(formatIssue);
}

describe('broken Play corpus', () => {
  test('holds at least 30 Plays, each with an .expected file', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    for (const f of files) expect(readdirSync(DIR)).toContain(f.replace(/\.yml$/, '.expected'));
  });

  for (const f of files) {
    test(f, () => {
      const path = join(DIR, f);
      const expected = readFileSync(path.replace(/\.yml$/, '.expected'), 'utf8').trimEnd();
      expect(errorLines(path, readFileSync(path, 'utf8'))).toEqual([expected]);
    });
  }
});

describe('every error at once', () => {
  test('a Play with many independent errors reports each, sorted by position', () => {
    const text = [
      'id: multi', // 1
      'symbol: BTCUSDT', // 2
      'timeframes: { exec: 15m, htf: 4h }', // 3
      'features:', // 4
      '  fast: { indicator: emaa, params: { length: 9 } }', // 5
      '  slow: { indicator: ema, params: { length: 0 } }', // 6
      'actions:', // 7
      '  entries:', // 8
      '    - when: fast cross_above slw', // 9
      '      emit: enter_long', // 10
      '    - when: "htf.close > slow and rsi < 30"', // 11
      '      emit: exit_lng', // 12
      'risk:', // 13
      '  sizing: { risk_pct: 1 }', // 14
      '  leverage: 0', // 15
    ].join('\n');
    expect(errorLines('m.yml', text)).toEqual([
      "✖ m.yml:5:22 features.fast.indicator must be a known indicator (got 'emaa'; did you mean 'ema'?)",
      '✖ m.yml:6:45 features.slow.params.length must be ≥ 1 (got 0)',
      "✖ m.yml:9:30 actions.entries[0].when unknown name 'slw' (did you mean 'slow'? features: fast, slow; timeframes: exec, htf)",
      "✖ m.yml:11:35 actions.entries[1].when unknown name 'rsi' (features: fast, slow; timeframes: exec, htf)",
      "✖ m.yml:12:13 actions.entries[1].emit must be one of enter_long, enter_short, exit_long, exit_short, exit, reverse (got 'exit_lng'; did you mean 'exit_long'?)",
      '✖ m.yml:14:13 risk.sizing.risk_pct needs risk.stop_loss (risk is measured to the stop)',
      '✖ m.yml:15:13 risk.leverage must be ≥ 1 (got 0)',
    ]);
  });

  test('columns inside quoted, plain and block scalars point at the offending character', () => {
    const play = (when: string) =>
      `id: x\nsymbol: BTCUSDT\ntimeframes: { exec: 1h }\nactions:\n  a:\n    - emit: exit\n      when: ${when}\nrisk:\n  sizing: { equity_pct: 10 }\n`;
    expect(errorLines('p.yml', play('close > opn'))[0]).toStartWith('✖ p.yml:7:21 ');
    expect(errorLines('p.yml', play('"close > opn"'))[0]).toStartWith('✖ p.yml:7:22 ');
    // '' is one quote in the value: the column lands on the first of the pair.
    expect(errorLines('p.yml', play("'it''s > 1'"))[0]).toBe("✖ p.yml:7:16 actions.a[0].when unexpected character '''");
    expect(errorLines('p.yml', play("'close > 1 and x''y'"))[0]).toStartWith('✖ p.yml:7:29 ');
    expect(errorLines('p.yml', play('|\n        close > 1\n        and opn > 2'))[0]).toStartWith('✖ p.yml:9:13 ');
  });
});
