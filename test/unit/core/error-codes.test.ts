// Error codes are defined once in Rust; the generated TS file must match what core.wasm exports.
import { expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { renderErrorCodes } from '../../../src/core/error-codes-render';

test('src/core/error-codes.gen.ts matches core-rs/src/error.rs (run bun scripts/gen-error-codes.ts)', () => {
  const onDisk = readFileSync(new URL('../../../src/core/error-codes.gen.ts', import.meta.url), 'utf8');
  expect(onDisk).toBe(renderErrorCodes());
});

test('the Rust source table and the generated file list the same names', () => {
  const rust = readFileSync(new URL('../../../core-rs/src/error.rs', import.meta.url), 'utf8');
  const names = [...rust.matchAll(/\(\d+, "([A-Z_]+)", "/g)].map((m) => m[1]);
  const gen = readFileSync(new URL('../../../src/core/error-codes.gen.ts', import.meta.url), 'utf8');
  const genNames = [...gen.matchAll(/^ {2}([A-Z_]+): \d+,/gm)].map((m) => m[1]);
  expect(genNames).toEqual(names);
});
