// `trade forge data`: writes a seeded synthetic market (1m candles, funding, its instrument) into
// the store under a SYNTH…USDT symbol, all in one transaction. Refuses a symbol whose stored
// instrument is not synthetic; an overlap with other stored synthetic values is a conflict.
import { insertCandles, insertFunding, listInstruments, upsertInstrument, withStore } from '../data';
import { isoMs } from '../domain';
import { DataError, TradeError } from '../errors';
import {
  DEFAULT_SYNTH_SYMBOL,
  readScenarioSpec,
  type ScenarioSpec,
  SYNTH_SOURCE,
  sparkline,
  syntheticInstrument,
  syntheticMarket,
  syntheticSymbolInput,
} from '../forge';

export interface ForgeDataInput {
  scenario?: string;
  bars?: string;
  seed?: string;
  symbol?: string;
  start?: string;
  /** Further shape options by spec field (event_at, vol_pct, ...), as given. */
  params?: Record<string, string>;
}

export interface ForgeDataResult {
  symbol: string;
  scenario: string;
  seed: number;
  bars: number;
  rowsWritten: number;
  rowsAdded: number;
  fundingAdded: number;
  first: string | null;
  last: string | null;
  eventBar: number;
  event: string;
  contentSha256: string;
  /** The close path as one line of block characters (oldest left). */
  sparkline: string;
}

/** The spec from CLI options, or a USAGE error listing every problem. */
export function forgeSpecInput(input: ForgeDataInput): ScenarioSpec {
  for (const [flag, v] of [
    ['--scenario', input.scenario],
    ['--bars', input.bars],
    ['--seed', input.seed],
  ] as const)
    if (v === undefined) throw new TradeError('USAGE', `trade forge data: ${flag} is required`);
  const raw: Record<string, unknown> = { name: input.scenario, bars: input.bars, seed: input.seed, ...input.params };
  if (input.start !== undefined) raw.start = input.start;
  const r = readScenarioSpec(raw);
  if (!r.spec)
    throw new TradeError(
      'USAGE',
      r.problems.map((p) => `--${p.field === 'name' ? 'scenario' : p.field.replaceAll('_', '-')}: ${p.message}`).join('\n'),
    );
  return r.spec;
}

export async function forgeData(dbPath: string, input: ForgeDataInput): Promise<ForgeDataResult> {
  const symbol = syntheticSymbolInput(input.symbol ?? DEFAULT_SYNTH_SYMBOL);
  const spec = forgeSpecInput(input);
  const m = syntheticMarket(spec);
  return withStore(dbPath, async (store) => {
    const existing = (await listInstruments(store)).find((i) => i.symbol === symbol);
    if (existing && existing.source !== SYNTH_SOURCE)
      throw new TradeError(
        'USAGE',
        `--symbol ${symbol}: the store holds a non-synthetic instrument of that name (source: ${existing.source}); pick another SYNTH…USDT name`,
      );
    const instrument = syntheticInstrument(symbol);
    const label = `forge:${spec.name}:seed=${spec.seed}:bars=${spec.bars}`;
    return withConflictAdvice(symbol, m.candles.tsMs.length, () =>
      store.db.transaction(async () => {
        await upsertInstrument(store, instrument);
        const candles = await insertCandles(store, symbol, m.candles, { name: label, sha256: m.contentSha256 });
        const funding = await insertFunding(
          store,
          symbol,
          m.funding,
          { name: `${label}:funding`, sha256: m.contentSha256 },
          { intervalMin: instrument.fundingIntervalMin },
        );
        const n = m.candles.tsMs.length;
        return {
          symbol,
          scenario: spec.name,
          seed: spec.seed,
          bars: spec.bars,
          rowsWritten: n,
          rowsAdded: candles.rowsAdded,
          fundingAdded: funding.rowsAdded,
          first: n > 0 ? isoMs(m.candles.tsMs[0]!) : null,
          last: n > 0 ? isoMs(m.candles.tsMs[n - 1]!) : null,
          eventBar: spec.eventAt,
          event: isoMs(m.eventTsMs),
          contentSha256: m.contentSha256,
          sparkline: sparkline(m.candles.tsMs, m.candles.close, spec.startMs, m.endMs),
        };
      }),
    );
  });
}

/** A conflict with stored candles as one line: the store holds another market under this name. */
async function withConflictAdvice<T>(symbol: string, rows: number, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (!(e instanceof DataError) || e.code !== 'DATA_CONFLICT') throw e;
    const first = e.message.split('\n')[1] ?? '';
    throw new DataError(
      'DATA_CONFLICT',
      `--symbol ${symbol}: the store already holds other ${symbol} candles in this range (${first.replace(/^.*?: /, '')}); nothing was written. The same scenario, seed and options add nothing; for another market use another SYNTH…USDT --symbol, another --start or another --db (${rows} rows were to be written)`,
      { symbol },
      { cause: e },
    );
  }
}
