// A Catalog with every indicator and structure of the core registries, written by hand (names,
// params, outputs and inputs match the core; ranges, defaults and warm-up formulas are chosen
// here). Tests use it for schema logic without loading the WASM core; examples.test.ts also checks
// the example Plays against the real registries.
import type { Catalog, CatalogEntry, CatalogParam } from '../../../src/play';

const int = (name: string, def: number, min = 1, max = 100_000): CatalogParam => ({ name, kind: 'int', min, max, default: def });
const float = (name: string, def: number, min: number, max: number): CatalogParam => ({ name, kind: 'float', min, max, default: def });
const src = { kind: 'source', default: 'close' } as const;
const source = (d: string) => ({ kind: 'source', default: d }) as const;
const fixed = (...fields: string[]) => ({ kind: 'fixed', fields }) as const;
const HLC = fixed('high', 'low', 'close');
const HLCV = fixed('high', 'low', 'close', 'volume');

function ind(name: string, params: CatalogParam[], outputs: string[], inputs: CatalogEntry['inputs'] = src, warmup?: string): CatalogEntry {
  return { name, params, outputs, inputs, warmup: warmup ?? (params[0] ? `${params[0].name} - 1` : '0') };
}

const V = ['value'];
const len = (def: number) => [int('length', def)];

export const FAKE_INDICATORS: CatalogEntry[] = [
  ind('sma', len(20), V),
  ind('ema', len(20), V),
  ...['wma', 'dema', 'tema', 'trima', 'hma', 'zlema'].map((n) => ind(n, len(20), V)),
  ind('vwma', len(20), V),
  ind('kama', [int('length', 10), int('fast', 2), int('slow', 30)], V),
  ind('vwap', [], V, source('hlc3'), '0'),
  ind('rsi', len(14), V, src, 'length'),
  ind('stoch', [int('k_length', 14), int('k_smooth', 3), int('d_length', 3)], ['k', 'd'], HLC, 'k_length + k_smooth + d_length - 3'),
  ind(
    'stochrsi',
    [int('rsi_length', 14), int('stoch_length', 14), int('d_length', 3)],
    ['k', 'd'],
    src,
    'rsi_length + stoch_length + d_length - 2',
  ),
  ind('macd', [int('fast', 12), int('slow', 26), int('signal', 9)], ['line', 'signal', 'hist'], src, 'slow + signal - 2'),
  ind('cci', len(14), V, source('hlc3')),
  ind('willr', len(14), V, HLC),
  ...['roc', 'mom', 'cmo', 'trix'].map((n) => ind(n, len(14), V)),
  ind('ppo', [int('fast', 12), int('slow', 26)], V, src, 'slow - 1'),
  ind('ultosc', [int('length1', 7), int('length2', 14), int('length3', 28)], V, HLC, 'length3'),
  ind('ao', [int('fast', 5), int('slow', 34)], V, source('hl2'), 'slow - 1'),
  ind('adx', len(14), ['adx', 'plus_di', 'minus_di'], HLC, '2 * length - 1'),
  ind('aroon', len(14), ['up', 'down', 'osc'], fixed('high', 'low'), 'length'),
  ind('psar', [float('accel', 0.02, 0.001, 1), float('max', 0.2, 0.01, 1)], V, fixed('high', 'low'), '1'),
  ind('supertrend', [int('length', 10), float('mult', 3, 0.1, 100)], ['value', 'direction'], HLC, 'length'),
  ind(
    'ichimoku',
    [int('tenkan', 9), int('kijun', 26), int('senkou_b', 52)],
    ['tenkan', 'kijun', 'span_a', 'span_b'],
    fixed('high', 'low'),
    'senkou_b - 1',
  ),
  ind('vortex', len(14), ['plus', 'minus'], HLC, 'length'),
  ind('linreg', len(14), ['value', 'slope', 'intercept', 'forecast']),
  ind('tr', [], V, HLC, '0'),
  ...['atr', 'natr'].map((n) => ind(n, len(14), V, HLC, 'length')),
  ind('bbands', [int('length', 20), float('mult', 2, 0.1, 100)], ['upper', 'middle', 'lower', 'percent_b', 'bandwidth']),
  ind('keltner', [int('length', 20), float('mult', 2, 0.1, 100)], ['upper', 'middle', 'lower']),
  ind('donchian', len(20), ['upper', 'middle', 'lower'], fixed('high', 'low')),
  ...['stddev', 'zscore'].map((n) => ind(n, len(20), V)),
  ...['obv', 'ad'].map((n) => ind(n, [], V, n === 'obv' ? fixed('close', 'volume') : HLCV, '0')),
  ind('mfi', len(14), V, HLCV, 'length'),
  ind('adosc', [int('fast', 3), int('slow', 10)], V, HLCV, 'slow - 1'),
  ind('cmf', len(20), V, HLCV),
];

const ZONES = [
  'demand_top',
  'demand_bottom',
  'supply_top',
  'supply_bottom',
  'demand_touches',
  'supply_touches',
  'demand_broken',
  'supply_broken',
];
const LR = () => [int('left', 5, 1, 1000), int('right', 5, 1, 1000)];
const ZONE_PARAMS = () => [
  ...LR(),
  float('impulse_atr', 1, 0, 100),
  int('atr_length', 14, 1, 1000),
  float('impulse_pct', 0, 0, 100),
  int('max_zones', 10, 1, 100),
];
const HL = fixed('high', 'low');
const OHLC = fixed('open', 'high', 'low', 'close');
const st = (
  name: string,
  params: CatalogParam[],
  outputs: string[],
  inputs: CatalogEntry['inputs'],
  warmup = 'left + right',
): CatalogEntry => ({
  name,
  params,
  outputs,
  inputs,
  warmup,
});

export const FAKE_STRUCTURES: CatalogEntry[] = [
  st('swing', LR(), ['high', 'high_bar', 'high_age', 'low', 'low_bar', 'low_age'], HL),
  st('trend', LR(), ['direction', 'strength'], HL),
  st('market_structure', LR(), ['bos', 'choch', 'level', 'bias', 'high_level', 'low_level'], HLC),
  st('zones', ZONE_PARAMS(), ZONES, OHLC, 'max(left, atr_length - 1) + right'),
  st('fibonacci', LR(), ['r236', 'r382', 'r500', 'r618', 'r786', 'e1272', 'e1618', 'direction'], HL),
  st('rolling_window', len(20), ['high', 'low', 'mid', 'position'], HLC, 'length - 1'),
  st('derived_zones', ZONE_PARAMS(), ZONES, OHLC, 'max(left, atr_length - 1) + right'),
];

export const FAKE_CATALOG: Catalog = {
  indicators: FAKE_INDICATORS,
  structures: FAKE_STRUCTURES,
  sources: ['open', 'high', 'low', 'close', 'volume', 'hl2', 'hlc3', 'ohlc4'],
};
