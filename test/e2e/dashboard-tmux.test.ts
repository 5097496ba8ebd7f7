// The dashboard in a real terminal (issue 17): `dist/trade run --tui` in a tmux pane against a
// paused `dist/trade emulator` stepped a minute at a time. capture-pane shows the position after
// the first fill; `p` then `y` panics through the journal's control table and the HALTED banner
// shows; `trade dashboard` attaches from a second pane and shows the same; without an argument it
// picks the newest session, named by an id prefix it shows that one; `r` resumes and `h` halts
// (a control row each), `?` shows the help; at 80 columns the dashboard reflows within the width,
// below 60 it is one status line; q quits it and q detaches the first without stopping the session
// (plain lines go on); Ctrl-C stops the session. A second session in its own tmux window shows the
// other alerts from the binary: STALE DATA once the paused emulator has sent no ticker for over 10 s
// (the journal's realtime record says stale_ticker), and REDUCING after the emulator's reject fault
// refuses three entries in a row (the journal has the three rejects and the kill_switch event); r
// resumes it.
// tmux runs on its own socket (-L), so no other tmux server is touched. Waits are bounded loops.
// Both panes have CI=true, as on a CI runner, where Ink alone would draw nothing until it unmounts.
import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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

/**
 * The dashboard's live region as drawn last: the pane's lines (wrapped lines joined, -J, so a line
 * wider than the pane shows at its full length) from the last header line on. Above it are the
 * log lines and what an earlier, wider frame left behind.
 */
function liveRegion(pane: string): string[] {
  const lines = tmux('capture-pane', '-p', '-J', '-t', pane).trimEnd().split('\n');
  const head = lines.findLastIndex((l) => /DEMO .*fast-cross BTCUSDT/.test(l));
  return head < 0 ? [] : lines.slice(head);
}

/** Control rows of the journal, in order. */
const controlRows = (journal: string) =>
  readJournal(journal, (db) =>
    db
      .query<{ command: string }, []>('SELECT command FROM control ORDER BY id')
      .all()
      .map((r) => r.command),
  );

/**
 * A finished SHADOW session beside `journal`, newer than it: a copy (VACUUM INTO, read-only) with
 * another id and mode, its bars received a day later, and a stop record. Returns its id.
 */
