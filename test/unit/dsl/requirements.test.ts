// The requirements gate: warm-up in 1m bars (hand-computed), features and timeframes needed,
// warnings for unused features/timeframes and missing level stops.
import { describe, expect, test } from 'bun:test';
import { checkPlaySource, evalWarmupFormula, playRequirements } from '../../../src/dsl';
import { type Catalog, formatIssue } from '../../../src/play';
import { FAKE_CATALOG } from '../play/fake-catalog';

const PLAY = `id: req
symbol: BTCUSDT
timeframes: { exec: 15m, htf: 4h, daily: 1d }
features:
  ema_fast: { indicator: ema, params: { length: 9 } }
  ema_slow: { indicator: ema, params: { length: 21 } }
  trend: { indicator: ema, params: { length: 200 }, tf: htf }
  unused: { indicator: sma, params: { length: 50 } }
  atr: { indicator: atr, params: { length: 14 } }
actions:
  e:
    - when: "holds_for(3, htf.close > trend, htf) and close > ema_fast[2] and ema_fast cross_above ema_slow"
      emit: enter_long
risk:
  stop_loss: { atr: atr, mult: 2 }
  sizing: { risk_pct: 1 }
`;

function checked(text: string, catalog: Catalog = FAKE_CATALOG) {
  const r = checkPlaySource(text, 'r.yml', catalog);
  if (!r.checked) throw new Error(r.issues.map(formatIssue).join('\n'));
  return r;
}

describe('playRequirements', () => {
  test('warm-up: max over refs of (first valid + 1 + offset) × TF minutes + windows', () => {
    // Fake registry formulas: ema "length - 1", atr "length". Per ref, in 1m bars:
    //   trend inside holds_for(3, per htf): (199 + 1) × 240 + (3 - 1) × 240 = 48480
    //   htf.close inside the same window:    1 × 240 + 480 = 720
    //   ema_fast[2]: (8 + 1 + 2) × 15 = 165; cross: ema_fast (8 + 1 + 1) × 15 = 150, ema_slow (20 + 1 + 1) × 15 = 330
    //   atr (risk): (14 + 1) × 15 = 225
    const req = playRequirements(checked(PLAY).checked!);
    expect(req.warmup1m).toBe(48480);
    expect(req.features.map((f) => [f.id, f.warmupBars, f.maxOffset, f.outputs.join(',')])).toEqual([
      ['atr', 14, 0, 'value'],
      ['ema_fast', 8, 2, 'value'],
      ['ema_slow', 20, 1, 'value'],
      ['trend', 199, 0, 'value'],
    ]);
    expect(req.tfs).toEqual([
      { name: 'exec', tf: '15m', minutes: 15, used: true },
      { name: 'htf', tf: '4h', minutes: 240, used: true },
      { name: 'daily', tf: '1d', minutes: 1440, used: false },
    ]);
  });

  test('warns about unused features and timeframes, with positions', () => {
    const r = checked(PLAY);
    expect(r.issues.map(formatIssue)).toEqual([
      '⚠ r.yml:3:35 timeframes.daily is declared but never used',
      '⚠ r.yml:8:3 features.unused is declared but never used by a rule or risk setting (it is not computed)',
    ]);
  });

  test('a cross kept in state adds one exec bar; the exact warm-up from the catalog wins over the formula', () => {
    const text = PLAY.replace(
      '"holds_for(3, htf.close > trend, htf) and close > ema_fast[2] and ema_fast cross_above ema_slow"',
      'close cross_above trend',
    );
    // (199 + 1) × 240 + 15 = 48015
    expect(playRequirements(checked(text).checked!).warmup1m).toBe(48015);
    const exact: Catalog = {
      ...FAKE_CATALOG,
      warmupBars: (_kind, name, params) => (name === 'ema' ? 3 * (params.length as number) : undefined),
    };
    // trend: (600 + 1) × 240 + 15 = 144255
    expect(playRequirements(checked(text, exact).checked!).warmup1m).toBe(144255);
  });

  test('warns when a level stop lacks the side the rules enter', () => {
    const text = PLAY.replace('stop_loss: { atr: atr, mult: 2 }', 'stop_loss: { level_long: ema_slow }').replace(
      'emit: enter_long',
      'emit: reverse',
    );
    const warnings = checked(text).issues.map(formatIssue);
    expect(warnings).toContain('⚠ r.yml:15:3 risk.stop_loss has no level_short, so short entries get none');
  });
});

describe('evalWarmupFormula', () => {
  test('evaluates registry formulas over params', () => {
    expect(evalWarmupFormula('length - 1', { length: 9 })).toBe(8);
    expect(evalWarmupFormula('slow + signal - 2', { fast: 12, slow: 26, signal: 9 })).toBe(33);
    expect(evalWarmupFormula('max(fast, slow) * 2 - min(1, 2)', { fast: 3, slow: 5 })).toBe(9);
    expect(evalWarmupFormula('length / 2', { length: 5 })).toBe(3);
    expect(evalWarmupFormula('0', {})).toBe(0);
  });

  test('ignores prose after ; and a trailing parenthesised remark', () => {
    expect(evalWarmupFormula('left + right (level NaN until the first break)', { left: 3, right: 2 })).toBe(5);
    const zones = 'max(left, atr_length - 1) + right (left + right when impulse_atr = 0); zone outputs NaN while none is active';
    expect(evalWarmupFormula(zones, { left: 3, right: 3, atr_length: 14 })).toBe(16);
  });

  test('undefined for formulas it cannot read', () => {
    expect(evalWarmupFormula('length - 1 (first valid index', { length: 9 })).toBeUndefined();
    expect(evalWarmupFormula('unknown_param + 1', { length: 9 })).toBeUndefined();
    expect(evalWarmupFormula('length > 1', { length: 9 })).toBeUndefined();
  });
});
