// `trade backtest`: load and check the Play, open the symbol's market (the store, or its snapshot when
// the store is unchanged), run the backtest, return the outcome.
import { type BacktestOutcome, type IntrabarMode, runBacktest } from '../backtest';
import { withSymbolMarket } from '../data';
import { TradeError } from '../errors';
import { MAX_STARTING_EQUITY_USDT } from '../play';
import { outRootInput, positiveDecimalInput, symbolInput, windowInput } from './parse-input';
import { defaultCatalog } from './play-catalog';
import { loadPlay } from './play-validate';
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
  noFunding: boolean;
  /** Write decisions.parquet beside the other artifacts. */
  decisions?: boolean;
  outRoot: string;
  onProgress?: (done: number, total: number) => void;
}

export const INTRABAR_MODES: readonly IntrabarMode[] = ['path', 'pessimistic', 'optimistic'];

export async function backtest(input: BacktestInput): Promise<BacktestOutcome> {
  const intrabar = input.intrabar as IntrabarMode;
  if (!INTRABAR_MODES.includes(intrabar)) {
    throw new TradeError('USAGE', `--intrabar must be one of ${INTRABAR_MODES.join(', ')} (got '${input.intrabar}')`);
  }
  const equityUsdt =
    input.equity === undefined ? undefined : positiveDecimalInput(input.equity, '--equity', MAX_STARTING_EQUITY_USDT, 'USDT');
  outRootInput(input.outRoot);
  const symbol = input.symbol === undefined ? undefined : symbolInput(input.symbol, '--symbol');
  const { fromMs, toMs } = windowInput(input.from, input.to);
  const checked = loadPlay(input.playPath, defaultCatalog());
  return withSymbolMarket(input.dbPath, symbol ?? checked.play.symbol, (market) =>
    runBacktest(market, checked, {
      fromMs,
      toMs,
      equityUsdt,
      intrabar,
      noFunding: input.noFunding,
      decisionsFile: input.decisions === true,
      outRoot: input.outRoot,
      packageVersion: packageVersion(),
      onProgress: input.onProgress,
    }),
  );
}
