// Cell values read straight from the bytes of a CSV line, for the common shapes only: a plain
// decimal of at most 15 digits, an epoch integer, `YYYY-MM-DDTHH:MM:SSZ` / `... HH:MM:SS+00:00`.
// Each returns NaN for anything else, and the caller then reads the cell as text with `num` /
// TimestampParser, so every message and every unusual cell keep their one code path.
// Invariant: a value returned here is bit-identical to what the text path gives for the same cell.
// A decimal m·10^-k with m < 10^15 < 2^53 and k ≤ 15 is exactly m / 10^k: both operands are exact
// doubles and IEEE division rounds once, correctly, as Number() does for the decimal text.

const D0 = 48;
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** A cell of digits with at most one '.', 1 to 15 digits; NaN otherwise (sign, exponent, blanks, empty, longer). */
export function fastDecimal(b: Uint8Array, start: number, end: number): number {
  let m = 0;
  let digits = 0;
  let frac = -1;
  for (let i = start; i < end; i++) {
    const d = (b[i] as number) - D0;
    if (d >= 0 && d <= 9) {
      m = m * 10 + d;
      digits++;
      if (frac >= 0) frac++;
    } else if (d === -2 /* . */ && frac < 0) frac = 0;
    else return Number.NaN;
  }
  if (digits === 0 || digits > 15) return Number.NaN;
  return frac > 0 ? m / (POW10[frac] as number) : m;
}

/** Epoch ms of a positive integer cell of 1 to 15 digits, unit by magnitude as parseEpoch; NaN otherwise. */
export function fastEpochMs(b: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n < 1 || n > 15) return Number.NaN;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = (b[i] as number) - D0;
    if (!(d >= 0 && d <= 9)) return Number.NaN;
    v = v * 10 + d;
  }
  if (v <= 0) return Number.NaN;
  if (v < 1e11) return v * 1000;
  if (v < 1e14) return v;
  return Math.floor(v / 1000);
}

const two = (b: Uint8Array, at: number) => {
  const x = (b[at] as number) - D0;
  const y = (b[at + 1] as number) - D0;
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 ? x * 10 + y : -1;
};

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Epoch ms of a UTC ISO time `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DD HH:MM:SS+00:00` (either separator
 * with either zone), with the range checks of TimestampParser; NaN for any other cell.
 */
export function fastIsoUtcMs(b: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n !== 20 && n !== 25) return Number.NaN;
  const hi = two(b, start);
  const lo = two(b, start + 2);
  const month = two(b, start + 5);
  const day = two(b, start + 8);
  const hour = two(b, start + 11);
  const minute = two(b, start + 14);
  const second = two(b, start + 17);
  const sep = b[start + 10];
  if (
    hi < 0 ||
    lo < 0 ||
    b[start + 4] !== 45 ||
    b[start + 7] !== 45 ||
    (sep !== 84 && sep !== 32) ||
    b[start + 13] !== 58 ||
    b[start + 16] !== 58 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  )
    return Number.NaN;
  if (n === 20 ? b[start + 19] !== 90 /* Z */ : !isPlusZero(b, start + 19)) return Number.NaN;
  const year = hi * 100 + lo;
  if (day > daysInMonth(year, month)) return Number.NaN;
  // Date.UTC reads years 0..99 as 1900..1999: those keep its answer, the rest are plain arithmetic.
  if (year < 100) return Date.UTC(year, month - 1, day, hour, minute, second, 0);
  return daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000;
}

/**
 * Days from 1970-01-01 to year-month-day in the proleptic Gregorian calendar (as Date.UTC counts
 * them; eras of 400 years of 146,097 days, the year taken from March so the leap day comes last).
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** `+00:00` at `at`. */
function isPlusZero(b: Uint8Array, at: number): boolean {
  return b[at] === 43 && b[at + 1] === D0 && b[at + 2] === D0 && b[at + 3] === 58 && b[at + 4] === D0 && b[at + 5] === D0;
}
