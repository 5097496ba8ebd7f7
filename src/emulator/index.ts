// The loopback Bybit V5 emulator (market endpoints now; private REST and WebSocket later).
export { type Clock, fixedClock, wallClock } from './clock';
export { envelope, type LimitState, limitHeaders } from './envelope';
export { type FaultOptions, Faults } from './faults';
export { type Emulator, type EmulatorOptions, startEmulator } from './server';
