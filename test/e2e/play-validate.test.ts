// `trade play validate` through the real CLI: output lines and exit codes.
import { describe, expect, test } from 'bun:test';

function run(...args: string[]) {
  const p = Bun.spawnSync(['bun', 'src/cli/main.ts', 'play', 'validate', ...args], { stdout: 'pipe', stderr: 'pipe' });
  return { code: p.exitCode, out: p.stdout.toString(), err: p.stderr.toString() };
}

describe('trade play validate', () => {
  test('prints ok <id> <play_hash> and exits 0 for valid Plays', () => {
    const r = run('plays/ema-cross.yml', 'plays/htf-trend-filter.yml');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^ok ema-cross [0-9a-f]{64}$/);
    expect(lines[1]).toMatch(/^ok htf-trend-filter [0-9a-f]{64}$/);
  });

  test('prints each error on one line and exits 2', () => {
    const r = run('plays/ema-cross.yml', 'test/unit/play/broken/11-param-below-min.yml');
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^ok ema-cross [0-9a-f]{64}\n$/);
    expect(r.err).toBe(
      '✖ test/unit/play/broken/11-param-below-min.yml:7:49 features.ema_fast.params.length must be ≥ 1 (got 0)\n✖ play validate: 1 error in 1 of 2 files\n',
    );
  });

  test('--json prints one object', () => {
    const r = run('--json', 'plays/ema-cross.yml');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.errors).toBe(0);
    expect(j.files[0].id).toBe('ema-cross');
  });
});