function newerDecoy(journal: string): string {
  const id = 'fast-cross-shadow-decoy';
  const path = join(dirname(journal), `${id}.sqlite`);
  const src = new Database(journal, { readonly: true });
  src.exec(`VACUUM INTO '${path}'`);
  src.close();
  const db = new Database(path);
  const session = JSON.parse(db.query<{ value: string }, []>("SELECT value FROM meta WHERE key = 'session'").get()!.value);
  db.query("UPDATE meta SET value = ? WHERE key = 'session'").run(JSON.stringify({ ...session, id, mode: 'shadow' }));
  db.query("INSERT OR REPLACE INTO meta (key, value) VALUES ('stopped', ?)").run(JSON.stringify({ reason: 'decoy' }));
  db.exec('UPDATE bars SET recv_ms = recv_ms + 86400000');
  db.close();
  return id;
}

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
      expect(controlRows(journal)).toEqual(['panic']);

      // Two sessions: without an argument trade dashboard picks the newest (a finished SHADOW copy);
      // named by a prefix of its id (the second pane, restarted), the running DEMO session is shown.
      tmux('send-keys', '-t', 'dash.1', 'q');
      const decoy = newerDecoy(journal);
      const newest = box.run('dashboard', '--state', state);
      expect(newest.code).toBe(0);
      expect(newest.out.trim().split('\n').at(-1)).toMatch(new RegExp(`^${decoy}: stopped \\(decoy\\); SHADOW BTCUSDT `));
      const prefix = basename(journal, '.sqlite').slice(0, -3);
      expect(prefix.startsWith('fast-cross-demo-')).toBe(true);
      script('dash-id.sh', [...TRADE, 'dashboard', prefix, '--state', state], { CI: 'true', TZ: 'UTC', TERM: 'xterm-256color' });
      tmux('respawn-pane', '-k', '-t', 'dash.1', 'bash', '-c', `bash '${join(box.dir, 'dash-id.sh')}'; sleep 120`);
      const named = await until(() => {
        const c = capture('dash.1');
        return c.includes(' HALTED (panic') && c.includes('q quit') ? c : undefined;
      }, `trade dashboard ${prefix} to show the HALTED session`);
      expect(named).toMatch(/DEMO .*fast-cross BTCUSDT ● \w+ .* HALTED running/);
      expect(named).toMatch(/Position\s+(flat|long|short)/);
      expect(named).not.toContain('SHADOW');
      expect(named).not.toContain('STOPPED');

      // r resumes: the banner goes, ACTIVE in both panes, a resume row after the panic.
      tmux('send-keys', '-t', 'dash.0', 'r');
      await until(() => {
        const c = capture('dash.0');
        return !c.includes(' HALTED (') && / ACTIVE running/.test(c);
      }, 'HALTED to go after r');
      expect(controlRows(journal)).toEqual(['panic', 'resume']);
      await until(
        () => !capture('dash.1').includes(' HALTED (') && / ACTIVE running/.test(capture('dash.1')),
        'the named dashboard to follow r',
      );
      // h halts: a halt row and the HALTED banner (halt, not panic).
      tmux('send-keys', '-t', 'dash.0', 'h');
      await until(() => capture('dash.0').includes(' HALTED (halt): nothing is sent; r resumes'), 'the HALTED banner after h');
      expect(controlRows(journal)).toEqual(['panic', 'resume', 'halt']);
      // ? shows the help.
      tmux('send-keys', '-t', 'dash.0', '?');
      await until(() => capture('dash.0').includes('h halt: send nothing more; protection on the venue stays'), 'the help after ?');
      expect(capture('dash.0')).toContain('r resume: ACTIVE again');

      // The run pane alone in the window, then narrower: at 80 columns the dashboard reflows within
      // the width (the Position panel still there); at 50 it is one status line.
      tmux('send-keys', '-t', 'dash.1', 'q');
      await until(
        () => tmux('display-message', '-p', '-t', 'dash.1', '#{pane_current_command}').trim() === 'sleep',
        'q to quit the named dashboard',
      );
      tmux('kill-pane', '-t', 'dash.1');
      tmux('resize-window', '-t', 'dash', '-x', '80');
      // A shrink clears the screen before the frame is drawn again: the whole pane (not only the
      // last frame) fits the width, and there is one header, not the 100-column frame above it.
      const paneLines = (id: string) => tmux('capture-pane', '-p', '-J', '-t', id).trimEnd().split('\n');
      const header = /DEMO .*fast-cross BTCUSDT/;
      const at80 = await until(() => {
        const r = paneLines('dash.0');
        return r.every((l) => l.length <= 80) &&
          r.filter((l) => header.test(l)).length === 1 &&
          r.some((l) => l.startsWith(' HALTED (halt)'))
          ? r
          : undefined;
      }, 'the dashboard to reflow to 80 columns on a cleared screen');
      expect(at80.some((l) => /^Position\s+(flat|long|short)/.test(l))).toBe(true);
      expect(at80.some((l) => l.includes('h halt: send nothing more'))).toBe(true);
      expect(at80).toContain('p panic h halt r resume q detach ? help');
      tmux('resize-window', '-t', 'dash', '-x', '50');
      // The alert word says HALTED; the kill switch is not repeated after the symbol.
      const status = /^HALTED DEMO BTCUSDT (flat|long [\d.]+ \S+|short [\d.]+ \S+) bar \d+s$/;
      const at50 = await until(() => {
        const lines = paneLines('dash.0');
        return status.test(lines.at(-1) ?? '') && !lines.some((l) => header.test(l)) ? lines : undefined;
      }, 'one status line at 50 columns, the wide frame cleared');
      expect(at50.every((l) => l.length <= 50)).toBe(true);
      expect(at50.filter((l) => status.test(l))).toHaveLength(1);
      tmux('resize-window', '-t', 'dash', '-x', '100');
      await until(() => liveRegion('dash.0').some((l) => l.startsWith(' HALTED (halt)')), 'the dashboard back at 100 columns');

      // q detaches the run pane; the session goes on.
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

/** The journal's `realtime` record (market-data state and kill switch, as the session last wrote it). */
const realtimeOf = (journal: string) =>
  readJournal(journal, (db) => {
    const row = db.query<{ value: string }, []>("SELECT value FROM meta WHERE key = 'realtime'").get();
    return row ? (JSON.parse(row.value) as { state: string; stale: string | null; lastTickerMs: number }) : undefined;
  });

