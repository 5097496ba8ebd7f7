// The dashboard in a real terminal (issue 17): `dist/trade run --tui` in a tmux pane against a
// paused `dist/trade emulator` stepped a minute at a time. capture-pane shows the position after
// the first fill; `p` then `y` panics through the journal's control table and the HALTED banner
// shows; `trade dashboard` attaches from a second pane and shows the same; q quits it and q
// detaches the first without stopping the session (plain lines go on); Ctrl-C stops the session.
// tmux runs on its own socket (-L), so no other tmux server is touched. Waits are bounded loops.
// Both panes have CI=true, as on a CI runner, where Ink alone would draw nothing until it unmounts.
import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { journalLockHolders } from '../../src/state';
import { type EmulatorProcess, journalIn, KEY, SECRET, startEmulator } from '../fault/harness';
import { ROOT, type Sandbox, sandbox, TRADE } from './cli-harness';

const TMUX = Bun.which('tmux');
const PLAY = join(ROOT, 'test/fault/plays/fast-cross.yml');
const FROM_MS = Date.UTC(2024, 7, 5, 12);
const SOCKET = `trade-e2e-dash-${process.pid}`;
let box: Sandbox;

/**
 * tmux with a known shell: panes run `bash -c …` as argv (not through tmux's default-shell), and the
 * server's SHELL is bash, whatever the caller's SHELL is (a CI runner's may be no shell at all: the
 * pane then never starts, which once failed this test after 30 s).
 */
function tmux(...args: string[]): string {
  const p = Bun.spawnSync([TMUX as string, '-L', SOCKET, '-f', '/dev/null', ...args], { env: { ...box.env, SHELL: '/bin/bash' } });
  if (p.exitCode !== 0) throw new Error(`tmux ${args.join(' ')}: ${p.stderr.toString()}`);
  return p.stdout.toString();
}

const capture = (pane: string) => tmux('capture-pane', '-p', '-t', pane);

/** What a failed wait shows: every pane of the tmux server (empty when it is not running). */
function diagnose(): string {
  if (!TMUX || !box) return '';
  const panes = Bun.spawnSync([TMUX, '-L', SOCKET, 'list-panes', '-a', '-F', '#{session_name}:#{window_index}.#{pane_index} #{pane_dead}']);
  if (panes.exitCode !== 0) return '; no tmux server';
  return panes.stdout
    .toString()
    .trim()
    .split('\n')
    .map((line) => {
      const id = line.split(' ')[0] as string;
      const text = Bun.spawnSync([TMUX, '-L', SOCKET, 'capture-pane', '-p', '-S', '-200', '-t', id]).stdout.toString().trimEnd();
      return `\n--- pane ${line} ---\n${text}`;
    })
    .join('');
}

