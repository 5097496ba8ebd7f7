// CLI contract: help, version, exit codes, --json, global --db / TRADE_DB.
import { describe, expect, test } from 'bun:test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MAIN = resolve(import.meta.dir, '../../../src/cli/main.ts');

function trade(args: string[], env: Record<string, string> = {}) {
  const p = Bun.spawnSync([process.execPath, MAIN, ...args], { env: { ...process.env, ...env } });
  return { code: p.exitCode, out: p.stdout.toString(), err: p.stderr.toString() };
}

describe('trade CLI', () => {
  test('--help lists commands and exit codes', () => {
    const r = trade(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('data info');
    expect(r.out).toContain('exit codes: 0 ok, 1 runtime failure, 2 usage or validation error');
  });

  test('--version format', () => {
    const r = trade(['--version']);
    expect(r.out.trim()).toMatch(/^trade \d+\.\d+\.\d+ core [0-9a-f]{12}$/);
    expect(JSON.parse(trade(['--version', '--json']).out)).toHaveProperty('core');
  });

  test('unknown command exits 2', () => {
    const r = trade(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown command 'frobnicate'");
  });

  test('--db and TRADE_DB select the store', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trade-cli-'));
    const a = JSON.parse(trade(['data', 'info', '--json', '--db', join(dir, 'a.duckdb')]).out);
    expect(a.path).toBe(join(dir, 'a.duckdb'));
    const b = JSON.parse(trade(['data', 'info', '--json'], { TRADE_DB: join(dir, 'b.duckdb') }).out);
    expect(b.path).toBe(join(dir, 'b.duckdb'));
    const c = JSON.parse(trade(['data', 'info', '--json', '--db', join(dir, 'c.duckdb')], { TRADE_DB: join(dir, 'b.duckdb') }).out);
    expect(c.path).toBe(join(dir, 'c.duckdb'));
    // Global options may also come before the command, as in git or docker.
    const d = JSON.parse(trade(['--db', join(dir, 'd.duckdb'), '--json', 'data', 'info']).out);
    expect(d.path).toBe(join(dir, 'd.duckdb'));
    const e = JSON.parse(trade([`--db=${join(dir, 'e.duckdb')}`, 'data', 'info', '--json']).out);
    expect(e.path).toBe(join(dir, 'e.duckdb'));
    const f = trade(['--nope', 'data', 'info']);
    expect(f.code).toBe(2);
  });

  test('a store path that cannot be opened is a runtime failure (exit 1)', () => {
    const r = trade(['data', 'info', '--db', '/proc/forbidden/x.duckdb']);
    expect(r.code).toBe(1);
    expect(r.err.startsWith('✖ ')).toBe(true);
  });
});
