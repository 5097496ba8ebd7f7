// `trade backtest` from the CLI on the bundled sample month (imported with `data import --sample`):
// the same command twice gives the same run_hash and byte-identical parquet, the artifacts
// pass the gate, --intrabar modes are accepted, and preflight failures exit 2 with one line.
import { describe, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { verifyArtifacts } from '../../src/backtest';

const MAIN = resolve(import.meta.dir, '../../src/cli/main.ts');
const PLAY = resolve(import.meta.dir, '../../plays/ema-cross.yml');

function trade(args: string[]) {
  const p = Bun.spawnSync([process.execPath, MAIN, ...args], { env: { ...process.env } });
  return { code: p.exitCode, out: p.stdout.toString(), err: p.stderr.toString() };
}

describe('trade backtest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trade-bt-'));
  const db = join(dir, 'store.duckdb');
  expect(trade(['data', 'import', '--sample', '--db', db]).code).toBe(0);

  test('deterministic: same command twice, same run_hash, byte-identical parquet', async () => {
    const args = ['backtest', PLAY, '--db', db, '--out', join(dir, 'bt'), '--json'];
    const a = trade(args);
    expect(a.err).toBe('');
    expect(a.code).toBe(0);
    const ra = JSON.parse(a.out);
    const tradesA = readFileSync(join(ra.artifacts, 'trades.parquet'));
    const equityA = readFileSync(join(ra.artifacts, 'equity.parquet'));
    const b = trade(args);
    const rb = JSON.parse(b.out);
    expect(rb.hashes).toEqual(ra.hashes);
    expect(readFileSync(join(rb.artifacts, 'trades.parquet')).equals(tradesA)).toBe(true);
    expect(readFileSync(join(rb.artifacts, 'equity.parquet')).equals(equityA)).toBe(true);
    expect(verifyArtifacts(ra.artifacts).run_hash).toBe(ra.hashes.run_hash);
    expect(ra.metrics.trades).toBeGreaterThan(10);
    expect(ra.window.from).toMatch(/^2024-08-0[12]T/);
  });

  test('intrabar modes change the tie-break, not the candles', () => {
    const net: Record<string, number> = {};
    const inputs = new Set<string>();
    for (const mode of ['pessimistic', 'path', 'optimistic']) {
      const r = trade(['backtest', PLAY, '--db', db, '--out', join(dir, 'bt'), '--intrabar', mode, '--json']);
      expect(r.code).toBe(0);
      const j = JSON.parse(r.out);
      expect(j.intrabar.mode).toBe(mode);
      net[mode] = j.metrics.netPnlUsdt;
      inputs.add(j.hashes.input_hash);
    }
    expect(inputs.size).toBe(1);
    // The band a user sees: resolving every ambiguous bar against the trader cannot beat resolving it for them.
    expect(net.pessimistic!).toBeLessThanOrEqual(net.optimistic!);
    const bad = trade(['backtest', PLAY, '--db', db, '--intrabar', 'random']);
    expect(bad.code).toBe(2);
    expect(bad.err.trim()).toBe("✖ --intrabar must be one of path, pessimistic, optimistic (got 'random')");
  });

  test('a window outside the stored data fails the preflight, listing the gap', () => {
    const r = trade(['backtest', PLAY, '--db', db, '--from', '2024-07-01', '--to', '2024-08-10']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('preflight: BTCUSDT 1m candles');
    expect(r.err).toMatch(/gap\(s\): 2024-06-(29|30)T/);
  });

  test('missing funding fails unless --no-funding', () => {
    const fresh = join(dir, 'nofunding.duckdb');
    const sample = resolve(import.meta.dir, '../../data/sample/bybit_linear_BTCUSDT_1m_2024-08.csv.gz');
    expect(trade(['data', 'import', sample, '--db', fresh]).code).toBe(0);
    const r = trade(['backtest', PLAY, '--db', fresh, '--out', join(dir, 'bt')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('funding is missing');
    expect(trade(['backtest', PLAY, '--db', fresh, '--out', join(dir, 'bt'), '--no-funding', '--json']).code).toBe(0);
  });
});
