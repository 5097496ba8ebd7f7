// Versioned store schema. Each migration runs in one transaction together with the version bump,
// so a failing migration reports itself and leaves the store exactly as it was.
import { DataError } from '../errors';
import type { Db } from './duckdb';

export interface Migration {
  version: number;
  name: string;
  sql: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'candles, funding, instruments, import log',
    sql: [
      `CREATE TABLE candles_1m (
        symbol VARCHAR NOT NULL, ts_open_ms BIGINT NOT NULL,
        open DOUBLE NOT NULL, high DOUBLE NOT NULL, low DOUBLE NOT NULL, close DOUBLE NOT NULL,
        volume DOUBLE NOT NULL, turnover DOUBLE,
        PRIMARY KEY (symbol, ts_open_ms))`,
      `CREATE TABLE funding (
        symbol VARCHAR NOT NULL, ts_ms BIGINT NOT NULL, rate DOUBLE NOT NULL,
        PRIMARY KEY (symbol, ts_ms))`,
      `CREATE TABLE instruments (
        symbol VARCHAR PRIMARY KEY, tick_size DOUBLE NOT NULL, qty_step DOUBLE NOT NULL,
        min_qty DOUBLE NOT NULL, min_notional DOUBLE NOT NULL, max_leverage DOUBLE NOT NULL,
        funding_interval_min INTEGER NOT NULL, source VARCHAR NOT NULL)`,
      `CREATE TABLE risk_tiers (
        symbol VARCHAR NOT NULL, tier INTEGER NOT NULL, risk_limit_usdt DOUBLE NOT NULL,
        max_leverage DOUBLE NOT NULL, mmr DOUBLE NOT NULL, mm_deduction DOUBLE NOT NULL,
        PRIMARY KEY (symbol, tier))`,
      `CREATE TABLE import_log (
        source VARCHAR NOT NULL, content_sha256 VARCHAR NOT NULL, kind VARCHAR NOT NULL,
        symbol VARCHAR NOT NULL, rows_read BIGINT NOT NULL, rows_added BIGINT NOT NULL,
        imported_at_ms BIGINT NOT NULL)`,
    ],
  },
  {
    version: 2,
    name: 'native higher-timeframe candles, import log drop count and note',
    sql: [
      // Candles imported at an interval other than 1m (e.g. Bybit 5m). Reference data for parity
      // checks and inspection; the engine only ever resamples candles_1m.
      `CREATE TABLE candles_native (
        symbol VARCHAR NOT NULL, tf_min INTEGER NOT NULL, ts_open_ms BIGINT NOT NULL,
        open DOUBLE NOT NULL, high DOUBLE NOT NULL, low DOUBLE NOT NULL, close DOUBLE NOT NULL,
        volume DOUBLE NOT NULL, turnover DOUBLE,
        PRIMARY KEY (symbol, tf_min, ts_open_ms))`,
      'ALTER TABLE import_log ADD COLUMN rows_dropped BIGINT DEFAULT 0',
      'ALTER TABLE import_log ADD COLUMN note VARCHAR',
    ],
  },
  {
    version: 3,
    name: 'candle tables without a primary key (insertCandles keeps keys unique)',
    // DuckDB keeps a primary key as an ART index maintained on every insert and commit: writing a
    // year of 1m candles took 0.55-0.61 s with it, about 0.23 s without. The one write path
    // (write-candles.ts) already refuses conflicts and inserts new keys only, so the index checked
    // nothing it does not. Each table is rebuilt with the same columns and its stored rows in key
    // order (DuckDB cannot drop a primary key in place).
    sql: [
      ...rebuildWithoutKey(
        'candles_1m',
        `symbol VARCHAR NOT NULL, ts_open_ms BIGINT NOT NULL,
        open DOUBLE NOT NULL, high DOUBLE NOT NULL, low DOUBLE NOT NULL, close DOUBLE NOT NULL,
        volume DOUBLE NOT NULL, turnover DOUBLE`,
        'symbol, ts_open_ms',
      ),
      ...rebuildWithoutKey(
        'candles_native',
        `symbol VARCHAR NOT NULL, tf_min INTEGER NOT NULL, ts_open_ms BIGINT NOT NULL,
        open DOUBLE NOT NULL, high DOUBLE NOT NULL, low DOUBLE NOT NULL, close DOUBLE NOT NULL,
        volume DOUBLE NOT NULL, turnover DOUBLE`,
        'symbol, tf_min, ts_open_ms',
      ),
    ],
  },
];

/** Statements that replace `table` by one with `columns` and no key, its rows copied in `order`. */
function rebuildWithoutKey(table: string, columns: string, order: string): string[] {
  const next = `${table}_v3`;
  return [
    `CREATE TABLE ${next} (${columns})`,
    `INSERT INTO ${next} BY NAME SELECT * FROM ${table} ORDER BY ${order}`,
    `DROP TABLE ${table}`,
    `ALTER TABLE ${next} RENAME TO ${table}`,
  ];
}

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export async function currentVersion(db: Db): Promise<number> {
  await db.run('CREATE TABLE IF NOT EXISTS schema_meta (version INTEGER NOT NULL)');
  const rows = await db.rows<{ version: number }>('SELECT max(version) AS version FROM schema_meta');
  return Number(rows[0]?.version ?? 0);
}

/** The applied version without writing anything (a store opened read-only); 0 for a file without schema_meta. */
export async function readVersion(db: Db): Promise<number> {
  const rows = await db.rows<{ version: number | null }>(
    "SELECT (SELECT max(version) FROM schema_meta) AS version WHERE EXISTS (SELECT 1 FROM duckdb_tables() WHERE table_name = 'schema_meta')",
  );
  return Number(rows[0]?.version ?? 0);
}

/** The error for a store written by a newer build: it is never opened (not even to read). */
export function newerThanBuild(path: string, version: number, latest = SCHEMA_VERSION): DataError {
  return new DataError('DATA_STORE', `store ${path} has schema version ${version}, newer than this build supports (${latest})`);
}

export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<number> {
  let version = await currentVersion(db);
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (version > latest) throw newerThanBuild(db.path, version, latest);
  for (const m of migrations) {
    if (m.version <= version) continue;
    try {
      await db.transaction(async () => {
        for (const stmt of m.sql) await db.run(stmt);
        await db.run('INSERT INTO schema_meta VALUES ($1)', [m.version]);
      });
    } catch (cause) {
      throw new DataError(
        'DATA_STORE',
        `migration ${m.version} (${m.name}) failed on ${db.path}: ${(cause as Error).message}; the store is unchanged at version ${version}`,
        { version: m.version },
        { cause },
      );
    }
    version = m.version;
  }
  return version;
}
