// Test helpers for the data layer: temp stores, temp files, and the shared market data directory
// (../shared/data/market beside the repo in CI; tests that need it skip with a message when absent).
import { expect } from 'bun:test';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Store } from '../../../src/data';
import { DataError } from '../../../src/errors';

const ROOT = resolve(import.meta.dir, '../../..');

function findMarketDir(): string | undefined {
  const candidates = [process.env.TRADE_MARKET_DATA, join(ROOT, '../shared/data/market'), join(ROOT, '../../shared/data/market')];
  for (const c of candidates) if (c && existsSync(join(c, 'SOURCES.md'))) return c;
  return undefined;
}

export const MARKET_DIR = findMarketDir();
if (!MARKET_DIR) console.warn('shared market data not found (../shared/data/market or TRADE_MARKET_DATA): skipping tests that need it');

export function market(name: string): string {
  return join(MARKET_DIR as string, name);
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'trade-data-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function tempStore(dir: string, name = 'store.duckdb'): Promise<Store> {
  return Store.open(join(dir, name));
}

/** Writes `text` to dir/name (gzipped when the name ends in .gz) and returns the path. */
export function writeFile(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, name.endsWith('.gz') ? gzipSync(text) : text);
  return path;
}

export async function count(store: Store, sql: string): Promise<number> {
  const rows = await store.db.rows<{ n: bigint }>(sql);
  return Number(rows[0]?.n ?? 0);
}

/** Minute-candle CSV in the StaPantazis layout (Open, Close, High, Low order) from [iso, o, h, l, c, v] rows. */
export function staCsv(rows: readonly (readonly [string, number, number, number, number, number])[]): string {
  const lines = ['OpenTime,CloseTime,OpenPrice,ClosePrice,HighPrice,LowPrice,Volume,QuoteVolume,PriceDifPercentage'];
  for (const [t, o, h, l, c, v] of rows) {
    const close = new Date(Date.parse(t) + 60_000).toISOString().replace('.000Z', 'Z');
    lines.push(`${t},${close},${o},${c},${h},${l},${v},${+(v * c).toFixed(4)},${+(c - o).toFixed(2)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Sets the file's access and modification times back to `mtimeNs` to the nanosecond, as `touch -d` would. */
export function putTimesBack(path: string, mtimeNs: bigint): void {
  const at = `@${mtimeNs / 1_000_000_000n}.${String(mtimeNs % 1_000_000_000n).padStart(9, '0')}`;
  expect(Bun.spawnSync(['touch', '-d', at, path]).exitCode).toBe(0);
  expect(statSync(path, { bigint: true }).mtimeNs).toBe(mtimeNs);
}

/** The DataError `p` rejects with (anything else is rethrown; resolving is a failure). */
export async function rejected(p: Promise<unknown>): Promise<DataError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}
