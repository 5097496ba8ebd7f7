// The Play schema: defaults filled on normalization, and the feature part derived from whatever
// registry (Catalog) is passed in at run time, for indicators and structures alike.
import { describe, expect, test } from 'bun:test';
import { checkPlaySource } from '../../../src/dsl';
import { type Catalog, checkPlayValue, formatIssue } from '../../../src/play';
import { FAKE_CATALOG } from './fake-catalog';

const MINIMAL = `id: minimal
symbol: BTCUSDT
timeframes: { exec: 1h }
features:
  fast: { indicator: ema }
  range: { structure: rolling_window, params: { length: 50 } }
actions:
  e:
    - { when: close > fast and range.position < 0.2, emit: enter_long }
risk:
  sizing: { equity_pct: 10 }
`;

function errors(text: string, catalog: Catalog = FAKE_CATALOG): string[] {
  return checkPlaySource(text, 's.yml', catalog)
    .issues.filter((i) => i.severity === 'error')
    .map(formatIssue);
}

describe('normalization fills every default', () => {
  const play = checkPlaySource(MINIMAL, 's.yml', FAKE_CATALOG).checked?.play;

  test('top level, account, execution, risk', () => {
    expect(play?.name).toBe('minimal');
    expect(play?.description).toBe('');
    expect(play?.account).toEqual({
      starting_equity_usdt: 10000,
      maker_fee_rate: 0.0002,
      taker_fee_rate: 0.00055,
      slippage_bps: 0,
      margin_mode: 'isolated',
    });
    expect(play?.execution).toEqual({ evaluate: 'exec_close', entry: { type: 'market' } });
    expect(play?.risk).toEqual({ sizing: { equity_pct: 10 }, leverage: 1 });
  });

  test('features: registry defaults for params, source for source-input indicators, tf exec', () => {
    expect(play?.features.fast).toEqual({ indicator: 'ema', params: { length: 20 }, tf: 'exec', source: 'close' });
    expect(play?.features.range).toEqual({ structure: 'rolling_window', params: { length: 50 }, tf: 'exec' });
  });

  test('blocks written as lists become { match: first, cases }', () => {
    expect(play?.actions.e?.match).toBe('first');
    expect(play?.actions.e?.cases[0]?.emit).toBe('enter_long');
  });

  test('limit entries get offset_pct 0 and time_in_force gtc', () => {
    const text = `${MINIMAL}execution: { entry: { type: limit } }\n`;
    expect(checkPlaySource(text, 's.yml', FAKE_CATALOG).checked?.play.execution.entry).toEqual({
      type: 'limit',
      offset_pct: 0,
      time_in_force: 'gtc',
    });
  });

  test('trailing stop activation defaults to 0', () => {
    const text = MINIMAL.replace('  sizing:', '  trailing_stop: { pct: 2 }\n  sizing:');
    expect(checkPlaySource(text, 's.yml', FAKE_CATALOG).checked?.play.risk.trailing_stop).toEqual({ pct: 2, activate_pct: 0 });
  });
});

describe('the feature schema follows the registry passed in', () => {
  test('param ranges come from the registry entry', () => {
    const strict: Catalog = {
      ...FAKE_CATALOG,
      indicators: FAKE_CATALOG.indicators.map((e) =>
        e.name === 'ema' ? { ...e, params: [{ name: 'length', kind: 'int', min: 30, max: 40, default: 35 }] } : e,
      ),
    };
    expect(errors(MINIMAL.replace('indicator: ema }', 'indicator: ema, params: { length: 20 } }'), strict)).toEqual([
      '✖ s.yml:5:45 features.fast.params.length must be ≥ 30 (got 20)',
    ]);
    expect(errors(MINIMAL, strict)).toEqual([]);
  });

  test('float params accept fractions; int params do not', () => {
    const text = MINIMAL.replace(
      'fast: { indicator: ema }',
      'fast: { indicator: supertrend, params: { length: 10.5, mult: 2.5 } }',
    ).replace('close > fast', 'close > fast.value');
    expect(errors(text)).toEqual(['✖ s.yml:5:52 features.fast.params.length must be an integer (got 10.5)']);
  });

  test('structures are validated against the structure registry given (none registered: an error)', () => {
    const noStructures: Catalog = { ...FAKE_CATALOG, structures: [] };
    expect(errors(MINIMAL, noStructures)).toEqual([
      "✖ s.yml:6:23 features.range.structure must be a known structure (got 'rolling_window'; no structures are registered)",
    ]);
    expect(errors(MINIMAL.replace('range.position', 'range.pos'))).toEqual([
      "✖ s.yml:9:38 actions.e[0].when 'range' (rolling_window) has no output 'pos' (did you mean 'position'? outputs: high, low, mid, position)",
    ]);
  });

  test('a raw value check without YAML reports paths', () => {
    const r = checkPlayValue(
      { id: 'x', symbol: 'BTCUSDT', timeframes: { exec: '1h' }, actions: { e: [] }, risk: { sizing: { equity_pct: 1 } } },
      FAKE_CATALOG,
    );
    expect(r.issues.map((i) => `${i.path.join('.')} ${i.message}`)).toEqual(['actions.e must have at least 1 item']);
  });
});
