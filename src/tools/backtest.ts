// `trade backtest`: load and check the Play, open the symbol's market (the store, or its snapshot when
// the store is unchanged), run the backtest, return the outcome.
import { type BacktestOutcome, type FeaturePipelineName, type IntrabarMode, runBacktest } from '../backtest';
import { coreCompiled } from '../core';
import { withSymbolMarket } from '../data';
import { TradeError } from '../errors';
import { MAX_STARTING_EQUITY_USDT } from '../play';
import { readSessionRecord, resolveSession } from '../state';
import { outRootInput, positiveDecimalInput, symbolInput, windowInput } from './parse-input';
import { defaultCatalog } from './play-catalog';
import { loadPlay } from './play-validate';
import { DEFAULT_STATE_DIR } from './sessions';
import { packageVersion } from './version';

export interface BacktestInput {
  playPath: string;
  dbPath: string;
  symbol?: string;
  /** ISO 8601 UTC, inclusive. */
  from?: string;
  /** ISO 8601 UTC, exclusive. */
  to?: string;
  equity?: string;
  intrabar: string;
  /** 'batch' or 'incremental' (IncrementalFeatures, the live path); the same results either way. */
  features?: string;
  noFunding: boolean;
  /** Write decisions.parquet beside the other artifacts. */
  decisions?: boolean;
  outRoot: string;
  onProgress?: (done: number, total: number) => void;
  /** A recorded session (id, prefix or journal path): its symbol, window, warm start and wallet. */
  like?: string;
  /** Where `like` is looked up (default state/). */
  stateDir?: string;
}

/** The symbol, window and starting wallet of a recorded session, for `backtest --like`. */
function likeSession(input: BacktestInput, playHash: string) {
  if (input.from !== undefined || input.to !== undefined || input.symbol !== undefined)
    throw new TradeError(
      'USAGE',
      'trade backtest --like takes the symbol and window from the session: leave out --symbol, --from and --to',
    );
  const journal = resolveSession(input.stateDir ?? DEFAULT_STATE_DIR, input.like as string);
  const rec = readSessionRecord(journal);
  if (rec.play.hash !== playHash)
    throw new TradeError(
      'USAGE',
      `--like ${input.like}: the session ran play_hash ${rec.play.hash}, this Play is ${playHash} (use the same Play file)`,
    );
  const live = rec.bars.filter((b) => !b.warm);
  if (live.length === 0) throw new TradeError('USAGE', `--like ${input.like}: the session has no live bars`);
  return {
    symbol: rec.session.symbol,
    fromMs: rec.window.startMs,
    toMs: (live.at(-1) as { tsMs: number }).tsMs + 60_000,
    equityUsdt: rec.startAccount?.walletUsdt,
  };
}

export const INTRABAR_MODES: readonly IntrabarMode[] = ['path', 'pessimistic', 'optimistic'];
export const FEATURE_PIPELINES: readonly FeaturePipelineName[] = ['batch', 'incremental'];

export async function backtest(input: BacktestInput): Promise<BacktestOutcome> {
  const intrabar = input.intrabar as IntrabarMode;
  if (!INTRABAR_MODES.includes(intrabar)) {
    throw new TradeError('USAGE', `--intrabar must be one of ${INTRABAR_MODES.join(', ')} (got '${input.intrabar}')`);
  }
  const features = (input.features ?? 'batch') as FeaturePipelineName;
  if (!FEATURE_PIPELINES.includes(features)) {
    throw new TradeError('USAGE', `--features must be one of ${FEATURE_PIPELINES.join(', ')} (got '${input.features}')`);
  }
  const equityUsdt =
    input.equity === undefined ? undefined : positiveDecimalInput(input.equity, '--equity', MAX_STARTING_EQUITY_USDT, 'USDT');
  outRootInput(input.outRoot);
  const symbol = input.symbol === undefined ? undefined : symbolInput(input.symbol, '--symbol');
  const window = windowInput(input.from, input.to);
  await coreCompiled();
  const checked = loadPlay(input.playPath, defaultCatalog());
  const like = input.like === undefined ? undefined : likeSession(input, checked.hash);
  const fromMs = like?.fromMs ?? window.fromMs;
  const toMs = like?.toMs ?? window.toMs;
  return withSymbolMarket(input.dbPath, like?.symbol ?? symbol ?? checked.play.symbol, (market) =>
    runBacktest(market, checked, {
      fromMs,
      toMs,
      equityUsdt: equityUsdt ?? like?.equityUsdt,
      // A session decides at every evaluation: so does a backtest that is compared with one.
      batchQuietBars: like === undefined,
      intrabar,
      features: features === 'incremental' ? { incremental: {} } : 'batch',
      noFunding: input.noFunding,
      decisionsFile: input.decisions === true,
      outRoot: input.outRoot,
      packageVersion: packageVersion(),
      onProgress: input.onProgress,
    }),
  );
}
