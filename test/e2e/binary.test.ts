// The shipped executable: copied into an empty temp directory, run with a PATH that has no bun or
// node, it prints its version and creates an empty store with `trade data info`. DuckDB's native
// library is unpacked and loaded only by commands that open the store: not by `--version`, nor by
// a backtest on an unchanged store's snapshot.
import { describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pkg from '../../package.json' with { type: 'json' };

const ROOT = resolve(import.meta.dir, '../..');
const BIN = join(ROOT, 'dist/trade');

describe.skipIf(!existsSync(BIN))('dist/trade (built by scripts/build-binary.ts)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trade-bin-'));
  copyFileSync(BIN, join(dir, 'trade'));
  // PATH holds only the temp dir itself: no bun, no node (node lives in /usr/bin on these machines).
  const env = { PATH: dir, HOME: dir, TZ: 'UTC' };

  const run = (...args: string[]) => {
    const p = Bun.spawnSync([join(dir, 'trade'), ...args], { cwd: dir, env });
    return { code: p.exitCode, out: p.stdout.toString(), err: p.stderr.toString() };
  };

  test('no bun or node on the PATH used', () => {
    for (const tool of ['bun', 'node']) {
      expect(Bun.spawnSync(['/bin/sh', '-c', `command -v ${tool}`], { env }).exitCode).not.toBe(0);
    }
  });

  test('--version prints semver and the core.wasm hash', () => {
    const wasmHash = createHash('sha256')
      .update(readFileSync(join(ROOT, 'core-rs/core.wasm')))
      .digest('hex')
      .slice(0, 12);
    const r = run('--version');
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(`trade ${pkg.version} core ${wasmHash}`);
    expect(existsSync(join(dir, '.cache/trade'))).toBe(false);
  });

  test('data info creates an empty store and prints schema version and table counts', () => {
    const r = run('data', 'info', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.out);
    expect(info.schemaVersion).toBeGreaterThanOrEqual(1);
    expect(info.tables.candles_1m).toBe(0);
    expect(existsSync(join(dir, 'data/trade.duckdb'))).toBe(true);
  });

  test('a backtest on an unchanged store reads its snapshot without loading DuckDB', () => {
    const play = join(ROOT, 'plays/ema-cross.yml');
    const backtest = (home: string) => {
      const p = Bun.spawnSync([join(dir, 'trade'), 'backtest', play, '--json'], { cwd: dir, env: { ...env, HOME: home } });
      expect(p.stderr.toString()).toBe('');
      expect(p.exitCode).toBe(0);
      return JSON.parse(p.stdout.toString()).hashes.run_hash as string;
    };
    const first = backtest(dir); // imports the bundled sample into the empty store
    expect(backtest(dir)).toBe(first); // store unchanged: takes the snapshot
    expect(existsSync(join(dir, 'data/trade.duckdb.cache/inputs-BTCUSDT.json'))).toBe(true);
    const fresh = mkdtempSync(join(tmpdir(), 'trade-bin-home-'));
    expect(backtest(fresh)).toBe(first);
    expect(existsSync(join(fresh, '.cache/trade'))).toBe(false);
    expect(existsSync(join(dir, '.cache/trade'))).toBe(true);
    rmSync(fresh, { recursive: true, force: true });
  }, 60_000);

  test('usage errors exit 2 with a one-line message', () => {
    const r = run('data', 'info', '--bogus');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('unknown option --bogus');
  });
});

test('the binary exists when the test command built it (CI)', () => {
  if (process.env.CI) expect(existsSync(BIN)).toBe(true);
});
