// The TA-Lib parity cases: for every TA-Lib-covered indicator of the core registry, its params
// (our names), the TA-Lib function(s) and option values that compute the same thing, and which
// TA-Lib output becomes which of our outputs. Each indicator has at least three parameter sets
// (parameterless ones have one); a few add a set on a non-close source. `exact` marks maths that
// is add/multiply (plus one correctly rounded division) in TA-Lib, where the test demands equal bits.
// Outputs of ours that TA-Lib does not produce are listed in `notCompared` with the reason.
// `source` is the series our indicator reads when the registry gives it a source: for a TA-Lib
// function on inReal it is also what TA-Lib got; for one on fixed fields it is the series TA-Lib
// forms from them internally (CCI: hlc3), or null.

const SMA_MATYPE = 0;
const EMA_MATYPE = 1;

/** One TA-Lib call: function name, options, and { ourOutput: talibOutput }. */
const call = (fn, opts, outputs) => ({ fn, opts, outputs });
const period = (fn, length, out = 'value') => call(fn, { optInTimePeriod: length }, { [out]: 'outReal' });

/** A single-series moving average or oscillator `name(length)` on a source. */
function single(indicator, fn, lengths, extra = {}) {
  const sets = lengths.map((length) => ({ params: { length }, source: 'close', calls: [period(fn, length)] }));
  for (const [source, length] of extra.sources ?? []) sets.push({ params: { length }, source, calls: [period(fn, length)] });
  return { indicator, exact: extra.exact ?? false, sets };
}

/** An indicator on fixed bar fields (high/low/close/volume) with one `length` param. */
function fixed(indicator, fn, lengths, exact = false) {
  return { indicator, exact, sets: lengths.map((length) => ({ params: { length }, source: null, calls: [period(fn, length)] })) };
}

