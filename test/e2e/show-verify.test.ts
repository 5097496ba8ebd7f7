// From dist/trade: a backtest's timings_ms (where the time went) in --json and in result.json, and
// `trade show --verify`, the full artifact gate a backtest no longer runs on itself (it checks the
// sizes it wrote): every hash re-derived from the files, and a changed byte in trades.parquet found.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, sandbox } from './cli-harness';

const box = sandbox('trade-e2e-show-verify-');
const DB = join(box.dir, 'store.duckdb');
const OUT = join(box.dir, 'bt');
beforeAll(() => {
  expect(box.run('data', 'import', '--sample', '--db', DB).code).toBe(0);
}, 60_000);
afterAll(() => box.cleanup());

test('timings_ms in --json and result.json; show --verify passes, then finds a changed byte', () => {
  const r = box.run('backtest', join(ROOT, 'plays/ema-cross.yml'), '--db', DB, '--out', OUT, '--json');
  expect(r.code).toBe(0);
  const j = JSON.parse(r.out);
  const phases = ['load', 'gates', 'features', 'simulate', 'metrics', 'artifacts', 'total'];
  expect(Object.keys(j.timings_ms)).toEqual(phases);
  for (const p of phases) expect(j.timings_ms[p]).toBeGreaterThanOrEqual(0);
  const parts = phases.slice(0, -1).reduce((a, p) => a + j.timings_ms[p], 0);
  expect(j.timings_ms.total).toBeGreaterThanOrEqual(parts - 0.5);
  const written = JSON.parse(readFileSync(join(j.artifacts, 'result.json'), 'utf8'));
  expect(Object.keys(written.timings_ms)).toEqual(phases);

  const ok = box.run('show', j.artifacts, '--verify', '--root', OUT);
  expect({ code: ok.code, err: ok.err }).toEqual({ code: 0, err: '' });
  expect(ok.out).toContain('artifact gate: every row count and hash re-derived from the files: ok');

  // One price in trades.parquet changed in place (same size): the gate re-derives trades_hash.
  const file = join(j.artifacts, 'trades.parquet');
  const bytes = readFileSync(file);
  const at = bytes.length >> 1;
  bytes[at] = bytes[at]! ^ 0x01;
  writeFileSync(file, bytes);
  const bad = box.run('show', j.artifacts, '--verify', '--root', OUT);
  expect(bad.code).toBe(1);
  expect(bad.err.trim().split('\n')).toHaveLength(1);
  expect(bad.err).toContain('artifact gate');
}, 60_000);
