// The trades of every example Play on the bundled month (BTCUSDT, August 2024: `trade data import
// --sample`), default window, funding on, --intrabar path: trades_hash as the core simulator's own
// round trips (`trade_closed`) give them, i.e. the figures from before the engine kept its own
// trade record (issue 11 item 3). test/unit/engine/order-rules-real.test.ts proves that the
// simulator's round trips and the engine's record both hash to these values in-process;
// test/e2e/engine-trades-cli.test.ts proves dist/trade writes them. A change to any value is a
// change of results and must be listed with its reason.

/** trades_hash per example Play file; null: the month is shorter than the Play's warm-up (GATE_FAILED). */
export const EXAMPLE_TRADES_HASH: Readonly<Record<string, string | null>> = {
  'bollinger-squeeze.yml': '941be86ba8422f7fd14cf4d2b61d15f06ead22328fb733080f2624730774a744',
  'donchian-breakout.yml': '02c23ece8b111257562fa63187412cd3a6253cab9572709c08bf7658b5c5ade2',
  'ema-cross.yml': '32763c5e898d68616d641caab947796f42e11d3e379ad040a02e618898189660',
  'htf-trend-filter.yml': null,
  'macd-adx-momentum.yml': 'f06125fe66f62cf44565f6f4503986828561f54fdd24ca76cbcd4624a01d32f4',
  'ms-break-demand.yml': 'b9ba982f52d8f36b9018e8bba5b4f5d58e3afe241606cde5189be58c5ac60793',
  'rsi-mean-reversion.yml': 'a58b3a85ab32d6471969a6d4c9aed0d0b7550fb567a025776240383f4f20bb87',
  'supertrend-flip.yml': '693a41f5aa927427b748701f877da802896ea597dce46c4c45241ce6574c6bf4',
  'vwap-reversion-5m.yml': 'd361a36ff9bf9d9b4332694ea90593d2514efaa1123dd918293509d1dd4528ee',
};
