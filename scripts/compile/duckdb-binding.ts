// Replaces @duckdb/node-bindings' per-platform `require` inside the compiled `trade` binary.
// duckdb.node and libduckdb.so (linux-x64) are embedded as files; on first use they are copied
// next to each other (duckdb.node has RUNPATH $ORIGIN) into a cache dir keyed by their embedded
// names (Bun names an embedded file by a hash of its content, so the 70 MB library is not read
// and hashed on every start), written atomically, then loaded with process.dlopen.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import addonPath from '../../node_modules/@duckdb/node-bindings-linux-x64/duckdb.node' with { type: 'file' };
import libPath from '../../node_modules/@duckdb/node-bindings-linux-x64/libduckdb.so' with { type: 'file' };

function cacheRoot(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg) return join(xdg, 'trade');
  const home = homedir();
  return home ? join(home, '.cache', 'trade') : join(tmpdir(), 'trade-cache');
}

function place(dir: string, name: string, embedded: string): string {
  const target = join(dir, name);
  if (!existsSync(target)) {
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, readFileSync(embedded));
    renameSync(tmp, target);
  }
  return target;
}

function load(): unknown {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`this trade binary embeds DuckDB for linux-x64 only (running on ${process.platform}-${process.arch})`);
  }
  const key = createHash('sha256')
    .update(`${basename(addonPath)}\n${basename(libPath)}`)
    .digest('hex')
    .slice(0, 16);
  const dir = join(cacheRoot(), `duckdb-${key}`);
  mkdirSync(dir, { recursive: true });
  place(dir, 'libduckdb.so', libPath);
  const addonFile = place(dir, 'duckdb.node', addonPath);
  const mod = { exports: {} as unknown };
  process.dlopen(mod as { exports: unknown }, addonFile);
  return mod.exports;
}

module.exports = load();
