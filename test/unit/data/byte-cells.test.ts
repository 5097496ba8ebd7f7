// The byte-level ISO time reader against Date.UTC: daysFromCivil on every day from 1800 to 2300
// (leap years, century years, 2000), and fastIsoUtcMs on `YYYY-MM-DDTHH:MM:SSZ` / `+00:00` cells at
// every hour of a leap day, month ends and years 0001..0099 (which Date.UTC reads as 19xx).
import { expect, test } from 'bun:test';
import { daysFromCivil, fastIsoUtcMs } from '../../../src/data/formats/byte-cells';

const cell = (text: string) => {
  const b = new TextEncoder().encode(`,${text},`);
  return fastIsoUtcMs(b, 1, b.length - 1);
};
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

test('daysFromCivil counts the days Date.UTC counts, 1800..2300', () => {
  let wrong = 0;
  for (let ms = Date.UTC(1800, 0, 1); ms < Date.UTC(2300, 0, 1); ms += 86_400_000) {
    const d = new Date(ms);
    if (daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()) * 86_400_000 !== ms) wrong++;
  }
  expect(wrong).toBe(0);
});

test('fastIsoUtcMs equals Date.UTC, Z or +00:00, and refuses impossible dates', () => {
  for (const [y, m, d] of [
    [2024, 2, 29],
    [2000, 2, 29],
    [2023, 12, 31],
    [1970, 1, 1],
    [2100, 3, 1],
    [9999, 12, 31],
  ] as const) {
    for (let h = 0; h < 24; h++) {
      const text = `${pad(y, 4)}-${pad(m)}-${pad(d)}T${pad(h)}:${pad((h * 7) % 60)}:${pad((h * 13) % 60)}`;
      const want = Date.UTC(y, m - 1, d, h, (h * 7) % 60, (h * 13) % 60);
      expect({ text, ms: cell(`${text}Z`) }).toEqual({ text, ms: want });
      expect({ text, ms: cell(`${text}+00:00`) }).toEqual({ text, ms: want });
    }
  }
  for (const y of [1, 50, 99]) expect(cell(`${pad(y, 4)}-06-15T12:00:00Z`)).toBe(Date.UTC(y, 5, 15, 12));
  expect(cell('2023-02-29T00:00:00Z')).toBeNaN();
  expect(cell('2100-02-29T00:00:00Z')).toBeNaN();
  expect(cell('2024-13-01T00:00:00Z')).toBeNaN();
});
