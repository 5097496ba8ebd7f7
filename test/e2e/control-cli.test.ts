// `trade panic|halt|resume` with no session named (issue 15: `trade panic [<session>]`), from
// dist/trade: the only running session under --state is meant; none or several is one line naming
// the running ones, exit 2, and no control row is written anywhere. "Running" is the kernel's lock
// table, so each running session here is a child process holding a real journal open (what a
// `trade run` does); a journal nobody holds is a stopped or killed session. A real session taking
// a halt and a resume sent this way is in test/fault/kill-switch.test.ts.
import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Journal } from '../../src/state';
import { ROOT, type Sandbox, sandbox } from './cli-harness';

let box: Sandbox;
const holders: { kill(): void; exited: Promise<number> }[] = [];

beforeAll(() => {
  box = sandbox('trade-e2e-control-');
});
afterAll(async () => {
  for (const h of holders) h.kill();
  await Promise.all(holders.map((h) => h.exited));
  box.cleanup();
});

/** A journal at `<state>/p/<id>.sqlite`, created and closed (nobody holds it). */
function journal(state: string, id: string): string {
  mkdirSync(join(state, 'p'), { recursive: true });
  const path = join(state, 'p', `${id}.sqlite`);
  Journal.open(path).close();
  return path;
}

/** A child process holding the journal at `path` open until killed; resolves once it has it. */
async function hold(path: string): Promise<number> {
  const script = `import { Journal } from '${join(ROOT, 'src/state')}';
    const j = Journal.open(${JSON.stringify(path)});
    j.setMeta('held', '1');
    console.log('ready');
    setInterval(() => j.count('bars'), 1000); // keeps the journal referenced (an unreferenced Database is closed by GC)`;
  const p = Bun.spawn([process.execPath, '-e', script], { stdout: 'pipe', stderr: 'inherit' });
  holders.push(p);
  const reader = p.stdout.getReader();
  const { value } = await reader.read();
  expect(new TextDecoder().decode(value)).toContain('ready');
  return p.pid;
}

/** Control rows in the journal at `path` (0 when the table was never made). */
function controlRows(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    const t = db.query("SELECT 1 FROM sqlite_master WHERE name = 'control'").get();
    return t
      ? db
          .query<{ command: string }, []>('SELECT command FROM control ORDER BY id')
          .all()
          .map((r) => r.command)
      : [];
  } finally {
    db.close();
  }
}

test('with no session named: none running is one line, exit 2, nothing sent', () => {
  if (!existsSync('/proc/locks')) return; // "running" needs Linux's lock table
  const empty = join(box.dir, 'state-empty');
  const none = box.run('panic', '--state', empty);
  expect({ code: none.code, out: none.out }).toEqual({ code: 2, out: '' });
  expect(none.err.trim().split('\n')).toHaveLength(1);
  expect(none.err).toContain(`trade panic: no session is running under ${empty} (it holds no session journals)`);
  const idle = join(box.dir, 'state-idle');
  const stopped = journal(idle, 'p-demo-20240805T120000Z');
  const r = box.run('halt', '--state', idle);
  expect(r.code).toBe(2);
  expect(r.err).toContain(`trade halt: no session is running under ${idle} (1 journal(s), none held by a running process)`);
  expect(r.err).not.toContain('    at ');
  expect(controlRows(stopped)).toEqual([]);
});

test('with no session named: the only running one gets it, beside a stopped one; two running are named, nothing sent', async () => {
  if (!existsSync('/proc/locks')) return;
  const state = join(box.dir, 'state-two');
  const stopped = journal(state, 'p-demo-20240805T110000Z');
  const a = journal(state, 'p-demo-20240805T120000Z');
  const b = journal(state, 'p-demo-20240805T130000Z');
  const pidA = await hold(a);
  const halt = box.run('halt', '--state', state);
  expect({ code: halt.code, err: halt.err }).toEqual({ code: 0, err: '' });
  expect(halt.out).toContain(`halt sent to ${a} (pid ${pidA})`);
  const resume = box.run('resume', '--state', state, '--json');
  expect(resume.code).toBe(0);
  expect(JSON.parse(resume.out)).toMatchObject({ journal: a, command: 'resume', pids: [pidA] });
  expect([controlRows(a), controlRows(stopped), controlRows(b)]).toEqual([['halt', 'resume'], [], []]);

  const pidB = await hold(b);
  const two = box.run('panic', '--state', state);
  expect({ code: two.code, out: two.out }).toEqual({ code: 2, out: '' });
  expect(two.err.trim().split('\n')).toHaveLength(1);
  expect(two.err).toContain(
    `trade panic: 2 sessions are running under ${state}: p-demo-20240805T120000Z (pid ${pidA}), p-demo-20240805T130000Z (pid ${pidB}); name one: trade panic <session>`,
  );
  expect([controlRows(a), controlRows(b)]).toEqual([['halt', 'resume'], []]);
  // Named, it goes to that one only; two names are refused.
  expect(box.run('panic', 'p-demo-20240805T13', '--state', state).code).toBe(0);
  expect(controlRows(b)).toEqual(['panic']);
  const many = box.run('panic', 'a', 'b', '--state', state);
  expect({ code: many.code, err: many.err.trim() }).toEqual({ code: 2, err: '✖ trade panic: expected at most one session, got 2' });
}, 30_000);
