// Option values of `trade sweep` and `trade walkforward`: counts, seeds and durations. A bad value
// is one USAGE line naming the option, the value and what was expected.
import { availableParallelism } from 'node:os';
import { TradeError } from '../errors';

export function intInput(text: string | undefined, option: string, min: number, max: number, fallback: number): number {
  if (text === undefined) return fallback;
  const x = /^-?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(x) || x < min || x > max)
    throw new TradeError('USAGE', `${option} '${text}': expected an integer from ${min} to ${max}`, { option, value: text });
  return x;
}

/** --workers: default every core. */
export function workersInput(text: string | undefined): number {
  return intInput(text, '--workers', 1, 256, Math.max(1, availableParallelism()));
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** A duration like `90d`, `12h`, `4w`, `30m` (minutes), in ms. */
export function durationInput(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)([mhdw])$/.exec(text.trim());
  const ms = m ? Number(m[1]) * UNIT_MS[m[2]!]! : 0;
  if (!(ms > 0))
    throw new TradeError('USAGE', `${option} '${text}': expected a positive duration like 90d, 12h, 4w or 30m`, { option, value: text });
  return ms;
}
