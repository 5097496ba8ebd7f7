// `trade emulator`: checks the options, opens the store (importing the bundled sample when it has no
// candles, as `trade data candles` does) and starts the loopback Bybit V5 emulator on it.
import { ensureSampleData, Store } from '../data';
import { MINUTE_MS } from '../domain';
import { type Emulator, type FaultOptions, startEmulator } from '../emulator';
import { TradeError } from '../errors';
import { dateInput } from './parse-input';

export interface EmulatorInput {
  port?: string;
  now?: string;
  /** 'FROM..TO' ISO ranges of 1m candles to omit. */
  gaps?: string[];
  burst10006?: string;
  burst403?: string;
  burstAfter?: string;
  /** ISO minute served with high below low. */
  badRow?: string;
}

export interface RunningEmulator {
  url: string;
  port: number;
  sampleImported: boolean;
  emulator: Emulator;
  stop(): Promise<void>;
}

function count(value: string | undefined, option: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > max)
    throw new TradeError('USAGE', `${option} '${value}': expected an integer in [0, ${max}]`);
  return Number(value);
}

export function parseGap(value: string): [number, number] {
  const parts = value.split('..');
  const expected = `--gap '${value}': expected FROM..TO with ISO 8601 UTC times, FROM before TO, e.g. 2024-08-10T00:00Z..2024-08-10T01:00Z`;
  if (parts.length !== 2) throw new TradeError('USAGE', expected);
  const from = dateInput(parts[0], '--gap FROM');
  const to = dateInput(parts[1], '--gap TO');
  if (from === undefined || to === undefined || to <= from) throw new TradeError('USAGE', expected);
  return [from, to];
}

export async function runEmulator(dbPath: string, input: EmulatorInput): Promise<RunningEmulator> {
  const port = count(input.port, '--port', 65_535);
  const nowMs = dateInput(input.now, '--now');
  const badRow = dateInput(input.badRow, '--bad-row');
  if (badRow !== undefined && badRow % MINUTE_MS !== 0)
    throw new TradeError('USAGE', `--bad-row '${input.badRow}': expected a whole minute (a 1m candle open time)`);
  const faults: FaultOptions = {
    gapsMs: (input.gaps ?? []).map(parseGap),
    burst10006: count(input.burst10006, '--burst-10006', 1_000_000),
    burst403: count(input.burst403, '--burst-403', 1_000_000),
    burstAfter: count(input.burstAfter, '--burst-after', 1_000_000_000),
    badRowMs: badRow,
  };
  const store = await Store.open(dbPath);
  try {
    const sample = await ensureSampleData(store);
    const emulator = await startEmulator({ store, port, nowMs, faults });
    return {
      url: emulator.url,
      port: emulator.port,
      sampleImported: sample.length > 0,
      emulator,
      stop: async () => {
        await emulator.stop();
        store.close();
      },
    };
  } catch (e) {
    store.close();
    throw e;
  }
}
