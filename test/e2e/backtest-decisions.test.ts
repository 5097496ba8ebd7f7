// `trade backtest --decisions` from the shipped binary: decisions.parquet holds one row per
// evaluation (every exec close of the window) with the action, the case that fired, the inputs
// and the commands; the manifest hashes it; the run itself (run_hash, trades) is the same as
// without the file.
import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readParquetColumns } from '../../src/data';

const ROOT = resolve(import.meta.dir, '../..');
const BIN = join(ROOT, 'dist/trade');
const out = mkdtempSync(join(tmpdir(), 'trade-decisions-'));
const db = join(out, 'store.duckdb');
const env = { ...process.env, TZ: 'UTC', HOME: out };
afterAll(() => rmSync(out, { recursive: true, force: true }));

function backtest(...extra: string[]) {
  const p = Bun.spawnSync([BIN, 'backtest', 'plays/ema-cross.yml', '--db', db, '--out', out, '--json', ...extra], { cwd: ROOT, env });
  expect(p.stderr.toString()).toBe('');
  expect(p.exitCode).toBe(0);
  return JSON.parse(p.stdout.toString());
}

describe.skipIf(!existsSync(BIN))('trade backtest --decisions (dist/trade)', () => {
  test('a private store with the bundled sample', () => {
    expect(Bun.spawnSync([BIN, 'data', 'import', '--sample', '--db', db], { cwd: ROOT, env }).exitCode).toBe(0);
  });

  test('writes decisions.parquet, hashed in the manifest, without changing the run', () => {
    const plain = backtest();
    const r = backtest('--decisions');
    expect(r.hashes.run_hash).toBe(plain.hashes.run_hash);
    expect(r.hashes.trades_hash).toBe(plain.hashes.trades_hash);
    const manifest = JSON.parse(readFileSync(join(r.artifacts, 'manifest.json'), 'utf8'));
    expect(manifest.decisions_hash).toBe(r.hashes.decisions_hash);
    const d = readParquetColumns(join(r.artifacts, 'decisions.parquet'));
    // one evaluation per 15m exec close in the window
    expect(d.rows).toBe((r.window.to_ms - r.window.from_ms) / 900_000);
    expect(manifest.decisions_rows).toBe(d.rows);
    const action = d.columns.get('action') as unknown as string[];
    const tag = d.columns.get('tag') as unknown as string[];
    const commands = d.columns.get('commands_json') as unknown as string[];
    const inputs = d.columns.get('inputs_json') as unknown as string[];
    const entries = [...action.keys()].filter((i) => action[i] === 'enter_long');
    expect(entries.length).toBeGreaterThan(30);
    // the long entries come from the case tagged golden and carry the commands they issued
    for (const i of entries) expect(tag[i]).toBe('golden');
    const withSubmit = entries.filter((i) => JSON.parse(commands[i]!).some((c: { kind: string }) => c.kind === 'submit'));
    expect(withSubmit.length).toBe(entries.length);
    const first = JSON.parse(inputs[entries[0]!]!);
    expect(Object.keys(first)).toEqual(expect.arrayContaining(['exec:ema_fast.value', 'exec:ema_slow.value', 'last_price', 'side']));
    // buys in the file = long trades opened = long trades in the summary (+1 for the open one)
    expect(entries.length).toBeGreaterThanOrEqual(r.metrics.longTrades);
  });
});
