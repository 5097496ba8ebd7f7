// `trade sweep` from the CLI (dist/trade when built) on the bundled sample month: a 50-variant
// sweep equals 50 single `trade backtest` runs of its variant Plays (same run_hash each), 1 and 2
// workers give identical results, a repeated sweep runs nothing new, the files under
// sweeps/<id>/ agree with the JSON, a terminal gets a progress bar with an ETA (a pipe none), and
// bad --param values exit 2 with one line.
import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, sandbox, TRADE } from './cli-harness';

const box = sandbox('trade-e2e-sweep-');
afterAll(() => box.cleanup());
const PLAY = join(ROOT, 'plays/ema-cross.yml');
const WINDOW = ['--from', '2024-08-05T00:00:00Z', '--to', '2024-08-19T00:00:00Z'];
// 10 x 5 = 50 variants.
const PARAMS = ['--param', 'features.ema_fast.params.length=5..14:1', '--param', 'risk.take_profit.rr=[1,1.5,2,2.5,3]'];

interface SweepJson {
  id: string;
  dir: string;
  variants: number;
  simulated: number;
  workers: number;
  results: {
    variant: number;
    rank: number | null;
    params: Record<string, number>;
    run_hash: string;
    play_hash: string;
    metrics: Record<string, unknown>;
  }[];
}

function sweepJson(...extra: string[]): SweepJson {
  const r = box.run('sweep', PLAY, '--db', 'store.duckdb', ...PARAMS, ...WINDOW, '--json', ...extra);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as SweepJson;
}

