// Bybit REST kline JSON (GET /v5/market/kline): the full envelope {retCode, result:{symbol, list}},
// the bare `result` object, or just `result.list`. Each list item is [startTime, open, high, low,
// close, volume, turnover] as strings, newest first. Rows keep the source line of their item.
import { allocCandles } from '../../domain';
import { TimestampParser } from '../timestamps';
import { normalizeSymbol } from './names';
import { type Issue, num, type ParsedCandles, pushIssue } from './parsed';

interface KlineEnvelope {
  retCode?: number;
  retMsg?: string;
  result?: { symbol?: string; list?: unknown };
  symbol?: string;
  list?: unknown;
}

export function parseBybitJson(text: string): ParsedCandles {
  const issues: Issue[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return emptyResult([{ line: 0, reason: `not valid JSON (${(e as Error).message})` }]);
  }
  let list: unknown;
  let symbol: string | undefined;
  if (Array.isArray(doc)) list = doc;
  else if (doc && typeof doc === 'object') {
    const env = doc as KlineEnvelope;
    if (env.retCode !== undefined && env.retCode !== 0) {
      return emptyResult([{ line: 0, reason: `Bybit response retCode ${env.retCode} (${env.retMsg ?? ''}), expected 0` }]);
    }
    const body = env.result ?? env;
    list = body.list;
    symbol = typeof body.symbol === 'string' ? normalizeSymbol(body.symbol) : undefined;
  }
  if (!Array.isArray(list)) {
    return emptyResult([
      { line: 0, reason: 'expected a Bybit kline response (result.list) or an array of [startTime, o, h, l, c, volume, turnover]' },
    ]);
  }
  const itemLines = arrayItemLines(text, Array.isArray(doc));
  const cols = allocCandles(list.length);
  const lines = new Int32Array(list.length);
  const times = new TimestampParser();
  let hasTurnover = true;
  list.forEach((item, i) => {
    const ln = itemLines[i] ?? 0;
    lines[i] = ln;
    if (!Array.isArray(item) || item.length < 6) {
      pushIssue(issues, { line: ln, reason: `list[${i}] is not [startTime, open, high, low, close, volume, turnover]` });
      cols.tsMs[i] = Number.NaN;
      return;
    }
    const cell = String(item[0]);
    const ts = times.parse(cell);
    if (Number.isNaN(ts) || times.naive) pushIssue(issues, { line: ln, reason: `list[${i}] startTime '${cell}' is not epoch ms` });
    cols.tsMs[i] = ts;
    cols.open[i] = num(String(item[1]));
    cols.high[i] = num(String(item[2]));
    cols.low[i] = num(String(item[3]));
    cols.close[i] = num(String(item[4]));
    cols.volume[i] = num(String(item[5]));
    cols.turnover[i] = item.length > 6 ? num(String(item[6])) : Number.NaN;
    if (item.length <= 6) hasTurnover = false;
  });
  return {
    kind: 'candles',
    format: 'bybit-json',
    layout: Array.isArray(doc) ? 'JSON array of kline rows' : 'Bybit kline response (result.list)',
    symbolInFile: symbol,
    rowsRead: list.length,
    lines,
    naive: undefined,
    issues,
    cols,
    hasTurnover,
    unclosedLastReason: undefined,
  };

  function emptyResult(found: Issue[]): ParsedCandles {
    return {
      kind: 'candles',
      format: 'bybit-json',
      layout: 'JSON',
      symbolInFile: undefined,
      rowsRead: 0,
      lines: new Int32Array(0),
      naive: undefined,
      issues: found,
      cols: allocCandles(0),
      hasTurnover: false,
      unclosedLastReason: undefined,
    };
  }
}

/**
 * Source line of each item of the kline list: finds the list's opening bracket (the top-level array,
 * or the array after a "list" key) and records the line where each nested array starts.
 */
export function arrayItemLines(text: string, topLevelArray: boolean): number[] {
  let start = -1;
  if (topLevelArray) start = text.indexOf('[');
  else {
    const m = /"list"\s*:\s*\[/.exec(text);
    if (m) start = m.index + m[0].length - 1;
  }
  const out: number[] = [];
  if (start < 0) return out;
  let line = 1;
  for (let i = 0; i < start; i++) if (text.charCodeAt(i) === 10) line++;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) line++;
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34) inString = false;
      continue;
    }
    if (ch === 34) inString = true;
    else if (ch === 91 /* [ */ || ch === 123 /* { */) {
      depth++;
      if (depth === 2) out.push(line);
    } else if (ch === 93 || ch === 125) {
      depth--;
      if (depth === 0) break;
    }
  }
  return out;
}
