// The streaming candle CSV reader (bytes in arbitrary chunks, plain cells read from bytes) against
// the text reader it replaced (csv-candle-reader-reference.ts): the same rows bit for bit, the same
// lines, problems, zone-less time and symbols, for generated files full of the awkward cases (CRLF,
// blank and white-space lines, trailing blanks, quotes, signs, exponents, long digits, offsets).
import { describe, expect, test } from 'bun:test';
import * as fc from 'fast-check';
import { LineCursor } from '../../../src/data/csv';
import { fastDecimal } from '../../../src/data/formats/byte-cells';
import { CandleCsvReader } from '../../../src/data/formats/csv-candles';
import { num } from '../../../src/data/formats/parsed';
import { LineSplitter } from '../../../src/data/line-splitter';
import { referenceParse } from './csv-candle-reader-reference';

const bytes = (s: string) => new TextEncoder().encode(s);

function streamed(text: string, chunk: number, tz: number | undefined) {
  const reader = new CandleCsvReader('ohlcv-csv', tz);
  const all = bytes(text);
  for (let at = 0; at < all.length; at += chunk) reader.push(all.subarray(at, at + chunk));
  return reader.finish();
}

function expectSame(text: string, chunk: number, tz: number | undefined): void {
  const got = streamed(text, chunk, tz);
  const want = referenceParse(text, tz);
  const c = got.cols;
  const rows = Array.from(got.lines, (ln, i) => [c.tsMs[i], c.open[i], c.high[i], c.low[i], c.close[i], c.volume[i], c.turnover[i], ln]);
  // Object.is tells -0 from 0 and NaN from NaN; toEqual alone would not.
  expect(rows.length).toBe(want.rows.length);
  rows.forEach((r, i) => {
    r.forEach((v, k) => {
      expect(Object.is(v, want.rows[i]?.[k])).toBe(true);
    });
  });
  expect(got.issues).toEqual(want.issues);
  expect(got.naive).toEqual(want.naive);
  expect(got.symbolInFile).toBe(want.symbols.length === 1 ? want.symbols[0] : undefined);
}

const cell = fc.oneof(
  fc.constantFrom(
    '42324.8',
    '0.5',
    '.5',
    '5.',
    '007',
    '1e3',
    '-1.5',
    '+2',
    ' 3.25',
    '3.25 ',
    '',
    '.',
    'abc',
    '0x10',
    '12345678901234567',
    '0.1234567890123456',
  ),
  fc.double({ min: 0, max: 1e7, noNaN: true }).map(String),
  fc.integer({ min: 0, max: 10 ** 9 }).map((n) => (n / 1000).toFixed(n % 4)),
);
const time = fc.oneof(
  fc.integer({ min: 0, max: 10_000 }).map((m) => new Date(Date.UTC(2024, 0, 1) + m * 60_000).toISOString().replace('.000', '')),
  fc
    .integer({ min: 0, max: 10_000 })
    .map((m) => new Date(Date.UTC(2024, 0, 1) + m * 60_000).toISOString().replace('.000Z', '+00:00').replace('T', ' ')),
  fc.integer({ min: 0, max: 10_000 }).map((m) => String(Date.UTC(2024, 0, 1) + m * 60_000)),
  fc.integer({ min: 0, max: 10_000 }).map((m) => String((Date.UTC(2024, 0, 1) + m * 60_000) / 1000)),
  fc.constantFrom('2024-01-01T00:00:00+03:00', '2024-01-01 00:00:00', '2024-02-30T00:00:00Z', '2024-01-01T24:00:00Z', '0', '-5', 'x'),
);
const row = fc
  .tuple(time, cell, cell, cell, cell, cell, cell, fc.constantFrom('BTCUSDT', 'BTC-USDT', 'ETHUSDT', ''))
  .map((c) => c.join(','));
const junk = fc.constantFrom('', ' ', '\t', '\r', ' \t ', '"q,1",2', 'a,b', ',,,,,,,', '\ufeffx', 'é,1,2,3,4,5,6,7');
const ending = fc.constantFrom('\n', '\r\n', ' \n', '\t\r\n', '\r\r\n');
const header = fc.constantFrom('timestamp,open,high,low,close,volume,turnover,symbol', 'ts,o,h,l,c,v,quote_volume,pair', '');
const file = fc
  .tuple(
    header,
    fc.array(fc.tuple(fc.oneof({ weight: 5, arbitrary: row }, { weight: 1, arbitrary: junk }), ending), { maxLength: 40 }),
    fc.constantFrom('', '\n', '\n\n  \n', '  ', '\r\n\t'),
  )
  .map(([h, lines, tail]) => (h ? `${h}\n` : '') + lines.map(([l, e]) => l + e).join('') + tail);

describe('CandleCsvReader', () => {
  test('equals the text reader on generated files, whatever the chunking', () => {
    fc.assert(
      fc.property(file, fc.integer({ min: 1, max: 70 }), fc.constantFrom(undefined, 0, 180), (text, chunk, tz) => {
        expectSame(text, chunk, tz);
        expectSame(text, 1 << 20, tz);
      }),
      { seed: 18, numRuns: 400 },
    );
  });

  test('the year-file shape: plain rows read from bytes equal Number() bit for bit', () => {
    const text = ['OpenTime,CloseTime,OpenPrice,ClosePrice,HighPrice,LowPrice,Volume,QuoteVolume,PriceDifPercentage']
      .concat(
        Array.from(
          { length: 500 },
          (_, i) => `2024-01-01T00:${String(i % 60).padStart(2, '0')}:00Z,x,${42324.8 + i / 10},1.1,99999.9,0.01,187.632,7943155.034,22.0`,
        ),
      )
      .join('\n');
    expectSame(text, 4096, undefined);
  });

  test('fastDecimal is Number() on every plain decimal it accepts', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{0,9}\.?[0-9]{0,9}$/), (s) => {
        const b = bytes(s);
        const v = fastDecimal(b, 0, b.length);
        if (!Number.isNaN(v)) expect(Object.is(v, num(s))).toBe(true);
      }),
      { seed: 18, numRuns: 2000 },
    );
  });
});

describe('LineSplitter', () => {
  test('gives LineCursor lines for any chunking (empty lines aside: a reader skips them, and takes a missing line 1 as empty)', () => {
    const text = fc.array(fc.constantFrom('a', ',', ' ', '\t', '\r', '\n', '1', 'é'), { maxLength: 60 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 9 }), (t, chunk) => {
        const cursor = new LineCursor(t);
        const want: [number, string][] = [];
        for (let l = cursor.next(); l !== undefined; l = cursor.next()) if (l.length > 0) want.push([cursor.lineNo, l]);
        const got: [number, string][] = [];
        const dec = new TextDecoder('utf-8', { ignoreBOM: true });
        const s = new LineSplitter((b, start, end, ln) => {
          if (end > start) got.push([ln, dec.decode(b.subarray(start, end))]);
        });
        const all = bytes(t);
        for (let at = 0; at < all.length; at += chunk) s.push(all.subarray(at, at + chunk));
        s.finish();
        expect(got).toEqual(want);
      }),
      { seed: 18, numRuns: 1000 },
    );
  });
});
