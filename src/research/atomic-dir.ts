// Writes a whole directory atomically: `fill` writes into a temp sibling, which is renamed into
// place (an earlier copy is moved aside first and then removed), so readers see the old directory
// or the whole new one. A file-system failure is one OUT_UNWRITABLE line naming the root.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { TradeError } from '../errors';

export async function replaceDirAtomic(dir: string, root: string, fill: (tmp: string) => Promise<void> | void): Promise<void> {
  const tmp = `${dir}.${process.pid}.tmp`;
  const old = `${dir}.${process.pid}.old`;
  try {
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    await fill(tmp);
    if (existsSync(dir)) renameSync(dir, old);
    renameSync(tmp, dir);
    rmSync(old, { recursive: true, force: true });
  } catch (cause) {
    rmSync(tmp, { recursive: true, force: true });
    const errno = cause as NodeJS.ErrnoException;
    if (typeof errno.code !== 'string' || typeof errno.syscall !== 'string') throw cause;
    throw new TradeError(
      'OUT_UNWRITABLE',
      `cannot write under '${root}': ${errno.syscall} ${errno.path ?? ''} failed with ${errno.code} (expected a writable directory)`,
      { root },
      { cause },
    );
  }
}
