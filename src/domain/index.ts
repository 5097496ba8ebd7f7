// Plain domain types and helpers shared by every module. Imports nothing outside domain/ and errors.
export * from './candles';
export * from './instrument';
export * from './time';
