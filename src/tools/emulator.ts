// `trade emulator`: checks the options, opens the store (importing the bundled sample when it has no
// candles, as `trade data candles` does) and starts the loopback Bybit V5 emulator on it: accounts,
// an optional replay (--symbol --from --to --speed --decision-ms), faults and the admin endpoints.
import { openReadStore } from '../data';
import { MINUTE_MS } from '../domain';
import { type AccountSpec, type Emulator, type FaultOptions, parseAccountSpec, type ReplayOptions, startEmulator } from '../emulator';
import { TradeError } from '../errors';
import { dateInput, symbolInput } from './parse-input';

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
  /** KEY:SECRET[:USDT], repeatable. */
  accounts?: string[];
  symbol?: string;
  from?: string;
  to?: string;
  /** Market minutes per wall second: a number, a fraction like 1/60, `max`, or 0 (paused). */
  speed?: string;
  decisionMs?: string;
  /** JSON bodies of POST /admin/fault, applied at start. */
  faults?: string[];
  admin?: boolean;
  rateLimitScale?: string;
}

export interface RunningEmulator {
  url: string;
  port: number;
  /** The first --json line: the four URLs. */
  urls: { rest: string; ws_public: string; ws_private: string; ws_trade: string };
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

/** `--speed`: M market minutes per wall second (`1/60` is real time, `max` unpaced, 0 paused). */
export function parseSpeed(value: string | undefined): number {
  if (value === undefined) return 1;
  if (value === 'max') return Number.POSITIVE_INFINITY;
  const m = /^(\d+(?:\.\d+)?)(?:\/(\d+(?:\.\d+)?))?$/.exec(value);
  const n = m ? Number(m[1]) / (m[2] === undefined ? 1 : Number(m[2])) : Number.NaN;
  if (!Number.isFinite(n) || n < 0)
    throw new TradeError('USAGE', `--speed '${value}': expected minutes per second like 60, 1/60 (real time), max or 0 (paused)`);
  return n;
}

function replayInput(input: EmulatorInput): ReplayOptions | undefined {
  const given = [input.symbol, input.from, input.to].filter((x) => x !== undefined).length;
  if (given === 0) return undefined;
  if (given !== 3)
    throw new TradeError(
      'USAGE',
      '--symbol, --from and --to: a replay needs all three (e.g. --symbol BTCUSDT --from 2024-08-01 --to 2024-08-02)',
    );
  const fromMs = dateInput(input.from, '--from') as number;
  const toMs = dateInput(input.to, '--to') as number;
  if (toMs <= fromMs || fromMs % MINUTE_MS !== 0 || toMs % MINUTE_MS !== 0)
    throw new TradeError('USAGE', `--from ${input.from} --to ${input.to}: expected whole minutes with --from before --to`);
  const decisionMs = count(input.decisionMs, '--decision-ms', 60_000) ?? 100;
  return { symbol: symbolInput(input.symbol, '--symbol'), fromMs, toMs, speed: parseSpeed(input.speed), decisionMs };
}

function faultInput(text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (cause) {
    throw new TradeError('USAGE', `--fault '${text}': expected a JSON object like {"fault":"skew","ms":3000}`, undefined, { cause });
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v) || typeof (v as { fault?: unknown }).fault !== 'string')
    throw new TradeError('USAGE', `--fault '${text}': expected a JSON object with a "fault" name`);
  return v as Record<string, unknown>;
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
  const accounts: AccountSpec[] = (input.accounts ?? []).map(parseAccountSpec);
  const replay = replayInput(input);
  const liveFaults = (input.faults ?? []).map(faultInput);
  const scale = input.rateLimitScale === undefined ? 1 : Number(input.rateLimitScale);
  if (!(scale > 0)) throw new TradeError('USAGE', `--rate-limit-scale '${input.rateLimitScale}': expected a number > 0`);
  // Read-only (the emulator never writes the store): readers share it while the emulator runs.
  const { store, sampleImported } = await openReadStore(dbPath);
  try {
    const emulator = await startEmulator({
      store,
      port,
      nowMs,
      faults,
      accounts,
      replay,
      liveFaults,
      admin: input.admin,
      rateLimitScale: scale,
    });
    return {
      url: emulator.url,
      port: emulator.port,
      urls: { rest: emulator.url, ws_public: emulator.wsPublicUrl, ws_private: emulator.wsPrivateUrl, ws_trade: emulator.wsTradeUrl },
      sampleImported,
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
