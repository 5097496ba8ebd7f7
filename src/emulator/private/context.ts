// What a private route handler sees: the authenticated account, the market clock, the replayed
// symbol, a way to deliver private messages, and the order faults (reject the next N orders).
import type { Account } from '../accounts';
import { ApiError } from '../params';
import type { SymbolBook } from './book';
import type { Params } from './params';
import { reqStr } from './params';
import type { Push } from './records';

export interface OrderFaults {
  /** Consumes one order-reject fault if armed: the retCode and message to answer, or undefined. */
  takeReject(): { retCode: number; retMsg: string } | undefined;
}

export interface PrivateContext {
  account: Account;
  marketNowMs: number;
  deliver(account: Account, pushes: readonly Push[]): void;
  orderFaults: OrderFaults;
}

export type PrivateHandler = (p: Params, ctx: PrivateContext) => unknown;

/** The account's book for `symbol`, or 10001 when that symbol is not the one being replayed. */
export function bookFor(ctx: PrivateContext, symbol: string): SymbolBook {
  const book = ctx.account.book;
  if (!book)
    throw new ApiError(
      10001,
      `params error: symbol '${symbol}' cannot be traded: the emulator runs no replay (start it with --symbol --from --to)`,
    );
  if (book.symbol !== symbol)
    throw new ApiError(10001, `params error: symbol '${symbol}' is invalid (the emulator replays ${book.symbol})`);
  return book;
}

export function bookOf(p: Params, ctx: PrivateContext): SymbolBook {
  return bookFor(ctx, reqStr(p, 'symbol'));
}

/** Delivers what the book's last action produced. */
export function flush(ctx: PrivateContext, book: SymbolBook): void {
  if (book.out.length) ctx.deliver(ctx.account, book.out);
  book.out = [];
}

/** A handler's answer when it needs more than `result`: retExtInfo (batch calls) or another retMsg. */
export class Answer {
  constructor(
    readonly result: unknown,
    readonly retExtInfo: unknown = {},
    readonly retMsg = 'OK',
  ) {}
}