export const CASES = [
  single('sma', 'SMA', [9, 20, 200], { exact: true, sources: [['hl2', 20]] }),
  single('ema', 'EMA', [9, 21, 200], { sources: [['hlc3', 21]] }),
  single('wma', 'WMA', [9, 20, 100], { exact: true, sources: [['ohlc4', 20]] }),
  single('dema', 'DEMA', [9, 21, 50]),
  single('tema', 'TEMA', [9, 21, 50]),
  single('trima', 'TRIMA', [9, 20, 60], { exact: true }),
  {
    // TA-Lib's KAMA has its fast/slow constants fixed at 2 and 30: only length varies.
    indicator: 'kama',
    exact: false,
    sets: [10, 20, 30].map((length) => ({ params: { length, fast: 2, slow: 30 }, source: 'close', calls: [period('KAMA', length)] })),
  },
  { indicator: 'tr', exact: true, sets: [{ params: {}, source: null, calls: [call('TRANGE', {}, { value: 'outReal' })] }] },
  fixed('atr', 'ATR', [7, 14, 50]),
  fixed('natr', 'NATR', [7, 14, 50]),
  {
    indicator: 'bbands',
    exact: false,
    notCompared: { percent_b: 'derived from the bands; TA-Lib has no %B', bandwidth: 'derived from the bands; TA-Lib has no bandwidth' },
    sets: [
      [20, 2, 'close'],
      [10, 1.5, 'close'],
      [50, 3, 'close'],
      [20, 2, 'hlc3'],
    ].map(([length, mult, source]) => ({
      params: { length, mult },
      source,
      calls: [
        call(
          'BBANDS',
          { optInTimePeriod: length, optInNbDevUp: mult, optInNbDevDn: mult, optInMAType: SMA_MATYPE },
          { upper: 'outRealUpperBand', middle: 'outRealMiddleBand', lower: 'outRealLowerBand' },
        ),
      ],
    })),
  },
  {
    indicator: 'stddev',
    exact: false,
    sets: [
      [5, 'close'],
      [20, 'close'],
      [100, 'close'],
      [20, 'hl2'],
    ].map(([length, source]) => ({
      params: { length },
      source,
      calls: [call('STDDEV', { optInTimePeriod: length, optInNbDev: 1 }, { value: 'outReal' })],
    })),
  },
  // OBV reads close (TA-Lib's inReal) and volume.
  { indicator: 'obv', exact: true, sets: [{ params: {}, source: 'close', calls: [call('OBV', {}, { value: 'outReal' })] }] },
  {
    // TA-Lib's MFI forms the typical price (h + l + c) / 3 itself (hlc3) and weights it by volume.
    indicator: 'mfi',
    exact: false,
    sets: [7, 14, 30].map((length) => ({ params: { length }, source: 'hlc3', calls: [period('MFI', length)] })),
  },
  { indicator: 'ad', exact: true, sets: [{ params: {}, source: null, calls: [call('AD', {}, { value: 'outReal' })] }] },
  {
    indicator: 'adosc',
    exact: false,
    sets: [
      [3, 10],
      [5, 20],
      [2, 7],
    ].map(([fast, slow]) => ({
      params: { fast, slow },
      source: null,
      calls: [call('ADOSC', { optInFastPeriod: fast, optInSlowPeriod: slow }, { value: 'outReal' })],
    })),
  },
  single('rsi', 'RSI', [7, 14, 30], { sources: [['hl2', 14]] }),
  {
    indicator: 'stoch',
    exact: false,
    sets: [
      [14, 3, 3],
      [5, 3, 3],
      [21, 5, 5],
    ].map(([kLength, kSmooth, dLength]) => ({
      params: { k_length: kLength, k_smooth: kSmooth, d_length: dLength },
      source: null,
      calls: [
        call(
          'STOCH',
          {
            optInFastK_Period: kLength,
            optInSlowK_Period: kSmooth,
            optInSlowK_MAType: SMA_MATYPE,
            optInSlowD_Period: dLength,
            optInSlowD_MAType: SMA_MATYPE,
          },
          { k: 'outSlowK', d: 'outSlowD' },
        ),
      ],
    })),
  },
  {
    indicator: 'stochrsi',
    exact: false,
    sets: [
      [14, 14, 3],
      [14, 5, 3],
      [7, 7, 5],
    ].map(([rsiLength, stochLength, dLength]) => ({
      params: { rsi_length: rsiLength, stoch_length: stochLength, d_length: dLength },
      source: 'close',
      calls: [
        call(
          'STOCHRSI',
          { optInTimePeriod: rsiLength, optInFastK_Period: stochLength, optInFastD_Period: dLength, optInFastD_MAType: SMA_MATYPE },
          { k: 'outFastK', d: 'outFastD' },
        ),
      ],
    })),
  },
  {
    indicator: 'macd',
    exact: false,
    sets: [
      [12, 26, 9, 'close'],
      [5, 35, 5, 'close'],
      [8, 17, 9, 'close'],
      [12, 26, 9, 'hlc3'],
    ].map(([fast, slow, signal, source]) => ({
      params: { fast, slow, signal },
      source,
      calls: [
        call(
          'MACD',
          { optInFastPeriod: fast, optInSlowPeriod: slow, optInSignalPeriod: signal },
          { line: 'outMACD', signal: 'outMACDSignal', hist: 'outMACDHist' },
        ),
      ],
    })),
  },
  {
    // TA-Lib's CCI reads high/low/close and forms (h + l + c) / 3 itself: that is our hlc3 source.
    indicator: 'cci',
    exact: false,
    sets: [14, 20, 50].map((length) => ({ params: { length }, source: 'hlc3', calls: [period('CCI', length)] })),
  },
  fixed('willr', 'WILLR', [7, 14, 50]),
  single('roc', 'ROC', [1, 10, 50]),
  single('mom', 'MOM', [1, 10, 50], { exact: true }),
  single('cmo', 'CMO', [9, 14, 30]),
  {
    indicator: 'ppo',
    exact: false,
    sets: [
      [12, 26],
      [5, 35],
      [10, 21],
    ].map(([fast, slow]) => ({
      params: { fast, slow },
      source: 'close',
      calls: [call('PPO', { optInFastPeriod: fast, optInSlowPeriod: slow, optInMAType: EMA_MATYPE }, { value: 'outReal' })],
    })),
  },
  single('trix', 'TRIX', [9, 15, 30]),
  {
    indicator: 'ultosc',
    exact: false,
    sets: [
      [7, 14, 28],
      [5, 10, 20],
      [10, 20, 40],
    ].map(([length1, length2, length3]) => ({
      params: { length1, length2, length3 },
      source: null,
      calls: [call('ULTOSC', { optInTimePeriod1: length1, optInTimePeriod2: length2, optInTimePeriod3: length3 }, { value: 'outReal' })],
    })),
  },
  {
    indicator: 'adx',
    exact: false,
    sets: [7, 14, 30].map((length) => ({
      params: { length },
      source: null,
      calls: [period('ADX', length, 'adx'), period('PLUS_DI', length, 'plus_di'), period('MINUS_DI', length, 'minus_di')],
    })),
  },
  {
    indicator: 'aroon',
    exact: false,
    sets: [14, 25, 50].map((length) => ({
      params: { length },
      source: null,
      calls: [call('AROON', { optInTimePeriod: length }, { up: 'outAroonUp', down: 'outAroonDown' }), period('AROONOSC', length, 'osc')],
    })),
  },
  {
    indicator: 'psar',
    exact: false,
    sets: [
      [0.02, 0.2],
      [0.01, 0.1],
      [0.04, 0.4],
    ].map(([accel, max]) => ({
      params: { accel, max },
      source: null,
      calls: [call('SAR', { optInAcceleration: accel, optInMaximum: max }, { value: 'outReal' })],
    })),
  },
  {
    indicator: 'linreg',
    exact: false,
    sets: [
      [14, 'close'],
      [20, 'close'],
      [50, 'close'],
      [20, 'hl2'],
    ].map(([length, source]) => ({
      params: { length },
      source,
      calls: [
        period('LINEARREG', length, 'value'),
        period('LINEARREG_SLOPE', length, 'slope'),
        period('LINEARREG_INTERCEPT', length, 'intercept'),
        period('TSF', length, 'forecast'),
      ],
    })),
  },
];
