// Fault injection for the fault suite (issue 15 item 5): `TRADE_FAULT_CRASH=journaled:N` kills the
// process with SIGKILL right after the Nth bar whose commands were committed to the journal, before
// the venue can send them; `sent:N` right after the Nth order create was answered by the venue,
// before the answer is handled. These are the two instants a crash can lose an order; a test cannot
// hit them from outside the process. Unset, nothing happens.
import { TradeError } from '../errors';

export type CrashInstant = 'journaled' | 'sent';

export class CrashPoint {
  private count = 0;

  constructor(
    readonly instant: CrashInstant,
    readonly nth: number,
  ) {}

  /** Counts one pass through `instant`; the Nth one kills the process. */
  pass(instant: CrashInstant): void {
    if (instant !== this.instant || ++this.count !== this.nth) return;
    process.kill(process.pid, 'SIGKILL');
  }
}

/** The crash point named by TRADE_FAULT_CRASH, or undefined. */
export function crashPointFromEnv(value: string | undefined): CrashPoint | undefined {
  if (value === undefined || value === '') return undefined;
  const m = /^(journaled|sent):([1-9]\d{0,5})$/.exec(value);
  if (!m) throw new TradeError('USAGE', `TRADE_FAULT_CRASH '${value}': expected journaled:N or sent:N (N a whole number >= 1)`);
  return new CrashPoint(m[1] as CrashInstant, Number(m[2]));
}
