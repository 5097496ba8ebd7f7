// The loopback Bybit V5 emulator: market and signed private REST, public, private and trade
// WebSocket on one port, a replay clock over the store's 1m candles, faults and admin endpoints.
export { type AccountSpec, DEFAULT_BALANCE_USDT, parseAccountSpec } from './accounts';
export { hmacHex } from './auth';
export { type Clock, fixedClock, wallClock } from './clock';
export { envelope, type LimitState, limitHeaders } from './envelope';
export { type FaultOptions, Faults } from './faults';
export { LiveFaults } from './live-faults';
export type { ReplayOptions } from './replay';
export { type Emulator, type EmulatorOptions, startEmulator } from './server';
