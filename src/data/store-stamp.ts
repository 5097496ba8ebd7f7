// The identity of a store file's current bytes without reading them: device, inode, size, mtime
// and ctime (ns) of the DuckDB file and of its write-ahead log (or its absence). Any write through
// DuckDB changes mtime and ctime; a replaced file changes the inode; ctime cannot be set back by
// `touch` or `cp -p`. Used to know that a store is byte-for-byte the one a snapshot was taken of
// (market-snapshot.ts). Undefined for an in-memory store or a missing file.
import { type BigIntStats, statSync } from 'node:fs';

export interface StoreStamp {
  /** "dev.ino.size.mtimeNs.ctimeNs" of the DuckDB file, then "|" and the same of its WAL or "-". */
  id: string;
  /** Last modification of the DuckDB file or its WAL, whichever is later (ns since the epoch). */
  mtimeNs: bigint;
}

function stat(path: string): BigIntStats | undefined {
  return statSync(path, { bigint: true, throwIfNoEntry: false });
}

const part = (s: BigIntStats) => `${s.dev}.${s.ino}.${s.size}.${s.mtimeNs}.${s.ctimeNs}`;

export function storeStamp(path: string): StoreStamp | undefined {
  if (path === ':memory:') return undefined;
  const db = stat(path);
  if (!db) return undefined;
  const wal = stat(`${path}.wal`);
  const mtimeNs = wal && wal.mtimeNs > db.mtimeNs ? wal.mtimeNs : db.mtimeNs;
  return { id: `${part(db)}|${wal ? part(wal) : '-'}`, mtimeNs };
}
