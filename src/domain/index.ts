// Plain domain types and helpers shared by every module. Imports nothing outside domain/.

export * from './candle-digest';
export * from './candles';
export * from './canonical';
export * from './instrument';
export * from './order';
export * from './prng';
export * from './time';
