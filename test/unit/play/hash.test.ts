// play_hash: SHA-256 of the canonical normalized Play. Reformatting must not change it; changing
// any value must.
import { describe, expect, test } from 'bun:test';
import { checkPlaySource } from '../../../src/dsl';
import { canonicalJson, formatIssue, sha256Hex } from '../../../src/play';
import { FAKE_CATALOG } from './fake-catalog';

const BASE = `# a comment
id: hash-base
symbol: BTCUSDT
timeframes:
  exec: 15m
  htf: 4h
features:
  ema_fast: { indicator: ema, params: { length: 9 } }
  ema_slow: { indicator: ema, params: { length: 21 } }
  trend: { indicator: ema, params: { length: 200 }, tf: htf }
  atr: { indicator: atr, params: { length: 14 } }
actions:
  entries:
    - when: ema_fast cross_above ema_slow and htf.close > trend
      emit: enter_long
      tag: golden
  exits:
    - when:
        all:
          - side == long
          - ema_fast < ema_slow * 1.0
      emit: exit_long
risk:
  stop_loss: { atr: atr, mult: 2.0 }
  take_profit: { rr: 2 }
  sizing: { risk_pct: 1 }
`;

function hashOf(text: string): string {
  const r = checkPlaySource(text, 'h.yml', FAKE_CATALOG);
  if (!r.checked) throw new Error(r.issues.map(formatIssue).join('\n'));
  return r.checked.hash;
}

const REFORMATTED = `id: "hash-base"   # quoted, trailing comment
risk:
  sizing:
    risk_pct: 1.0
  take_profit:
    rr: 2.00
  stop_loss:
    mult: 2
    atr: 'atr'
symbol: 'BTCUSDT'
actions:
  exits:
    - emit: exit_long
      when: "side==long and ema_fast<ema_slow*1"
  entries:
    - tag: golden
      emit: enter_long
      when:
        all:
          - ema_fast.value cross_above ema_slow.value
          - exec.htf_placeholder
features:
  atr:
    indicator: atr
    params:
      length: 14.0
  trend: { tf: htf, indicator: ema, params: { length: 2e2 }, source: close }
  ema_slow: { indicator: ema, params: { length: 21 }, tf: exec }
  ema_fast: { indicator: ema, params: { length: 9 } }
timeframes: { htf: 4h, exec: 15m }
# defaults written out explicitly
account: { starting_equity_usdt: 10000, maker_fee_rate: 0.0002, taker_fee_rate: 0.00055, slippage_bps: 0, margin_mode: isolated }
execution: { evaluate: exec_close, entry: { type: market } }
description: ''
`.replace('exec.htf_placeholder', '(htf.close > trend)');

describe('play_hash', () => {
  test('is the SHA-256 of the canonical JSON of the normalized Play', () => {
    const r = checkPlaySource(BASE, 'h.yml', FAKE_CATALOG);
    expect(r.checked?.hash).toBe(sha256Hex(canonicalJson(r.checked?.play)));
    expect(r.checked?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('ignores comments, key order, quoting, flow vs block style, 1.0 vs 1, explicit defaults and rule spelling', () => {
    expect(hashOf(REFORMATTED)).toBe(hashOf(BASE));
  });

  test('stores rules in canonical form', () => {
    const r = checkPlaySource(BASE, 'h.yml', FAKE_CATALOG);
    const entries = r.checked?.play.actions.entries;
    expect(entries?.cases[0]?.when).toBe('((ema_fast.value cross_above ema_slow.value) and (htf.close > trend.value))');
    expect(r.checked?.play.actions.exits?.cases[0]?.when).toBe('((side == 1) and (ema_fast.value < (ema_slow.value * 1)))');
  });

  const edits: [string, string, string][] = [
    ['id', 'id: hash-base', 'id: hash-other'],
    ['symbol', 'symbol: BTCUSDT', 'symbol: ETHUSDT'],
    ['exec timeframe', 'exec: 15m', 'exec: 5m'],
    ['htf timeframe', 'htf: 4h', 'htf: 1h'],
    ['a param', 'length: 9 }', 'length: 10 }'],
    ['a feature tf', 'length: 200 }, tf: htf', 'length: 200 }, tf: exec'],
    ['a feature source', 'indicator: ema, params: { length: 21 } }', 'indicator: ema, params: { length: 21 }, source: hl2 }'],
    ['an operator', 'ema_fast < ema_slow', 'ema_fast <= ema_slow'],
    ['a rule constant', 'ema_slow * 1.0', 'ema_slow * 1.01'],
    ['a cross direction', 'cross_above', 'cross_below'],
    ['an emit', 'emit: exit_long', 'emit: exit'],
    ['a tag', 'tag: golden', 'tag: cross'],
    ['a block name', '  exits:', '  closes:'],
    ['block match mode', '  exits:\n    - when:', '  exits:\n   match: all\n   cases:\n    - when:'],
    ['an atr multiple', 'mult: 2.0', 'mult: 2.5'],
    ['the take profit', 'rr: 2', 'rr: 3'],
    ['the sizing', 'risk_pct: 1', 'risk_pct: 2'],
    ['leverage (from default)', '  sizing:', '  leverage: 2\n  sizing:'],
    ['a fee (from default)', 'risk:\n', 'account: { taker_fee_rate: 0.0006 }\nrisk:\n'],
    ['evaluation cadence', 'risk:\n', 'execution: { evaluate: every_1m }\nrisk:\n'],
    ['the name', 'symbol:', 'name: Other\nsymbol:'],
    ['the description', 'symbol:', 'description: something\nsymbol:'],
    ['validation block', 'risk:\n', 'validation: { scenario: { bars: 100 } }\nrisk:\n'],
  ];

  test('changes when any value changes', () => {
    const base = hashOf(BASE);
    const seen = new Map<string, string>([[base, 'base']]);
    for (const [what, from, to] of edits) {
      expect(BASE).toContain(from);
      const h = hashOf(BASE.replace(from, to));
      expect(`${what}: ${seen.get(h) ?? 'new'}`).toBe(`${what}: new`);
      seen.set(h, what);
    }
  });
});