/** Waits until `pred` holds, polling every 50 ms; fails naming `what` after `maxMs` (a bound, not an assertion on time). */
async function until<T>(pred: () => T | undefined | false | Promise<T | undefined | false>, what: string, maxMs = 30_000): Promise<T> {
  const end = performance.now() + maxMs;
  for (;;) {
    const v = await pred();
    if (v) return v;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}${diagnose()}`);
    await Bun.sleep(50);
  }
}

function readJournal<T>(path: string, fn: (db: Database) => T): T | undefined {
  let db: Database | undefined;
  try {
    db = new Database(path, { readonly: true });
    return fn(db);
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}

const script = (name: string, cmd: string[], env: Record<string, string>) =>
  writeFileSync(
    join(box.dir, name),
    `cd '${box.dir}'\n${Object.entries(env)
      .map(([k, v]) => `export ${k}='${v}'`)
      .join('\n')}\nexec ${cmd.map((a) => `'${a}'`).join(' ')}\n`,
  );

beforeAll(() => {
  box = sandbox('trade-e2e-dash-');
  if (TMUX) expect(box.run('data', 'import', '--sample', '--db', join(box.dir, 'emu.duckdb')).code).toBe(0);
}, 60_000);
afterAll(() => {
  if (TMUX) Bun.spawnSync([TMUX, '-L', SOCKET, 'kill-server']);
  box.cleanup();
});

test.skipIf(!TMUX)(
  'trade run --tui in tmux: the position after the first fill, HALTED after p y, trade dashboard from a second pane',
  async () => {
    let emu: EmulatorProcess | undefined;
    try {
      emu = await startEmulator({
        dir: box.dir,
        db: join(box.dir, 'emu.duckdb'),
        fromIso: new Date(FROM_MS).toISOString(),
        toIso: new Date(FROM_MS + 120 * 60_000).toISOString(),
        env: box.env,
      });
      const state = join(box.dir, 'state');
      // CI set as a CI runner sets it: Ink would then draw nothing until unmount (src/tui/terminal-env.ts).
      const env = {
        CI: 'true',
        TZ: 'UTC',
        TERM: 'xterm-256color',
        TRADE_DB: join(box.dir, 'run.duckdb'),
        BYBIT_DEMO_API_KEY: KEY,
        BYBIT_DEMO_API_SECRET: SECRET,
      };
      script('run.sh', [...TRADE, 'run', PLAY, '--mode', 'demo', '--endpoint', emu.url, '--state', state, '--tui'], env);
      script('dash.sh', [...TRADE, 'dashboard', '--state', state], { CI: 'true', TZ: 'UTC', TERM: 'xterm-256color' });
      tmux('new-session', '-d', '-s', 'dash', '-x', '100', '-y', '60', 'bash', '-c', `bash '${join(box.dir, 'run.sh')}'; sleep 120`);
      const journal = await until(() => journalIn(state, 'fast-cross'), 'the session journal');
      await until(() => /DEMO .*fast-cross BTCUSDT/.test(capture('dash.0')), 'the dashboard header');
      // Step a minute at a time, each once the session journaled the previous one, until a fill.
      let position: { side: string; qty: number } | undefined;
      for (let m = 1; m <= 90 && !position; m++) {
        await until(
          () => readJournal(journal, (db) => db.query("SELECT 1 FROM meta WHERE key = 'realtime'").get()),
          'the session to wait for bars',
        );
        await emu.step(1);
        const closeMs = FROM_MS + m * 60_000;
        await until(
          () => readJournal(journal, (db) => db.query('SELECT 1 FROM snapshots WHERE bar_close_ms >= ?').get(closeMs)),
          `the bar closing at minute ${m}`,
        );
        position = readJournal(journal, (db) => {
          const row = db.query<{ json: string }, []>("SELECT json FROM events WHERE kind = 'position' ORDER BY id DESC LIMIT 1").get();
          const p = row ? (JSON.parse(row.json) as { position: { side: string; qty: number } }).position : undefined;
          return p && p.side !== 'flat' ? p : undefined;
        });
      }
      expect(position).toBeDefined();
      const posLine = new RegExp(`Position\\s+${position!.side} ${position!.qty}\\s+entry \\d`);
      const screen = await until(() => {
        const s = capture('dash.0');
        return posLine.test(s) ? s : undefined;
      }, `capture-pane to show the ${position!.side} ${position!.qty} position`);
      expect(screen).toMatch(/Orders\s+/);
      expect(screen).toContain('p panic h halt r resume q detach ? help');

      // trade dashboard attaches from a second pane, read-only, and shows the same position.
      tmux('split-window', '-t', 'dash.0', '-v', 'bash', '-c', `bash '${join(box.dir, 'dash.sh')}'; sleep 120`);
      await until(() => posLine.test(capture('dash.1')), 'trade dashboard to show the position');
      expect(capture('dash.1')).toContain('q quit');

      // p asks, y panics: the HALTED banner in both panes, the panic in the journal's control table.
      tmux('send-keys', '-t', 'dash.0', 'p');
      await until(() => capture('dash.0').includes('y/n'), 'the panic confirmation');
      tmux('send-keys', '-t', 'dash.0', 'y');
      await until(() => capture('dash.0').includes(' HALTED (panic'), 'the HALTED banner in the run pane').catch((e) => {
        const rows = readJournal(journal, (db) => db.query('SELECT * FROM control').all());
        throw new Error(`${(e as Error).message}; control rows ${JSON.stringify(rows)}; the pane:\n${capture('dash.0')}`);
      });
      await until(() => capture('dash.1').includes(' HALTED (panic'), 'the HALTED banner in the dashboard pane');
      const control = readJournal(journal, (db) => db.query<{ command: string }, []>('SELECT command FROM control').all());
      expect(control).toEqual([{ command: 'panic' }]);

      // q quits the attached dashboard and detaches the run pane; the session goes on.
      tmux('send-keys', '-t', 'dash.1', 'q');
      tmux('send-keys', '-t', 'dash.0', 'q');
      await Bun.sleep(300);
      expect((journalLockHolders(journal) ?? []).length).toBe(1);
      await emu.step(1);
      await until(() => /close [\d.]+ (flat|long|short).* HALTED/.test(capture('dash.0')), 'a plain bar line after detaching');
      tmux('send-keys', '-t', 'dash.0', 'C-c');
      await until(() => readJournal(journal, (db) => db.query("SELECT 1 FROM meta WHERE key = 'stopped'").get()), 'the session to stop');
      expect(capture('dash.0')).toContain('stopped (interrupted)');
    } finally {
      await emu?.stop();
    }
  },
  240_000,
);

test('without a terminal: trade run --tui prints the plain lines, trade dashboard the journal lines and a status line', async () => {
  if (!TMUX) expect(box.run('data', 'import', '--sample', '--db', join(box.dir, 'emu.duckdb')).code).toBe(0);
  const emu = await startEmulator({
    dir: box.dir,
    db: join(box.dir, 'emu.duckdb'),
    fromIso: new Date(FROM_MS).toISOString(),
    toIso: new Date(FROM_MS + 10 * 60_000).toISOString(),
    env: box.env,
  });
  try {
    const state = join(box.dir, 'state-pipe');
    const p = Bun.spawn([...TRADE, 'run', PLAY, '--mode', 'demo', '--endpoint', emu.url, '--state', state, '--bars', '2', '--tui'], {
      cwd: box.dir,
      stdout: 'pipe',
      stderr: 'pipe',
      env: { ...box.env, TRADE_DB: join(box.dir, 'run-pipe.duckdb'), BYBIT_DEMO_API_KEY: KEY, BYBIT_DEMO_API_SECRET: SECRET },
    });
    const journal = await until(() => journalIn(state, 'fast-cross'), 'the session journal');
    for (let m = 1; m <= 2; m++) {
      await until(
        () => readJournal(journal, (db) => db.query("SELECT 1 FROM meta WHERE key = 'realtime'").get()),
        'the session to wait for bars',
      );
      await emu.step(1);
      await until(
        () => readJournal(journal, (db) => db.query('SELECT 1 FROM snapshots WHERE bar_close_ms >= ?').get(FROM_MS + m * 60_000)),
        `minute ${m}`,
      );
    }
    expect(await p.exited).toBe(0);
    const out = await new Response(p.stdout).text();
    expect(out).toContain('start-up: reconcile: wallet 10000 USDT');
    expect(out.trim().split('\n').at(-1)).toMatch(/^stopped \(2 bars\): 2 bars/);
    expect(out).not.toContain('\x1b[');
    const d = box.run('dashboard', '--state', state);
    expect(d.code).toBe(0);
    expect(d.out.trim().split('\n').at(-1)).toMatch(/^fast-cross-demo-\d{8}T\d{6}Z: stopped \(2 bars\); DEMO BTCUSDT ACTIVE flat bar/);
    expect(d.out).not.toContain('\x1b[');
    const none = box.run('dashboard', '--state', join(box.dir, 'empty-state'));
    expect(none.code).toBe(2);
    expect(none.err.trim()).toBe(
      `✖ trade dashboard: no session journal under ${join(box.dir, 'empty-state')}/ (start one with trade run, or name --state)`,
    );
  } finally {
    await emu.stop();
  }
}, 120_000);
