// floorToStep and roundToTick against the string form they replaced
// (`Number((n * step).toFixed(decimals(step)))`), bit for bit, on a million random values: steps
// and ticks of every shape (powers of ten, 5s and 25s, whole numbers, an exponent form that takes
// the string path), magnitudes from 1e-9 to 1e9, values on, just off and halfway between grid
// points, negatives and zero.
import { expect, test } from 'bun:test';
import { mulberry32 } from '../../../src/domain/prng';
import { floorToStep, roundToTick } from '../../../src/engine';

function decimals(step: number): number {
  const s = step.toString();
  if (s.includes('e-')) return Number(s.split('e-')[1]);
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}
const floorRef = (x: number, step: number) => Number((Math.floor(x / step + 1e-9) * step).toFixed(decimals(step)));
const roundRef = (x: number, tick: number) => Number((Math.round(x / tick) * tick).toFixed(decimals(tick)));

const STEPS = [0.1, 0.5, 0.01, 0.05, 0.25, 0.001, 0.005, 0.0001, 0.00001, 5e-5, 1e-6, 1e-8, 1, 5, 10, 25, 100, 1.5e-7];

test('floorToStep and roundToTick give the string form bit for bit', () => {
  const rnd = mulberry32(20261207);
  let checked = 0;
  const mismatches: string[] = [];
  for (const step of STEPS) {
    for (let i = 0; i < 60_000; i++) {
      const r = rnd();
      let x: number;
      if (r < 0.3) x = 10 ** (rnd() * 18 - 9);
      else if (r < 0.6) x = Math.floor(rnd() * 1e6) * step;
      else if (r < 0.8) x = (Math.floor(rnd() * 1e6) + 0.5) * step;
      else if (r < 0.95) x = Math.floor(rnd() * 1e6) * step * (1 + (rnd() - 0.5) * 1e-12);
      else x = -(10 ** (rnd() * 8 - 4));
      for (const [name, got, want] of [
        ['floorToStep', floorToStep(x, step), floorRef(x, step)],
        ['roundToTick', roundToTick(x, step), roundRef(x, step)],
      ] as const) {
        checked++;
        if (!Object.is(got, want) && mismatches.length < 5) mismatches.push(`${name}(${x}, ${step}) = ${got}, string form ${want}`);
      }
    }
  }
  for (const step of STEPS) {
    expect(Object.is(floorToStep(0, step), floorRef(0, step))).toBe(true);
    expect(Object.is(roundToTick(-1e-12, step), roundRef(-1e-12, step))).toBe(true);
    expect(roundToTick(Number.NaN, step)).toBeNaN();
  }
  expect(mismatches).toEqual([]);
  expect(checked).toBe(STEPS.length * 120_000);
});
