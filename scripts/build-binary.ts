// Builds dist/trade: one executable with the Bun runtime, all TypeScript, core.wasm and the DuckDB
// linux-x64 native addon embedded. A plugin swaps @duckdb/node-bindings' platform switch for
// scripts/compile/duckdb-binding.ts, which loads the embedded addon. Ink (the dashboard) is bundled.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dir, '..');
const outfile = resolve(root, 'dist/trade');
if (!existsSync(resolve(root, 'core-rs/core.wasm'))) {
  console.error('build-binary: core-rs/core.wasm is missing; run scripts/build-core first');
  process.exit(1);
}

const duckdbBinding: Bun.BunPlugin = {
  name: 'duckdb-embedded-binding',
  setup(build) {
    build.onResolve({ filter: /^@duckdb\/node-bindings$/ }, () => ({
      path: resolve(root, 'scripts/compile/duckdb-binding.ts'),
    }));
  },
};

// Ink loads its React devtools bridge (react-devtools-core, not installed) only when DEV=true; the
// binary ships a module that says so instead.
const inkDevtools: Bun.BunPlugin = {
  name: 'ink-devtools-stub',
  setup(build) {
    build.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) =>
      args.importer.includes('/ink/build/') ? { path: resolve(root, 'scripts/compile/ink-devtools.ts') } : undefined,
    );
  },
};

const result = await Bun.build({
  // Every Bun Worker entry must be an entry point of its own (src/research/worker-pool.ts finds it).
  entrypoints: [resolve(root, 'src/cli/main.ts'), resolve(root, 'src/research/sweep-worker.ts')],
  compile: { outfile },
  target: 'bun',
  minify: true,
  bytecode: true,
  format: 'esm',
  sourcemap: 'none',
  plugins: [duckdbBinding, inkDevtools],
});
if (!result.success) {
  for (const log of result.logs) console.error(log);
  process.exit(1);
}
console.log(`build-binary: ${outfile} ${(statSync(outfile).size / 1e6).toFixed(1)} MB`);
