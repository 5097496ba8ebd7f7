// Writes a file so that readers see either the old file or the whole new one, never a part: the
// bytes go to a temp name unique to this process (two processes may write the same file at once),
// then are renamed into place. On failure the temp file is removed and the error is rethrown.
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeFileAtomic(path: string, parts: readonly (Uint8Array | string)[]): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileParts(tmp, parts);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Writes `parts` one after the other to `path` (created or truncated; not atomic by itself). */
export function writeFileParts(path: string, parts: readonly (Uint8Array | string)[]): void {
  const fd = openSync(path, 'w');
  try {
    for (const part of parts) {
      const bytes = typeof part === 'string' ? new TextEncoder().encode(part) : part;
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    }
  } finally {
    closeSync(fd);
  }
}
