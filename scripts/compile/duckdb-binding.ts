// Replaces @duckdb/node-bindings' per-platform `require` inside the compiled `trade` binary.
// duckdb.node and libduckdb.so (linux-x64) are embedded as files; on first use they are copied
// next to each other (duckdb.node has RUNPATH $ORIGIN) into a cache dir keyed by their content
// hash, written atomically, then loaded with process.dlopen.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import addonPath from '../../node_modules/@duckdb/node-bindings-linux-x64/duckdb.node' with { type: 'file' };
import libPath from '../../node_modules/@duckdb/node-bindings-linux-x64/libduckdb.so' with { type: 'file' };

function cacheRoot(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg) return join(xdg, 'trade');
  const home = homedir();
  return home ? join(home, '.cache', 'trade') : join(tmpdir(), 'trade-cache');
}

function place(dir: string, name: string, bytes: Uint8Array): string {
  const target = join(dir, name);
  if (!existsSync(target)) {
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, target);
  }
  return target;
}

function load(): unknown {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`this trade binary embeds DuckDB for linux-x64 only (running on ${process.platform}-${process.arch})`);
  }
  const addon = readFileSync(addonPath);
  const lib = readFileSync(libPath);
  const key = createHash('sha256').update(addon).update(lib).digest('hex').slice(0, 16);
  const dir = join(cacheRoot(), `duckdb-${key}`);
  mkdirSync(dir, { recursive: true });
  place(dir, 'libduckdb.so', lib);
  const addonFile = place(dir, 'duckdb.node', addon);
  const mod = { exports: {} as unknown };
  process.dlopen(mod as { exports: unknown }, addonFile);
  return mod.exports;
}

module.exports = load();
