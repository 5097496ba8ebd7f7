// Did-you-mean (Levenshtein) and canonical JSON.
import { describe, expect, test } from 'bun:test';
import { canonicalJson, closest, didYouMean, levenshtein } from '../../../src/play';

describe('levenshtein and suggestions', () => {
  test('edit distances', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('ema', 'ema')).toBe(0);
    expect(levenshtein('ema_fsat', 'ema_fast')).toBe(2);
  });

  test('closest within max(1, len/3) edits, case-insensitive, else a name the word is a prefix of', () => {
    expect(closest('emaa', ['sma', 'ema'])).toBe('ema');
    expect(closest('EMA', ['sma', 'ema'])).toBe('ema');
    expect(closest('bolinger', ['bbands', 'keltner'])).toBeUndefined();
    expect(closest('maker_fee', ['maker_fee_rate', 'taker_fee_rate'])).toBe('maker_fee_rate');
    expect(didYouMean('stop_los', ['stop_loss', 'take_profit'])).toBe(" (did you mean 'stop_loss'?)");
    expect(didYouMean('zzz', ['stop_loss'])).toBe('');
  });
});

describe('canonicalJson', () => {
  test('sorted keys, shortest numbers, undefined dropped, -0 as 0', () => {
    expect(canonicalJson({ b: 1.0, a: [2.5, 'x', null, true], c: undefined, d: { z: -0, y: 1e21 } })).toBe(
      '{"a":[2.5,"x",null,true],"b":1,"d":{"y":1e+21,"z":0}}',
    );
  });

  test('rejects what JSON cannot carry exactly', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow('non-finite');
    expect(() => canonicalJson(() => 1)).toThrow('cannot encode function');
  });
});
