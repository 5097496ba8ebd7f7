import { describe, expect, test } from 'bun:test';
import { arrayItemLines } from '../../../src/data/formats/bybit-json';
import { detectFormat, parseSource } from '../../../src/data/formats/detect';
import { symbolFromName, tfMinutesFromName } from '../../../src/data/formats/names';
import type { ParsedCandles, ParsedFunding } from '../../../src/data/formats/parsed';
import { sourceFromBytes } from '../../../src/data/source-file';

const src = (name: string, text: string) => sourceFromBytes(name, new TextEncoder().encode(text));
const candles = (name: string, text: string, tz?: number) => parseSource(src(name, text), 'auto', tz) as ParsedCandles;

describe('candle CSV', () => {
  test('header columns in any order, ISO times, StaPantazis Open/Close/High/Low order', () => {
    const p = candles(
      'x.csv',
      'OpenTime,CloseTime,OpenPrice,ClosePrice,HighPrice,LowPrice,Volume,QuoteVolume,PriceDifPercentage\n' +
        '2024-01-01T00:00:00Z,2024-01-01T00:01:00Z,42324.8,42346.8,42349.9,42300.2,187.632,7943155.034,22.0\n',
    );
    expect(p.issues).toEqual([]);
    expect([p.cols.open[0], p.cols.high[0], p.cols.low[0], p.cols.close[0]]).toEqual([42324.8, 42349.9, 42300.2, 42346.8]);
    expect(p.cols.volume[0]).toBe(187.632);
    expect(p.cols.turnover[0]).toBe(7943155.034);
    expect(p.lines[0]).toBe(2);
  });

  test('reordered generic header with epoch seconds and a Symbol column', () => {
    const p = candles('foo.csv', 'volume,close,low,high,open,time,pair\n3,10,8,12,9,1704067200,BTC-USDT\n');
    expect(p.issues).toEqual([]);
    expect(p.symbolInFile).toBe('BTCUSDT');
    expect(p.cols.tsMs[0]).toBe(1704067200000);
    expect([p.cols.open[0], p.cols.high[0], p.cols.low[0], p.cols.close[0], p.cols.volume[0]]).toEqual([9, 12, 8, 10, 3]);
    expect(p.cols.turnover[0]).toBeNaN();
  });

  test('header-less Bybit (7 columns) and Binance (12 columns, turnover = quote volume) layouts', () => {
    const bybit = candles('a.csv', '1670608800000,17071,17073,17027,17055.5,268.611,4577934.1\n');
    expect(detectFormat(src('a.csv', '1670608800000,17071,17073,17027,17055.5,268.611,4577934.1\n'))).toBe('bybit-csv');
    expect(bybit.cols.turnover[0]).toBe(4577934.1);
    const line =
      '1704067200000,42283.58,42554.57,42261.02,42475.23,1271.68108,1704070799999,53957248.973789,47134,682.57581,28957416.819645,0';
    expect(detectFormat(src('b.csv', line))).toBe('binance-csv');
    const binance = candles('b.csv', `${line}\n`);
    expect(binance.cols.close[0]).toBe(42475.23);
    expect(binance.cols.turnover[0]).toBe(53957248.973789);
  });

  test('a missing column and a short row are reported with their line', () => {
    expect(candles('x.csv', 'time,open,high,close,volume\n1,2,3,4,5\n').issues[0]?.reason).toMatch(/no low column/);
    const p = candles('x.csv', 'time,open,high,low,close,volume\n1704067200000,1,2,1,2,5\n1704067260000,1,2\n');
    expect(p.issues).toEqual([{ line: 3, reason: 'expected 6 cells, got 3' }]);
  });

  test('the cobra0506 pandas layout is flagged as ending with an unfinished candle', () => {
    const p = candles('c.csv', 'timestamp,open,high,low,close,volume\n2025-05-30 16:39:00+00:00,1,2,1,2,3\n');
    expect(p.unclosedLastReason).toMatch(/had not closed/);
    expect(candles('c.csv', 'timestamp,open,high,low,close,volume\n2025-05-30T16:39:00Z,1,2,1,2,3\n').unclosedLastReason).toBeUndefined();
  });

  test('zone-less times: recorded as naive without --tz, shifted with it', () => {
    const text = 'time,open,high,low,close,volume\n2024-01-01 03:00:00,1,2,1,2,3\n';
    expect(candles('x.csv', text).naive).toEqual({ line: 2, text: '2024-01-01 03:00:00' });
    const shifted = candles('x.csv', text, 180);
    expect(shifted.naive).toBeUndefined();
    expect(shifted.cols.tsMs[0]).toBe(Date.UTC(2024, 0, 1, 0));
  });
});

