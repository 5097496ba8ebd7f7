// trades_hash is written straight from the trades (artifacts.ts tradesHash); it must be the hash of
// canonical JSON over the generic rows (tradeRows), which the artifact gate re-derives from the
// file: random trades with every kind of double (-0, tiny, huge, integers past 2^53, 1e21 and up).
import { expect, test } from 'bun:test';
import fc from 'fast-check';
import { TRADE_COLUMNS, tradeRows, tradesHash } from '../../../src/backtest/artifacts';
import { hashCanonical } from '../../../src/backtest/hash';
import type { ClosedTrade } from '../../../src/engine';

const finite = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, 0, 1e21, -1e-7, 5e-324, 2 ** 53 + 2, 0.1 + 0.2, 1_704_067_200_000),
);
const trade = fc.record({
  side: fc.constantFrom('long', 'short'),
  qty: finite,
  entryTsMs: finite,
  entryPrice: finite,
  exitTsMs: finite,
  exitPrice: finite,
  feesUsdt: finite,
  fundingUsdt: finite,
  pnlUsdt: finite,
  maeUsdt: finite,
  mfeUsdt: finite,
  exitReason: fc.constantFrom('signal', 'take_profit', 'stop_loss', 'trailing_stop', 'liquidation', 'end_of_data'),
  ambiguous: fc.boolean(),
}) as fc.Arbitrary<ClosedTrade>;

test('trades_hash from the trades equals the hash of canonical JSON over the generic rows', () => {
  fc.assert(
    fc.property(fc.array(trade, { maxLength: 20 }), (trades) => {
      expect(tradesHash(trades)).toBe(hashCanonical({ columns: TRADE_COLUMNS, rows: tradeRows(trades) }));
    }),
    { numRuns: 2000, seed: 20261208 },
  );
});

test('a non-finite number in a trade is refused, as canonical JSON refuses it', () => {
  const t = {
    side: 'long',
    qty: 1,
    entryTsMs: 0,
    entryPrice: 1,
    exitTsMs: 1,
    exitPrice: Number.NaN,
    feesUsdt: 0,
    fundingUsdt: 0,
    pnlUsdt: 0,
    maeUsdt: 0,
    mfeUsdt: 0,
    exitReason: 'signal',
    ambiguous: false,
  } as ClosedTrade;
  expect(() => hashCanonical({ columns: TRADE_COLUMNS, rows: tradeRows([t]) })).toThrow('non-finite');
  expect(() => tradesHash([t])).toThrow('non-finite');
});