describe('trade sweep', () => {
  expect(box.run('data', 'import', '--sample', '--db', 'store.duckdb').code).toBe(0);
  let two: SweepJson;

  test('50 variants equal 50 single backtests, run_hash for run_hash', () => {
    two = sweepJson('--workers', '2', '--out', 'bt2');
    expect(two.variants).toBe(50);
    expect(two.simulated).toBe(50);
    expect(new Set(two.results.map((r) => r.play_hash)).size).toBe(50);
    expect(new Set(two.results.map((r) => r.run_hash)).size).toBe(50);
    for (const r of two.results) {
      const play = join(two.dir, 'plays', `${String(r.variant).padStart(4, '0')}.yml`);
      const single = box.run('backtest', join(box.dir, play), '--db', 'store.duckdb', ...WINDOW, '--out', 'single', '--json');
      expect(single.code).toBe(0);
      const j = JSON.parse(single.out);
      expect(j.hashes.run_hash).toBe(r.run_hash);
      expect(j.hashes.play_hash).toBe(r.play_hash);
      expect(j.metrics).toEqual(r.metrics);
    }
  }, 240_000);

  test('1 worker gives the same results as 2; a repeated sweep runs nothing', () => {
    const one = sweepJson('--workers', '1', '--out', 'bt1');
    expect(one.workers).toBe(1);
    expect(one.simulated).toBe(50);
    expect(one.id).toBe(two.id);
    expect(one.results.map((r) => [r.run_hash, r.rank, r.metrics])).toEqual(two.results.map((r) => [r.run_hash, r.rank, r.metrics]));
    const again = sweepJson('--workers', '2', '--out', 'bt2');
    expect(again.simulated).toBe(0);
    expect(again.results.map((r) => r.run_hash)).toEqual(two.results.map((r) => r.run_hash));
  }, 240_000);

  test('results.csv and results.parquet hold every variant with its rank', async () => {
    const dir = join(box.dir, two.dir);
    const csv = readFileSync(join(dir, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toStartWith('variant,rank,features.ema_fast.params.length,risk.take_profit.rr,return_pct,sharpe');
    expect(csv.length).toBe(51);
    const byVariant = new Map(two.results.map((r) => [r.variant, r]));
    for (const line of csv.slice(1)) {
      const cells = line.split(',');
      const r = byVariant.get(Number(cells[0]))!;
      expect(cells[1]).toBe(r.rank === null ? '' : String(r.rank));
      expect(Number(cells[2])).toBe(r.params['features.ema_fast.params.length']!);
      expect(cells.at(-2)).toBe(r.run_hash);
    }
    expect(existsSync(join(dir, 'results.parquet'))).toBe(true);
    expect(readFileSync(join(dir, 'results.parquet')).subarray(0, 4).toString()).toBe('PAR1');
    const ranks = two.results
      .map((r) => r.rank)
      .filter((x) => x !== null)
      .sort((a, b) => a! - b!);
    expect(ranks).toEqual(Array.from({ length: ranks.length }, (_, i) => i + 1));
    // Ranked by Sharpe, best first.
    const sharpe = (rank: number) => two.results.find((r) => r.rank === rank)!.metrics.sharpe as number;
    for (let k = 2; k <= ranks.length; k++) expect(sharpe(k - 1)).toBeGreaterThanOrEqual(sharpe(k));
  });

  test('a variant whose warm-up runs past the stored data fails the sweep before any run', () => {
    const r = box.run(
      'sweep',
      PLAY,
      '--db',
      'store.duckdb',
      '--param',
      'features.ema_slow.params.length=[21,3000]',
      ...WINDOW,
      '--out',
      'gate',
    );
    expect(r.code).toBe(2);
    expect(r.err.trim()).toMatch(
      /^✖ preflight: BTCUSDT 1m candles for 2024-0\d-\S+\.\.2024-08-19T00:00:00\.000Z \(window plus warm-up\) have 1 gap\(s\): /,
    );
    expect(existsSync(join(box.dir, 'gate'))).toBe(false);
  });

  test('on a terminal a progress bar with an ETA counts the variants; in a pipe there is none', () => {
    // util-linux `script` gives the command a terminal; the bar goes to it, redrawn with \r. script
    // runs the command through $SHELL, so it is bash whatever the runner's SHELL is.
    const cmd = [...TRADE, 'sweep', PLAY, '--db', 'store.duckdb', ...PARAMS, ...WINDOW, '--out', 'bt-tty'].map((a) => `'${a}'`).join(' ');
    const p = Bun.spawnSync(['script', '-qec', cmd, '/dev/null'], { cwd: box.dir, env: { ...box.env, SHELL: '/bin/bash' } });
    expect(p.exitCode).toBe(0);
    const draws = p.stdout
      .toString()
      .split('\r')
      .filter((l) => l.startsWith('sweep ['));
    expect(draws.some((l) => /\] \d+\/50 ETA \d+ s/.test(l))).toBe(true);
    expect(draws.at(-1)).toMatch(/^sweep \[#{30}\] 50\/50 /);
    const piped = box.run('sweep', PLAY, '--db', 'store.duckdb', ...PARAMS, ...WINDOW, '--out', 'bt-tty');
    expect(piped.code).toBe(0);
    expect(piped.err).not.toContain('sweep [');
    expect(piped.out).not.toContain('sweep [');
  });

  test('a bad PATH or SPEC is one line naming the option and value, exit 2', () => {
    const cases: [string, string][] = [
      [
        'features.ema_fast.params.length=5..x:1',
        "✖ --param 'features.ema_fast.params.length=5..x:1': expected the range end to be a finite number (got 'x')",
      ],
      ['features.ema_fast.params.length=5..10:0', "✖ --param 'features.ema_fast.params.length=5..10:0': expected a step > 0 (got 0)"],
      [
        'features.ema_fast.params.length=log:0..10:3',
        "✖ --param 'features.ema_fast.params.length=log:0..10:3': expected 0 < A < B in 'log:A..B:N' (got 0..10)",
      ],
      ['features.nope.length=[1,2]', `✖ --param 'features.nope.length=…': expected PATH to name a number in ${PLAY} (found nothing)`],
      ['length', "✖ --param 'length': expected PATH=SPEC with SPEC a range 'A..B:STEP', a list '[X,Y,...]' or a log range 'log:A..B:N'"],
    ];
    for (const [param, line] of cases) {
      const r = box.run('sweep', PLAY, '--db', 'store.duckdb', '--param', param);
      expect(r.code).toBe(2);
      expect(r.err.trim()).toBe(line);
    }
    const m = box.run('sweep', PLAY, '--db', 'store.duckdb', ...PARAMS, '--metric', 'luck');
    expect(m.code).toBe(2);
    expect(m.err.trim()).toStartWith("✖ --metric 'luck': expected one of sharpe, sortino, return");
  });
});