test.skipIf(!TMUX)(
  'trade run --tui in tmux: STALE DATA once the ticker is over 10 s old, REDUCING after three rejects in a row, r resumes',
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
      const state = join(box.dir, 'state-alerts');
      const env = {
        CI: 'true',
        TZ: 'UTC',
        TERM: 'xterm-256color',
        TRADE_DB: join(box.dir, 'run-alerts.duckdb'),
        BYBIT_DEMO_API_KEY: KEY,
        BYBIT_DEMO_API_SECRET: SECRET,
      };
      script('run-alerts.sh', [...TRADE, 'run', PLAY, '--mode', 'demo', '--endpoint', emu.url, '--state', state, '--tui'], env);
      tmux(
        'new-session',
        '-d',
        '-s',
        'alerts',
        '-x',
        '100',
        '-y',
        '60',
        'bash',
        '-c',
        `bash '${join(box.dir, 'run-alerts.sh')}'; sleep 120`,
      );
      const pane = 'alerts.0';
      const journal = await until(() => journalIn(state, 'fast-cross'), 'the session journal');
      await until(() => /DEMO .*fast-cross BTCUSDT/.test(capture(pane)), 'the dashboard header');
      let minute = 0;
      /** Steps one minute once the session waits for bars, and waits until it journaled that bar. */
      const stepMinute = async () => {
        await until(() => realtimeOf(journal), 'the session to wait for bars');
        await emu!.step(1);
        minute++;
        const closeMs = FROM_MS + minute * 60_000;
        await until(
          () => readJournal(journal, (db) => db.query('SELECT 1 FROM snapshots WHERE bar_close_ms >= ?').get(closeMs)),
          `the bar closing at minute ${minute}`,
        );
      };
      for (let m = 0; m < 2; m++) await stepMinute();

      // STALE: the emulator paused, no ticker comes; once it is over 10 s old (TICKER_STALE_MS) the
      // banner says so, and the session's own realtime record (journal) says stale_ticker.
      const staleBanner = /^ STALE DATA: the ticker is (\d+)s old; new entries stopped/m;
      const stale = await until(() => staleBanner.exec(capture(pane)) ?? undefined, 'the STALE DATA banner', 40_000);
      expect(Number(stale[1])).toBeGreaterThanOrEqual(10); // over 10 000 ms, shown in whole seconds
      await until(() => realtimeOf(journal)?.stale === 'stale_ticker', 'the journal to say stale_ticker');
      expect(realtimeOf(journal)?.state).toBe('ACTIVE');
      // A step brings a ticker: the banner goes.
      await stepMinute();
      await until(() => !/^ STALE DATA:/m.test(capture(pane)), 'the STALE DATA banner to go after a step');

      // REDUCING: the next three order creates are rejected (110007, not retryable); three entries
      // rejected in a row move the kill switch down. The banner names why; the journal agrees.
      await emu.fault({ fault: 'reject', count: 3, retCode: 110007 });
      // The banner is a line of its own (the log above also says ": REDUCING (exits and protection only)").
      const reducingBanner = /^ REDUCING \(3 rejects in a row\): exits and protection only; r resumes$/m;
      while (!reducingBanner.test(capture(pane)) && realtimeOf(journal)?.state !== 'REDUCING') {
        if (minute >= 110) throw new Error(`no REDUCING by minute ${minute}${diagnose()}`);
        await stepMinute();
      }
      await until(() => reducingBanner.test(capture(pane)), 'the REDUCING banner');
      await until(() => realtimeOf(journal)?.state === 'REDUCING', 'the journal realtime state REDUCING');
      const journaled = readJournal(journal, (db) => ({
        rejected: db
          .query<{ json: string }, []>("SELECT json FROM events WHERE kind = 'skipped'")
          .all()
          .filter((x) => (JSON.parse(x.json) as { reason: string }).reason === 'rejected_110007').length,
        kill: db
          .query<{ json: string }, []>("SELECT json FROM events WHERE kind = 'kill_switch'")
          .all()
          .map((x) => JSON.parse(x.json) as { command: string; state: string })
          .map((k) => `${k.command}:${k.state}`),
      }));
      expect(journaled).toEqual({ rejected: 3, kill: ['reducing_rejects:REDUCING'] });
      expect(capture(pane)).not.toContain(' HALTED (');

      // r resumes: the banner goes, ACTIVE, a resume control row, the journal state ACTIVE.
      tmux('send-keys', '-t', pane, 'r');
      await until(() => {
        const c = capture(pane);
        return !/^ REDUCING \(/m.test(c) && / ACTIVE running/.test(c);
      }, 'REDUCING to go after r');
      expect(controlRows(journal)).toEqual(['resume']);
      await until(() => realtimeOf(journal)?.state === 'ACTIVE', 'the journal realtime state ACTIVE after r');

      tmux('send-keys', '-t', pane, 'C-c');
      await until(() => readJournal(journal, (db) => db.query("SELECT 1 FROM meta WHERE key = 'stopped'").get()), 'the session to stop');
    } finally {
      await emu?.stop();
    }
  },
  240_000,
);
