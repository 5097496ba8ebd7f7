// Replaces @duckdb/node-bindings' per-platform `require` inside the compiled `trade` binary.
// duckdb.node and libduckdb.so (linux-x64) are embedded as files; on first use they are copied
// next to each other (duckdb.node has RUNPATH $ORIGIN) into a cache dir keyed by their embedded
// names (Bun names an embedded file by a hash of its content, so the 70 MB library is not read
// and hashed on every start), written atomically, then loaded with process.dlopen. An unwritable
// HOME falls back to a private temp dir; XDG_CACHE_HOME moves the cache.
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import addonPath from '../../node_modules/@duckdb/node-bindings-linux-x64/duckdb.node' with { type: 'file' };
import libPath from '../../node_modules/@duckdb/node-bindings-linux-x64/libduckdb.so' with { type: 'file' };

/** Where the library may be unpacked, in order: $XDG_CACHE_HOME/trade, ~/.cache/trade, then a private temp dir. */
function cacheRoots(): string[] {
  const roots: string[] = [];
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg) roots.push(join(xdg, 'trade'));
  const home = homedir();
  if (home) roots.push(join(home, '.cache', 'trade'));
  roots.push(join(tmpdir(), `trade-cache-${process.getuid?.() ?? 'user'}`));
  return roots;
}

/** The first root whose key dir can be created (a shared temp dir only when it is ours and private). */
function cacheDir(key: string): string {
  const tried: string[] = [];
  for (const root of cacheRoots()) {
    const dir = join(root, `duckdb-${key}`);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (root.startsWith(tmpdir())) {
        const st = statSync(root);
        if (st.uid !== process.getuid?.() || (st.mode & 0o022) !== 0) throw new Error('not private');
      }
      accessSync(dir, constants.W_OK);
      return dir;
    } catch (e) {
      tried.push(`${root} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  throw new Error(
    `cannot unpack the DuckDB library: no writable cache dir (tried ${tried.join(', ')}); set XDG_CACHE_HOME to a writable directory`,
  );
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
  const dir = cacheDir(key);
  place(dir, 'libduckdb.so', libPath);
  const addonFile = place(dir, 'duckdb.node', addonPath);
  const mod = { exports: {} as unknown };
  process.dlopen(mod as { exports: unknown }, addonFile);
  return mod.exports;
}

module.exports = load();
