// Order vocabulary shared by the engine's venue port and the emulator's Bybit records. Values are
// Bybit V5's spellings, so a command's field passes to the exchange unchanged.

/** How long a limit order works: Bybit's timeInForce (PostOnly = maker only, rejected if it would take). */
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'PostOnly';
