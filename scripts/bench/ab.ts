// Two builds of `trade` side by side (not part of `bun run bench`): the 1m reference and the
// four-indicator Play, each binary run in turn (A, B, A, B ...) so a change in the machine's speed
// falls on both. Prints per binary the medians (and ranges) of the simulate phase, the in-process
// total, the wall time and the peak RSS, and checks that both give the same trades and equity hashes.
// This machine's speed moves by up to 2x within an hour: compare builds only within one run of this.
// Usage: bun scripts/bench/ab.ts <binary A> [binary B = dist/trade] [runs = 5]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { YEAR_2024 } from './candles';

const ROOT = resolve(import.meta.dir, '../..');
const FUNDING = resolve(ROOT, '../shared/data/market/bybit_linear_BTCUSDT_funding8h_2023-11-29_2025-12-29.csv.gz');
const [a, b = join(ROOT, 'dist/trade'), runsArg = '5'] = process.argv.slice(2);
if (a === undefined) {
  console.error('usage: bun scripts/bench/ab.ts <binary A> [binary B = dist/trade] [runs = 5]');
  process.exit(2);
}
const runs = Number(runsArg);

interface Outcome {
  simulateMs: number;
  totalMs: number;
  wallMs: number;
  rssMb: number;
  hashes: string;
}

function run(cmd: string[]): Outcome {
  const t0 = performance.now();
  const p = Bun.spawnSync(['/usr/bin/time', '-f', '%M', ...cmd], { stdout: 'pipe', stderr: 'pipe' });
  const wallMs = performance.now() - t0;
  if (p.exitCode !== 0) throw new Error(`ab: ${cmd.join(' ')} failed: ${p.stderr.toString().slice(0, 400)}`);
  const j = JSON.parse(p.stdout.toString()) as { timings_ms: Record<string, number> };
  const kb = Number(p.stderr.toString().trim().split('\n').pop());
  const out = p.stdout.toString();
  const hash = (k: string) => out.match(new RegExp(`"${k}":"([0-9a-f]{12})`))?.[1] ?? '?';
  return {
    simulateMs: j.timings_ms.simulate!,
    totalMs: j.timings_ms.total!,
    wallMs,
    rssMb: kb / 1024,
    hashes: `${hash('trades_hash')}/${hash('equity_hash')}`,
  };
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

const dir = mkdtempSync(join(tmpdir(), 'trade-ab-'));
try {
  const db = join(dir, 'store.duckdb');
  for (const f of [YEAR_2024, FUNDING]) run2([b, 'data', 'import', f, '--db', db]);
  const plays = [
    {
      name: '1m reference',
      args: ['scripts/bench/plays/ema-reversal-1m.yml', '--from', '2024-01-03', '--to', '2025-01-01', '--no-funding'],
    },
    { name: 'four-indicators', args: ['scripts/bench/plays/four-indicators.yml', '--from', '2024-01-01T12:00Z', '--to', '2025-01-01'] },
  ];
  for (const p of plays) {
    const args = (bin: string, tag: string) => [
      bin,
      'backtest',
      join(ROOT, p.args[0]!),
      '--db',
      db,
      ...p.args.slice(1),
      '--out',
      join(dir, tag),
      '--json',
    ];
    for (const [bin, tag] of [
      [a, 'a'],
      [b, 'b'],
    ] as const)
      run(args(bin, tag)); // warm-up
    const got: Record<'a' | 'b', Outcome[]> = { a: [], b: [] };
    for (let k = 0; k < runs; k++) {
      got.a.push(run(args(a, 'a')));
      got.b.push(run(args(b, 'b')));
    }
    console.log(`== ${p.name} (${runs} runs each, interleaved)`);
    for (const [tag, bin] of [
      ['a', a],
      ['b', b],
    ] as const) {
      const o = got[tag];
      const f = (k: keyof Omit<Outcome, 'hashes'>) => `${median(o.map((x) => x[k])).toFixed(0)} (${range(o.map((x) => x[k]))})`;
      console.log(
        `${tag} ${bin}\n  simulate ${f('simulateMs')} ms, total ${f('totalMs')} ms, wall ${f('wallMs')} ms, peak RSS ${f('rssMb')} MB, trades/equity hash ${o[0]!.hashes}`,
      );
    }
    const same = got.a.every((x) => x.hashes === got.b[0]!.hashes) && got.b.every((x) => x.hashes === got.b[0]!.hashes);
    console.log(`  same trades and equity: ${same ? 'yes' : 'NO'}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function run2(cmd: string[]): void {
  const p = Bun.spawnSync(cmd, { stdout: 'pipe', stderr: 'pipe' });
  if (p.exitCode !== 0) throw new Error(`ab: ${cmd.join(' ')} failed: ${p.stderr.toString().slice(0, 400)}`);
}
