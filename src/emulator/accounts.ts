// Accounts: `KEY:SECRET[:USDT]` specs (default balance 10000 USDT), each an API key with its secret,
// a UNIFIED wallet in isolated margin and one-way mode, and one SymbolBook (a CoreSim) for the
// replayed symbol, created when the replay starts. DCP settings live here too.
import type { Instrument } from '../domain';
import { TradeError } from '../errors';
import { IdSource } from './ids';
import { SymbolBook } from './private/book';

export const DEFAULT_BALANCE_USDT = 10_000;
export const DEFAULT_LEVERAGE = 10;

export interface AccountSpec {
  key: string;
  secret: string;
  balanceUsdt: number;
}

export function parseAccountSpec(text: string): AccountSpec {
  const parts = text.split(':');
  const expected = `--account '${text.replace(/:[^:]*/, ':***')}': expected KEY:SECRET[:USDT] (letters, digits, - and _; USDT a positive number)`;
  if (parts.length < 2 || parts.length > 3) throw new TradeError('USAGE', expected);
  const [key, secret, usdt] = parts as [string, string, string | undefined];
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(key) || secret.length === 0) throw new TradeError('USAGE', expected);
  const balanceUsdt = usdt === undefined ? DEFAULT_BALANCE_USDT : Number(usdt);
  if (!(balanceUsdt > 0 && Number.isFinite(balanceUsdt)) || (usdt !== undefined && !/^\d+(\.\d+)?$/.test(usdt)))
    throw new TradeError('USAGE', expected);
  return { key, secret, balanceUsdt };
}

export class Account {
  book: SymbolBook | undefined;
  marginMode: 'ISOLATED_MARGIN' | 'REGULAR_MARGIN' | 'PORTFOLIO_MARGIN' = 'ISOLATED_MARGIN';
  /** Disconnect-cancel-all window, s (0: off). */
  dcpWindowS = 0;
  readonly ids: IdSource;

  constructor(
    readonly spec: AccountSpec,
    index: number,
  ) {
    this.ids = new IdSource(index + 1);
  }

  get key(): string {
    return this.spec.key;
  }

  get secret(): string {
    return this.spec.secret;
  }

  open(instrument: Instrument): SymbolBook {
    this.book = new SymbolBook(instrument, this.spec.balanceUsdt, Math.min(DEFAULT_LEVERAGE, instrument.maxLeverage), this.ids);
    return this.book;
  }
}

export function makeAccounts(specs: readonly AccountSpec[]): Map<string, Account> {
  const out = new Map<string, Account>();
  specs.forEach((s, i) => {
    if (out.has(s.key)) throw new TradeError('USAGE', `--account ${s.key}: the key is given twice; each account needs its own key`);
    out.set(s.key, new Account(s, i));
  });
  return out;
}
