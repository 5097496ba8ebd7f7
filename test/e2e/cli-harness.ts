// How the e2e tests run the CLI: `dist/trade` when it is built (what users run), else
// `bun src/cli/main.ts` (TRADE_E2E_SOURCE=1 forces the source while iterating). Each sandbox is a
// temp directory used as the working directory, with its own store path; results carry the exit
// code and both streams.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const ROOT = resolve(import.meta.dir, '../..');
export const BIN = join(ROOT, 'dist/trade');
export const USES_BINARY = process.env.TRADE_E2E_SOURCE !== '1' && (await Bun.file(BIN).exists());

/** argv prefix that starts the CLI. */
export const TRADE: readonly string[] = USES_BINARY ? [BIN] : [process.execPath, join(ROOT, 'src/cli/main.ts')];

export interface RunResult {
  code: number;
  out: string;
  err: string;
}

export interface Sandbox {
  dir: string;
  env: Record<string, string>;
  /** Runs `trade ...args` in the sandbox directory. */
  run(...args: string[]): RunResult;
  /** Same, with extra environment variables. */
  runEnv(extra: Record<string, string | undefined>, ...args: string[]): RunResult;
  /** Writes dir/name (gzipped when it ends in .gz); returns the path. */
  file(name: string, text: string | Uint8Array): string;
  cleanup(): void;
}

export function sandbox(prefix = 'trade-e2e-'): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const env: Record<string, string> = { ...(process.env as Record<string, string>), TZ: 'UTC' };
  delete env.TRADE_DB;
  const runEnv = (extra: Record<string, string | undefined>, ...args: string[]): RunResult => {
    const merged = { ...env, ...extra };
    for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
    const p = Bun.spawnSync([...TRADE, ...args], { cwd: dir, env: merged as Record<string, string> });
    return { code: p.exitCode ?? -1, out: p.stdout.toString(), err: p.stderr.toString() };
  };
  return {
    dir,
    env,
    run: (...args) => runEnv({}, ...args),
    runEnv,
    file(name, text) {
      const path = join(dir, name);
      writeFileSync(path, name.endsWith('.gz') ? gzipSync(text) : text);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** An OHLCV CSV (ISO `Z` times) of `minutes` 1m candles from `startMs`, prices a slow sine. */
export function syntheticCsv(startMs: number, minutes: number): string {
  const lines = ['timestamp,open,high,low,close,volume,turnover'];
  for (let m = 0; m < minutes; m++) {
    const p = 1000 + 50 * Math.sin(m / 500);
    const o = +p.toFixed(1);
    const c = +(p + 0.5).toFixed(1);
    lines.push(
      `${new Date(startMs + m * 60_000).toISOString()},${o},${+(c + 1).toFixed(1)},${+(o - 1).toFixed(1)},${c},2,${+(2 * c).toFixed(1)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
