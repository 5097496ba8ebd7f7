// Report size and render time for a year of BTCUSDT (2024): the 15m exec Play ema-cross and the
// 1m exec Play every-minute (an EMA 5/13 cross at every 1m close: the heaviest case, tens of
// thousands of trades). Imports the year into a temp store with dist/trade (not timed), runs each
// backtest over the whole year (from the first bar after the warm-up) with --decisions, then times `dist/trade report` (wall, process start included) and
// opens the page in headless chromium 3 times: render time is the page's own performance.now()
// when every chart has painted (window.tradeReport.readyMs). Prints one line per case.
// Run: bun scripts/bench/report.ts   (needs dist/trade and /usr/bin/chromium)
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Browser } from '../../test/e2e/browser';
import { YEAR_2024 } from './candles';

const ROOT = resolve(import.meta.dir, '../..');
const BIN = join(ROOT, 'dist/trade');
const CASES = [
  { name: 'year of 15m (ema-cross)', play: join(ROOT, 'plays/ema-cross.yml') },
  { name: 'year of 1m (every-minute)', play: join(ROOT, 'scripts/bench/plays/every-minute.yml') },
];

function trade(cwd: string, ...args: string[]): string {
  const p = Bun.spawnSync([BIN, ...args], { cwd, env: { ...process.env, TZ: 'UTC' } });
  if (p.exitCode !== 0) throw new Error(`trade ${args.join(' ')}: ${p.stderr.toString()}${p.stdout.toString().slice(0, 500)}`);
  return p.stdout.toString();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = mkdtempSync(join(tmpdir(), 'trade-bench-report-'));
const db = join(dir, 'store.duckdb');
const browser = await Browser.launch(1280, 900);
try {
  trade(dir, 'data', 'import', YEAR_2024, '--db', db);
  for (const c of CASES) {
    const bt = JSON.parse(trade(dir, 'backtest', c.play, '--to', '2025-01-01', '--no-funding', '--decisions', '--json', '--db', db));
    const out = join(dir, `${bt.play_id}.html`);
    const walls: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      trade(dir, 'report', bt.hashes.run_hash.slice(0, 12), '--out', out, '--db', db);
      walls.push(performance.now() - t0);
    }
    const renders: number[] = [];
    for (let i = 0; i < 3; i++) {
      const log = await browser.open(`file://${out}`, 'window.tradeReport && window.tradeReport.ready', 300_000);
      if (log.errors.length > 0) throw new Error(`${c.name}: page errors ${log.errors.join('; ')}`);
      renders.push(await browser.evaluate<number>('window.tradeReport.readyMs'));
      await browser.open('about:blank', 'true');
    }
    console.log(
      `${c.name}: ${bt.metrics.trades} trades, report ${(statSync(out).size / 1e6).toFixed(2)} MB, trade report ${median(walls).toFixed(0)} ms wall (median of 3), render ${median(renders)} ms in chromium (median of 3: ${renders.join(', ')})`,
    );
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
