// Plain domain types and helpers shared by every module. Imports nothing outside domain/.
export * from './canonical';
export * from './time';
