// Issue 13 item 10, a store that cannot be written: a 0444 file, and a 0444 file in a 0555 folder.
// Reading commands (data info, data candles, indicator, data coverage, backtest) open it read-only and give the
// same answers as on a writable copy; a writing command is one line naming it (STORE_READ_ONLY).
// Tests may run as root, where chmod stops no write (root bypasses file modes), so the commands then
// run as the unprivileged user `nobody` through setpriv (the test first proves that user really
// cannot write the file: the import is refused). Without root the commands run as the current user.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { chmodSync, chownSync, cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Db, MIGRATIONS, migrate, SCHEMA_VERSION } from '../../src/data';
import { ROOT, sandbox, TRADE } from './cli-harness';

const box = sandbox('trade-e2e-readonly-');
const IS_ROOT = process.getuid?.() === 0;
const SETPRIV = Bun.which('setpriv');
const NOBODY = 65_534;
const home = join(box.dir, 'home'); // the unprivileged user's HOME and DuckDB addon cache
const play = join(ROOT, 'plays/ema-cross.yml');
const writable = join(box.dir, 'rw.duckdb');
let expected: { runHash: string; info: unknown; candles: string; ema: string };

/** `trade ...args` as a user who cannot write the store (nobody when we are root). */
function asReader(...args: string[]) {
  const drop = IS_ROOT ? [SETPRIV as string, `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'] : [];
  const env = { ...box.env, HOME: home, XDG_CACHE_HOME: join(home, '.cache') };
  const p = Bun.spawnSync([...drop, ...TRADE, ...args], { cwd: home, env });
  return { code: p.exitCode ?? -1, out: p.stdout.toString(), err: p.stderr.toString() };
}

const candleArgs = ['data', 'candles', 'BTCUSDT', '--tf', '1d', '--from', '2024-08-05', '--to', '2024-08-08'];
const emaArgs = ['indicator', 'ema', '--symbol', 'BTCUSDT', '--tf', '4h', '--from', '2024-08-05', '--to', '2024-08-07'];

beforeAll(() => {
  chmodSync(box.dir, 0o755);
  mkdirSync(home);
  if (IS_ROOT) chownSync(home, NOBODY, NOBODY);
  expect(box.run('data', 'import', '--sample', '--db', writable).code).toBe(0);
  const bt = box.run('backtest', play, '--db', writable, '--out', join(box.dir, 'bt'), '--json');
  const info = JSON.parse(box.run('data', 'info', '--db', writable, '--json').out);
  expected = {
    runHash: JSON.parse(bt.out).hashes.run_hash,
    info: info.tables,
    candles: box.run(...candleArgs, '--db', writable).out,
    ema: box.run(...emaArgs, '--db', writable).out,
  };
});
afterAll(() => {
  chmodSync(join(box.dir, 'ro-dir'), 0o755);
  box.cleanup();
});

describe.skipIf(IS_ROOT && !SETPRIV)('a read-only store is read by the reading commands', () => {
  for (const where of ['a 0444 file', 'a 0444 file in a 0555 folder'] as const) {
    test(where, () => {
      const folder = join(box.dir, where === 'a 0444 file' ? 'ro-file' : 'ro-dir');
      mkdirSync(folder);
      const db = join(folder, 'store.duckdb');
      cpSync(writable, db);
      chmodSync(db, 0o444);
      chmodSync(folder, where === 'a 0444 file' ? 0o777 : 0o555);
      const imp = asReader('data', 'import', '--sample', '--db', db);
      expect([imp.code, imp.err]).toEqual([
        2,
        `✖ store ${db} cannot be opened for writing (permission denied): this command writes; reading commands (data info, data candles, backtest, ...) can still read it\n`,
      ]);
      const info = asReader('data', 'info', '--db', db, '--json');
      expect([info.code, info.err]).toEqual([0, '']);
      expect(JSON.parse(info.out).tables).toEqual(expected.info);
      const candles = asReader(...candleArgs, '--db', db);
      expect([candles.code, candles.err, candles.out]).toEqual([0, '', expected.candles]);
      const ema = asReader(...emaArgs, '--db', db);
      expect([ema.code, ema.err, ema.out]).toEqual([0, '', expected.ema]);
      const coverage = asReader('data', 'coverage', '--db', db, '--json');
      expect(JSON.parse(coverage.out).symbols[0].candles1m.rows).toBe(44640);
      const bt = asReader('backtest', play, '--db', db, '--out', join(home, `bt-${folder.slice(-3)}`), '--json');
      expect([bt.code, bt.err]).toEqual([0, '']);
      expect(JSON.parse(bt.out).hashes.run_hash).toBe(expected.runHash);
    }, 60_000);
  }

  test('an older schema that cannot be migrated, and a newer one: one line each', async () => {
    const folder = join(box.dir, 'ro-old');
    mkdirSync(folder);
    const older = join(folder, 'v1.duckdb');
    const newer = join(folder, 'v99.duckdb');
    for (const [path, step] of [
      [older, (db: Db) => migrate(db, MIGRATIONS.slice(0, 1))],
      [
        newer,
        async (db: Db) => {
          await migrate(db);
          await db.run('INSERT INTO schema_meta VALUES (99)');
        },
      ],
    ] as const) {
      const db = await Db.open(path);
      await step(db);
      db.close();
      chmodSync(path, 0o444);
    }
    const old = asReader('data', 'info', '--db', older);
    expect([old.code, old.err]).toEqual([
      2,
      `✖ store ${older} is at schema version 1 and this build reads version ${SCHEMA_VERSION}: the migration needs to write, and the store cannot be written; run any trade data command on it once with write access\n`,
    ]);
    const next = asReader('data', 'info', '--db', newer);
    expect([next.code, next.err]).toEqual([
      1,
      `✖ store ${newer} has schema version 99, newer than this build supports (${SCHEMA_VERSION})\n`,
    ]);
  }, 60_000);
});
