// Listing a state folder: real journals newest first; damaged and foreign files (garbage, a
// truncated journal, an empty file, another program's SQLite database, a newer schema) are
// entries with a one-line reason, never a crash. And the id resolution rules of
// `trade session show`: exact id, unique prefix, journal path; unknown and ambiguous ids name
// the candidates on one line.
import { Database } from 'bun:sqlite';
import { beforeAll, describe, expect, test } from 'bun:test';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { StateError } from '../../../src/errors';
import { listSessions, readSession, resolveSession, type SessionListEntry } from '../../../src/state';
import { type Journals, journals } from './session-fixture';

let j: Journals;
let stateDir: string;
const idOf = (p: string) => basename(p, '.sqlite');

beforeAll(async () => {
  j = await journals();
  // A state folder of our own: the two real journals plus the damaged ones.
  stateDir = join(j.dir, 'listed');
  mkdirSync(join(stateDir, 'ema-cross'), { recursive: true });
  mkdirSync(join(stateDir, 'other'), { recursive: true });
  for (const p of [j.shadow, j.demo]) copyFileSync(p, join(stateDir, 'ema-cross', basename(p)));
  writeFileSync(join(stateDir, 'other', 'garbage.sqlite'), 'this is not a database, just text\n'.repeat(200));
  writeFileSync(join(stateDir, 'other', 'empty.sqlite'), '');
  const real = readFileSync(j.demo);
  writeFileSync(join(stateDir, 'other', 'truncated.sqlite'), real.subarray(0, Math.floor(real.length / 3)));
  const foreign = new Database(join(stateDir, 'foreign.sqlite'));
  foreign.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes VALUES (1, 'hi')");
  foreign.close();
  const newer = join(stateDir, 'ema-cross', 'ema-cross-demo-29990101T000000Z.sqlite');
  copyFileSync(j.demo, newer);
  const db = new Database(newer);
  db.exec("UPDATE meta SET value = '2' WHERE key = 'schema_version'");
  db.close();
}, 120_000);

function byId(entries: SessionListEntry[]): Map<string, SessionListEntry> {
  return new Map(entries.map((e) => [e.ok ? e.session.id : e.id, e]));
}

describe('listSessions', () => {
  test('real journals are read; newest first (the demo started after the shadow)', () => {
    const entries = listSessions(stateDir);
    const ok = entries.flatMap((e) => (e.ok ? [e.session] : []));
    expect(ok.map((s) => s.id)).toEqual([idOf(j.demo), idOf(j.shadow)]);
    expect(ok.map((s) => [s.mode, s.state, s.orders, s.fills])).toEqual([
      ['demo', 'stopped', 3, 5],
      ['shadow', 'stopped', 1, 2],
    ]);
    expect(ok[0]!.pnlUsdt).toBe(readSession(j.demo).pnlUsdt);
  });

  test('damaged, foreign and newer files are entries with a one-line reason', () => {
    const entries = byId(listSessions(stateDir));
    expect(entries.size).toBe(7);
    const bad = (id: string) => {
      const e = entries.get(id);
      if (!e || e.ok) throw new Error(`${id} should be unreadable`);
      expect(e.error).not.toContain('\n');
      expect(e.error).toContain(e.path);
      return [e.code, e.error.slice(e.path.length + 2)];
    };
    expect(bad('garbage')).toEqual(['STATE_UNREADABLE', 'cannot read the journal: file is not a database']);
    expect(bad('empty')).toEqual(['STATE_UNREADABLE', 'not a trade journal (no schema_version in a meta table)']);
    expect(bad('foreign')).toEqual(['STATE_UNREADABLE', 'not a trade journal (no schema_version in a meta table)']);
    expect(bad('truncated')[0]).toBe('STATE_UNREADABLE');
    expect(bad('truncated')[1]).toMatch(/^cannot read the journal: /);
    expect(bad('ema-cross-demo-29990101T000000Z')).toEqual([
      'STATE_SCHEMA',
      'journal schema version 2 is newer than this build reads (1): upgrade trade',
    ]);
  });

  test('a folder without journals lists nothing', () => {
    expect(listSessions(join(j.dir, 'nowhere'))).toEqual([]);
  });
});

describe('resolveSession', () => {
  const unknown = (ref: string) => {
    try {
      resolveSession(stateDir, ref);
    } catch (e) {
      expect(e).toBeInstanceOf(StateError);
      expect((e as StateError).code).toBe('SESSION_UNKNOWN');
      expect((e as StateError).message).not.toContain('\n');
      return (e as StateError).message;
    }
    throw new Error(`${ref} resolved`);
  };

  test('an exact id, a unique prefix, a journal path', () => {
    const demo = join(stateDir, 'ema-cross', basename(j.demo));
    expect(resolveSession(stateDir, idOf(j.demo))).toBe(demo);
    expect(resolveSession(stateDir, 'ema-cross-shadow')).toBe(join(stateDir, 'ema-cross', basename(j.shadow)));
    expect(resolveSession(stateDir, 'garb')).toBe(join(stateDir, 'other', 'garbage.sqlite'));
    expect(resolveSession(stateDir, j.demo)).toBe(j.demo);
  });

  test('an exact id wins over the longer ids it prefixes', () => {
    copyFileSync(j.shadow, join(stateDir, 'ema-cross', 'ema-cross-x.sqlite'));
    copyFileSync(j.shadow, join(stateDir, 'ema-cross', 'ema-cross-x2.sqlite'));
    expect(resolveSession(stateDir, 'ema-cross-x')).toBe(join(stateDir, 'ema-cross', 'ema-cross-x.sqlite'));
  });

  test('ambiguous and unknown ids name the candidates on one line', () => {
    const demoIds = ['ema-cross-demo-29990101T000000Z', idOf(j.demo)].sort();
    expect(unknown('ema-cross-demo')).toBe(`session 'ema-cross-demo' is ambiguous under ${stateDir}: ${demoIds.join(', ')}`);
    const message = unknown('nope');
    expect(message).toStartWith(`no session 'nope' under ${stateDir} (sessions: `);
    for (const id of ['garbage', 'foreign', idOf(j.shadow), ...demoIds]) expect(message).toContain(id);
    expect(unknown('/no/such/journal.sqlite')).toBe('journal file /no/such/journal.sqlite does not exist');
    expect(unknown('')).toContain('session id is empty');
    const empty = join(j.dir, 'empty-state');
    mkdirSync(empty);
    expect(() => resolveSession(empty, 'x')).toThrow(`no session 'x' under ${empty} (it holds no session journals)`);
  });
});
