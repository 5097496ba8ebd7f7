// Generates src/core/error-codes.gen.ts from the Rust ERROR_CODES table (read through the ABI).
// Usage: bun scripts/gen-error-codes.ts [--check]   (--check exits 1 when the file is stale)
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { renderErrorCodes } from '../src/core/error-codes-render';

const target = new URL('../src/core/error-codes.gen.ts', import.meta.url).pathname;
const text = renderErrorCodes();
if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== text) {
    console.error(`${target} is stale: run bun scripts/gen-error-codes.ts`);
    process.exit(1);
  }
} else {
  writeFileSync(`${target}.tmp`, text);
  renameSync(`${target}.tmp`, target);
  console.log(`wrote ${target}`);
}
