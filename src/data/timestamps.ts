// Timestamp cells as found in market-data files: ISO 8601 text (with or without a zone) and epoch
// numbers in s, ms, µs or ns. Hot path: one call per row, no allocation, no regex.
// Invariant: a text time without a zone marker is never silently taken as UTC by the importer; the
// parser only reports it (`naive`) and the caller applies the --tz offset or rejects the file.
import { TradeError } from '../errors';

const DIGIT0 = 48;

function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = s.charCodeAt(i) - DIGIT0;
    // NaN (past the end) fails both comparisons, so test for the valid range.
    if (!(d >= 0 && d <= 9)) return -1;
    v = v * 10 + d;
  }
  return v;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Reads one timestamp cell. `naive` is set by every call: true when the text carried no zone. */
export class TimestampParser {
  naive = false;
  /** UTC offset written in the cell, minutes east (`Z` and `+00:00` are 0); NaN for epoch numbers and zone-less text. */
  offsetMin = Number.NaN;

  /** Epoch ms UTC (naive text read as if UTC), or NaN when the cell is not a timestamp. */
  parse(cell: string): number {
    this.naive = false;
    this.offsetMin = Number.NaN;
    const s = cell.length > 0 && (cell.charCodeAt(0) === 32 || cell.charCodeAt(cell.length - 1) === 32) ? cell.trim() : cell;
    if (s.length >= 10 && s.charCodeAt(4) === 45 /* - */) return this.parseIso(s);
    return parseEpoch(s);
  }

  private parseIso(s: string): number {
    const year = digits(s, 0, 4);
    const month = digits(s, 5, 2);
    const day = digits(s, 8, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || s.charCodeAt(7) !== 45 || day > daysInMonth(year, month)) return Number.NaN;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let ms = 0;
    let i = 10;
    const sep = s.charCodeAt(10);
    if (i < s.length && (sep === 84 /* T */ || sep === 32)) {
      hour = digits(s, 11, 2);
      minute = digits(s, 14, 2);
      if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || s.charCodeAt(13) !== 58) return Number.NaN;
      i = 16;
      if (s.charCodeAt(i) === 58 /* : */) {
        second = digits(s, 17, 2);
        if (second < 0 || second > 59) return Number.NaN;
        i = 19;
        if (s.charCodeAt(i) === 46 /* . */) {
          let scale = 100;
          i++;
          while (i < s.length) {
            const d = s.charCodeAt(i) - DIGIT0;
            if (!(d >= 0 && d <= 9)) break;
            ms += d * scale;
            scale /= 10;
            i++;
          }
          ms = Math.floor(ms);
        }
      }
    }
    let t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
    if (i === s.length) {
      this.naive = true;
      return t;
    }
    const z = s.charCodeAt(i);
    if (z === 90 /* Z */ && i + 1 === s.length) {
      this.offsetMin = 0;
      return t;
    }
    if (z !== 43 && z !== 45) return Number.NaN;
    const offsetMin = parseOffsetDigits(s, i + 1);
    if (offsetMin < 0) return Number.NaN;
    this.offsetMin = (z === 45 ? -1 : 1) * offsetMin;
    t -= this.offsetMin * 60_000;
    return t;
  }
}

/** Minutes from "HH", "HH:MM" or "HHMM" starting at `at` through the end of `s`; -1 if malformed. */
function parseOffsetDigits(s: string, at: number): number {
  const rest = s.length - at;
  const hh = digits(s, at, 2);
  let mm = 0;
  if (rest === 5 && s.charCodeAt(at + 2) === 58) mm = digits(s, at + 3, 2);
  else if (rest === 4) mm = digits(s, at + 2, 2);
  else if (rest !== 2) return -1;
  if (hh < 0 || hh > 18 || mm < 0 || mm > 59) return -1;
  return hh * 60 + mm;
}

/** Epoch number in s, ms, µs or ns, chosen by magnitude (years 1973..5138 for s). Returns ms or NaN. */
export function parseEpoch(s: string): number {
  if (s.length === 0) return Number.NaN;
  const v = Number(s);
  if (!Number.isFinite(v) || v <= 0) return Number.NaN;
  if (v < 1e11) return v * 1000;
  if (v < 1e14) return v;
  if (v < 1e17) return Math.floor(v / 1000);
  return Math.floor(v / 1e6);
}

/**
 * Parses a --tz value: a fixed UTC offset ("+03:00", "-0530", "+3", "UTC", "Z", "UTC+03:00").
 * Returns the offset in minutes east of UTC. Named zones are refused: they have DST, a file does not say which.
 */
export function parseTzOption(value: string): number {
  const v = value.trim().toUpperCase();
  if (v === 'Z' || v === 'UTC' || v === 'GMT') return 0;
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(v);
  const hours = m ? Number(m[2]) : Number.NaN;
  const minutes = m?.[3] ? Number(m[3]) : 0;
  if (!m || hours > 18 || minutes > 59) {
    throw new TradeError(
      'USAGE',
      `--tz '${value}': expected a fixed UTC offset like +03:00, -05:30, +3 or UTC (named zones are not accepted: they shift with DST)`,
    );
  }
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** "+03:00" style label for an offset in minutes. */
export function formatOffset(offsetMin: number): string {
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
