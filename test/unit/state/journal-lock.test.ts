// The running / unclean rule: a session with no stop record is running while a live process holds
// its journal open (SQLite's lock, seen in /proc/locks) and unclean once nobody does. Proven with
// a child process that opens a real journal and is then killed with SIGKILL: running (its pid)
// while it lives, unclean after, its last write still readable, and reading changes no byte of
// the journal or its WAL. The /proc/locks parser is checked on a hand-written table too.
import { Database } from 'bun:sqlite';
import { beforeAll, expect, test } from 'bun:test';
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { journalLockHolders, readSession } from '../../../src/state';
import { sessionState } from '../../../src/state/session-read';
import { type Journals, journals, ROOT } from './session-fixture';

let j: Journals;
beforeAll(async () => {
  j = await journals();
}, 120_000);

function devHex(dev: number): string {
  const major = (dev >> 8) & 0xfff;
  const minor = dev & 0xff;
  return `${major.toString(16).padStart(2, '0')}:${minor.toString(16).padStart(2, '0')}`;
}

test('the lock table: holders of this file only, waiters and other files ignored', () => {
  const path = join(j.dir, 'locked.sqlite');
  writeFileSync(path, '');
  const st = statSync(path);
  const id = `${devHex(st.dev)}:${st.ino}`;
  const table = [
    `1: POSIX  ADVISORY  READ 42 ${id} 1073741826 1073742335`,
    `1: -> POSIX  ADVISORY  WRITE 43 ${id} 0 EOF`,
    `2: POSIX  ADVISORY  WRITE 44 ${devHex(st.dev)}:${st.ino + 1} 0 EOF`,
    `3: POSIX  ADVISORY  READ 45 ${devHex(st.dev + 1)}:${st.ino} 128 128`,
    `4: OFDLCK ADVISORY  READ 42 ${id} 128 128`,
    `5: POSIX  ADVISORY  READ 7 ${id} 128 128`,
  ].join('\n');
  expect(journalLockHolders(path, table)).toEqual([7, 42]);
  expect(journalLockHolders(path, '')).toEqual([]);
  expect(journalLockHolders(join(j.dir, 'missing.sqlite'), table)).toEqual([]);
});

test('without a stop record: running while locked, unclean when not, unknown without a lock table', () => {
  expect(sessionState(true, [42])).toBe('stopped');
  expect(sessionState(false, [42])).toBe('running');
  expect(sessionState(false, [])).toBe('unclean');
  expect(sessionState(false, undefined)).toBe('unknown');
});

test('a process holding a journal makes it running; after SIGKILL it is unclean and its writes are still read', async () => {
  if (!existsSync('/proc/locks')) return; // the rule needs Linux's lock table
  const path = join(j.dir, 'killed.sqlite');
  copyFileSync(j.shadow, path);
  const db = new Database(path);
  db.exec("DELETE FROM meta WHERE key = 'stopped'");
  db.close();
  const script = `
    import { Journal } from '${join(ROOT, 'src/state')}';
    const j = Journal.open(${JSON.stringify(path)});
    j.bar({ tsMs: ${Date.UTC(2024, 7, 5, 14, 45)}, open: 1, high: 1, low: 1, close: 1, volume: 1 }, Date.now());
    console.log('ready');
    setInterval(() => j.count('bars'), 1000); // keeps the journal referenced (an unreferenced Database is closed by GC)
  `;
  const child = Bun.spawn([process.execPath, '-e', script], { stdout: 'pipe', stderr: 'inherit' });
  try {
    const reader = child.stdout.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain('ready');
    const running = readSession(path);
    expect([running.state, running.pids]).toEqual(['running', [child.pid]]);
    expect(running.liveBars).toBe(46);
  } finally {
    child.kill('SIGKILL');
    await child.exited;
  }
  expect(existsSync(`${path}-wal`)).toBe(true); // killed: nobody checkpointed
  const before = [readFileSync(path), readFileSync(`${path}-wal`)];
  const killed = readSession(path);
  expect([killed.state, killed.pids, killed.stopReason]).toEqual(['unclean', [], null]);
  expect(killed.lastBarMs).toBe(Date.UTC(2024, 7, 5, 14, 45));
  expect(readFileSync(path).equals(before[0]!)).toBe(true);
  expect(readFileSync(`${path}-wal`).equals(before[1]!)).toBe(true);
}, 30_000);