describe('Bybit JSON', () => {
  const envelope = [
    '{"retCode":0,"retMsg":"OK","result":{"symbol":"BTCUSDT","category":"linear","list":[',
    '["1670608860000","17071","17073","17027","17055.5","268.611","4577934.1"],',
    '["1670608800000","17071.5","17071.5","17061","17071","4.177","71280.2"]]},"retExtInfo":{},"time":1672025956592}',
  ].join('\n');

  test('full envelope: symbol from result, rows keep their source line (newest first as sent)', () => {
    const p = candles('k.json', envelope);
    expect(p.issues).toEqual([]);
    expect(p.symbolInFile).toBe('BTCUSDT');
    expect(Array.from(p.cols.tsMs)).toEqual([1670608860000, 1670608800000]);
    expect(Array.from(p.lines)).toEqual([2, 3]);
    expect(p.cols.turnover[1]).toBe(71280.2);
  });

  test('bare result.list array', () => {
    const p = candles('k.json', '[["1670608800000","1","2","0.5","1.5","10","15"]]');
    expect(p.issues).toEqual([]);
    expect(p.cols.high[0]).toBe(2);
  });

  test('a non-zero retCode is refused', () => {
    expect(candles('k.json', '{"retCode":10001,"retMsg":"params error","result":{}}').issues[0]?.reason).toMatch(/retCode 10001/);
  });

  test('item lines in pretty-printed JSON', () => {
    expect(arrayItemLines('[\n  [1, "a]"],\n  [2]\n]', true)).toEqual([2, 3]);
  });
});

describe('funding CSV', () => {
  test('supervik layout: Symbol, Date, Funding Rate', () => {
    const p = parseSource(
      src('f.csv', 'Symbol,Date,Funding Rate\nBTC-USDT,2021-01-01 03:00:00,0.00034729\n'),
      'auto',
      180,
    ) as ParsedFunding;
    expect(p.kind).toBe('funding');
    expect(p.symbolInFile).toBe('BTCUSDT');
    expect(p.tsMs[0]).toBe(Date.UTC(2021, 0, 1, 0));
    expect(p.rate[0]).toBe(0.00034729);
  });

  test('freqtrade cache layout (rate in open) is read when the name says funding', () => {
    const p = parseSource(
      src('x_funding8h.csv', 'date,open,high,low,close,volume\n1701244800000,0.0001,0,0,0,0\n'),
      'auto',
      undefined,
    ) as ParsedFunding;
    expect(p.kind).toBe('funding');
    expect(p.rate[0]).toBe(0.0001);
    expect(p.layout).toMatch(/freqtrade/);
  });
});

describe('names', () => {
  test('symbol and interval from file names', () => {
    expect(symbolFromName('bybit_linear_BTCUSDT_1m_2024-01-01_2024-12-31.csv.gz')).toBe('BTCUSDT');
    expect(symbolFromName('ETHUSDT-5m-2024-01.csv')).toBe('ETHUSDT');
    expect(symbolFromName('prices.csv')).toBeUndefined();
    expect(tfMinutesFromName('bybit_linear_BTCUSDT_5m_2025.csv.gz')).toBe(5);
    expect(tfMinutesFromName('BTCUSDT-1h-2024-01.csv')).toBe(60);
    expect(tfMinutesFromName('bybit_linear_BTCUSDT_funding8h_2021.csv.gz')).toBeUndefined();
  });
});
