// Artifacts are written atomically into backtests/<play>/<run12>/, verified by the gate, and the
// gate catches a tampered file.
import { expect, test } from 'bun:test';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { equityColumns, verifyArtifacts, writeArtifacts } from '../../../src/backtest/artifacts';
import { type ClosedTrade, EquityLog } from '../../../src/engine';

const trade: ClosedTrade = {
  side: 'long',
  qty: 0.01,
  entryTsMs: 1_717_200_000_000,
  entryPrice: 67_000.5,
  exitTsMs: 1_717_203_600_000,
  exitPrice: 67_500,
  feesUsdt: 0.74,
  fundingUsdt: 0.05,
  pnlUsdt: 4.205,
  maeUsdt: -1.005,
  mfeUsdt: 5.995,
  exitReason: 'take_profit',
  ambiguous: false,
};

const input = (root: string) => ({
  rootDir: root,
  manifest: {
    play_id: 'demo',
    play_hash: 'p'.repeat(64),
    input_hash: 'i'.repeat(64),
    engine_hash: 'e'.repeat(64),
    window: { from: '2024-06-01T00:00:00.000Z', to: '2024-06-02T00:00:00.000Z', from_ms: 1_717_200_000_000, to_ms: 1_717_286_400_000 },
    options: { intrabar: 'path' },
  },
  trades: [trade],
  equity: equityColumns(
    EquityLog.from([
      { tsMs: 1_717_200_000_000, equityUsdt: 1000, walletUsdt: 1000, positionQty: 0.01 },
      { tsMs: 1_717_200_900_000, equityUsdt: 990, walletUsdt: 1000, positionQty: 0.01 },
    ]),
    1000,
  ),
  result: { metrics: { trades: 1 } },
});

test('write, verify, rewrite identically, detect tampering', async () => {
  const root = mkdtempSync(join(tmpdir(), 'trade-art-'));
  const { dir, manifest } = writeArtifacts(input(root));
  expect(dir).toBe(join(root, 'demo', manifest.run_hash.slice(0, 12)));
  expect(readdirSync(join(root, 'demo'))).toEqual([manifest.run_hash.slice(0, 12)]);
  expect(verifyArtifacts(dir).run_hash).toBe(manifest.run_hash);
  const before = readFileSync(join(dir, 'trades.parquet'));
  const again = writeArtifacts(input(root));
  expect(again.manifest.run_hash).toBe(manifest.run_hash);
  expect(readFileSync(join(dir, 'trades.parquet')).equals(before)).toBe(true);
  expect(existsSync(`${dir}.tmp`)).toBe(false);
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...m, trades_hash: '0'.repeat(64) }));
  expect(() => verifyArtifacts(dir)).toThrow('trades_hash does not match trades.parquet');
});

test('the feature pipeline is recorded in the manifest, outside run_hash (batch and incremental give the same results)', () => {
  const root = mkdtempSync(join(tmpdir(), 'trade-art-'));
  const plain = writeArtifacts(input(root)).manifest;
  const base = input(root);
  const { dir, manifest } = writeArtifacts({ ...base, manifest: { ...base.manifest, features: 'incremental' } });
  expect(manifest.run_hash).toBe(plain.run_hash);
  expect(manifest.features).toBe('incremental');
  expect(plain.features).toBeUndefined();
  expect(verifyArtifacts(dir).features).toBe('incremental');
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  expect(m.features).toBe('incremental');
  // Anything else added to the manifest body still breaks run_hash.
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...m, options: { intrabar: 'optimistic' } }));
  expect(() => verifyArtifacts(dir)).toThrow('run_hash does not match the manifest body');
});
