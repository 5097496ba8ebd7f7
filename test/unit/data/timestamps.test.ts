import { describe, expect, test } from 'bun:test';
import { formatOffset, parseEpoch, parseTzOption, TimestampParser } from '../../../src/data/timestamps';
import { TradeError } from '../../../src/errors';

describe('TimestampParser', () => {
  const p = new TimestampParser();
  test('ISO with Z, with +00:00, with an offset, and fractional seconds', () => {
    expect(p.parse('2024-01-01T00:00:00Z')).toBe(1704067200000);
    expect(p.naive).toBe(false);
    expect(p.parse('2025-05-30 16:39:00+00:00')).toBe(Date.UTC(2025, 4, 30, 16, 39));
    expect(p.parse('2021-01-01T03:00:00+03:00')).toBe(Date.UTC(2021, 0, 1, 0, 0));
    expect(p.parse('2021-01-01T03:00:00-0130')).toBe(Date.UTC(2021, 0, 1, 4, 30));
    expect(p.parse('2024-02-29T12:34:56.789Z')).toBe(Date.UTC(2024, 1, 29, 12, 34, 56, 789));
  });

  test('zone-less text is read as UTC and flagged naive', () => {
    expect(p.parse('2021-01-01 03:00:00')).toBe(Date.UTC(2021, 0, 1, 3));
    expect(p.naive).toBe(true);
    expect(p.parse('2024-06-01')).toBe(Date.UTC(2024, 5, 1));
    expect(p.naive).toBe(true);
  });

  test('epoch seconds, milliseconds and microseconds by magnitude', () => {
    expect(p.parse('1701244800')).toBe(1701244800000);
    expect(p.parse('1701244800000')).toBe(1701244800000);
    expect(p.parse('1701244800000000')).toBe(1701244800000);
    expect(p.naive).toBe(false);
    expect(parseEpoch('')).toBeNaN();
  });

  test('malformed times are NaN, never a guess', () => {
    for (const bad of [
      '2024-13-01T00:00:00Z',
      '2023-02-29',
      '2024-01-01T24:00:00Z',
      'x',
      '2024-01-01T00:0',
      '-5',
      '2024-01-01T00:00:00+3',
    ]) {
      expect(p.parse(bad)).toBeNaN();
    }
    expect(p.parse('2024-01-01T00:00')).toBe(Date.UTC(2024, 0, 1));
  });
});

describe('--tz', () => {
  test('fixed offsets in several spellings', () => {
    expect(parseTzOption('+03:00')).toBe(180);
    expect(parseTzOption('+0300')).toBe(180);
    expect(parseTzOption('+3')).toBe(180);
    expect(parseTzOption('UTC+03:00')).toBe(180);
    expect(parseTzOption('-05:30')).toBe(-330);
    expect(parseTzOption('UTC')).toBe(0);
    expect(parseTzOption('Z')).toBe(0);
    expect(formatOffset(-330)).toBe('-05:30');
  });

  test('named zones are refused with the expected forms in the message', () => {
    expect(() => parseTzOption('Europe/Istanbul')).toThrow(TradeError);
    expect(() => parseTzOption('Europe/Istanbul')).toThrow(/fixed UTC offset like \+03:00/);
    expect(() => parseTzOption('+25:00')).toThrow(/--tz '\+25:00'/);
  });
});
