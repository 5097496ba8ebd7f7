// Header detection for CSV market data: maps header names in any order and spelling to roles.
import { headerKey } from '../csv';

export type Role = 'time' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'turnover' | 'symbol' | 'rate';

const SYNONYMS: Record<Role, readonly string[]> = {
  time: [
    'opentime',
    'timestamp',
    'time',
    'date',
    'datetime',
    'starttime',
    'ts',
    'tsopenms',
    'opentimems',
    'fundingratetimestamp',
    'fundingtime',
  ],
  open: ['open', 'openprice', 'o'],
  high: ['high', 'highprice', 'h'],
  low: ['low', 'lowprice', 'l'],
  close: ['close', 'closeprice', 'c'],
  volume: ['volume', 'vol', 'v', 'basevolume'],
  turnover: ['turnover', 'quotevolume', 'quoteassetvolume', 'quotevol', 'volumeusdt'],
  symbol: ['symbol', 'pair', 'ticker', 'instrument', 'market'],
  rate: ['fundingrate', 'rate', 'funding'],
};

export type ColumnMap = Partial<Record<Role, number>>;

/** Column index per role from header cells; the first matching column wins. */
export function mapHeader(cells: readonly string[]): ColumnMap {
  const map: ColumnMap = {};
  cells.forEach((cell, i) => {
    const key = headerKey(cell);
    for (const role of Object.keys(SYNONYMS) as Role[]) {
      if (map[role] === undefined && SYNONYMS[role].includes(key)) map[role] = i;
    }
  });
  return map;
}

export function synonymsOf(role: Role): string {
  return SYNONYMS[role].join('/');
}
