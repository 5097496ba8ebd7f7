// Who has a journal open, from the kernel's lock table (/proc/locks, Linux). A bun:sqlite
// connection to a WAL database holds a shared POSIX lock on the database file (and on its -shm)
// for as long as it is open, and the kernel drops every lock of a process when it exits, kill -9
// included. So a lock on the journal file means a live process has it open (a running session),
// and no lock means nobody does (a session with no stop record was killed or crashed). Without a
// readable lock table (not Linux) the answer is `undefined`: we cannot tell.
import { readFileSync, statSync } from 'node:fs';

const LOCKS_PATH = '/proc/locks';

/** Linux's dev_t as /proc/locks prints it (`major:minor` in hex). */
function devHex(dev: number): string {
  const major = Math.floor(dev / 256) & 0xfff;
  const minor = (dev & 0xff) | (Math.floor(dev / 4096) & 0xfff00);
  return `${major.toString(16).padStart(2, '0')}:${minor.toString(16).padStart(2, '0')}`;
}

/**
 * The ids of the processes holding a lock on the file at `path` (sorted, unique; [] when none),
 * or undefined when the lock table cannot be read. `locksText` replaces /proc/locks in tests.
 */
export function journalLockHolders(path: string, locksText?: string): number[] | undefined {
  let text = locksText;
  if (text === undefined) {
    try {
      text = readFileSync(LOCKS_PATH, 'utf8');
    } catch {
      return undefined; // no lock table on this platform: the caller reports "unknown"
    }
  }
  let id: string;
  try {
    const st = statSync(path);
    id = `${devHex(st.dev)}:${st.ino}`;
  } catch {
    return [];
  }
  const pids = new Set<number>();
  for (const line of text.split('\n')) {
    // `1: POSIX  ADVISORY  READ 10131 fe:00:2211941 1073741826 1073742335`; `1: -> …` is a waiter.
    const f = line.trim().split(/\s+/);
    if (f[1] === '->') continue;
    const at = f.findIndex((x) => /^[0-9a-f]+:[0-9a-f]+:\d+$/.test(x));
    if (at < 1 || f[at]?.toLowerCase() !== id) continue;
    const pid = Number(f[at - 1]);
    if (Number.isInteger(pid)) pids.add(pid);
  }
  return [...pids].sort((a, b) => a - b);
}
