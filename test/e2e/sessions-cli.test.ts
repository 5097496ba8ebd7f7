// `trade sessions` and `trade session show` from the CLI (dist/trade when built) over journals that
// real `trade run` processes wrote against a `trade emulator` process replaying 2024-08-05 from
// 13:40 UTC: a demo and a shadow session that trade ema-cross's 14:30 long and stop at 14:50
// (listed and shown, text and --json; the PnL is the emulator's own wallet change), a session
// listed as running (its pid) while it runs and as unclean after SIGKILL, and the one-line exit-2
// errors (unknown or ambiguous id, missing --state); damaged files are listed, not fatal.
import { constants, Database } from 'bun:sqlite';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, type Sandbox, sandbox, TRADE } from './cli-harness';

const PLAY = join(ROOT, 'plays/ema-cross.yml');
const KEY = 'e2e-sessions-key';
const SECRET = 'e2e-sessions-secret-5e1f';
const UNTIL = '2024-08-05T14:50:00.000Z';
let box: Sandbox;
let emu: { url: string; stop: () => void };

interface Listed {
  ok: boolean;
  session: {
    id: string;
    mode: string;
    state: string;
    stopReason: string | null;
    pids: number[];
    startMs: number;
    lastBarMs: number;
    position: { side: string; qty: number };
    pnlUsdt: number;
    decisions: number;
    orders: number;
    fills: number;
  };
}

async function readUntil(stream: ReadableStream<Uint8Array>, needle: string, timeoutMs: number): Promise<string> {
  const reader = stream.getReader();
  let text = '';
  const deadline = Date.now() + timeoutMs;
  while (!text.includes(needle) && Date.now() < deadline) {
    const next = await Promise.race([reader.read(), Bun.sleep(deadline - Date.now()).then(() => undefined)]);
    if (!next || next.done) break;
    text += new TextDecoder().decode(next.value);
  }
  reader.releaseLock();
  return text;
}

function startSession(mode: 'shadow' | 'demo', state: string, ...extra: string[]) {
  const keys = box.file(`keys-${mode}.env`, `BYBIT_DEMO_API_KEY=${KEY}\nBYBIT_DEMO_API_SECRET=${SECRET}\n`);
  chmodSync(keys, 0o600);
  return Bun.spawn([...TRADE, 'run', PLAY, '--mode', mode, '--endpoint', emu.url, '--state', state, '--json', '--keys', keys, ...extra], {
    cwd: box.dir,
    stdout: 'pipe',
    stderr: 'pipe',
    env: { ...box.env, TRADE_DB: join(box.dir, `run-${mode}-${state.length}-${Date.now()}.duckdb`) },
  });
}

/** The newest wallet balance the emulator reported to a journal (read immutable: no side files). */
function lastWalletUsdt(path: string): number {
  const db = new Database(`file:${encodeURI(path)}?immutable=1`, constants.SQLITE_OPEN_READONLY | constants.SQLITE_OPEN_URI);
  const row = db.query<{ json: string }, []>("SELECT json FROM events WHERE kind = 'wallet' ORDER BY id DESC LIMIT 1").get();
  db.close();
  return (JSON.parse(row!.json) as { walletUsdt: number }).walletUsdt;
}

beforeAll(async () => {
  box = sandbox('trade-e2e-sessions-');
  expect(box.run('data', 'import', '--sample', '--db', join(box.dir, 'emu.duckdb')).code).toBe(0);
  const p = Bun.spawn(
    [
      ...TRADE,
      'emulator',
      '--json',
      '--db',
      join(box.dir, 'emu.duckdb'),
      '--account',
      `${KEY}:${SECRET}:10000`,
      '--symbol',
      'BTCUSDT',
      '--from',
      '2024-08-05T13:40Z',
      '--to',
      '2024-08-05T21:00Z',
      '--speed',
      '4', // 14:30 comes 12.5 s after the start: room for both sessions' start-up on a loaded machine
      '--decision-ms',
      '20',
    ],
    { cwd: box.dir, stdout: 'pipe', stderr: 'pipe', env: box.env },
  );
  const first = (await readUntil(p.stdout, '\n', 30_000)).split('\n')[0] as string;
  emu = { url: (JSON.parse(first) as { rest: string }).rest, stop: () => p.kill('SIGINT') };
}, 60_000);
afterAll(() => {
  emu?.stop();
  box.cleanup();
});

describe('stopped sessions: a demo and a shadow session that traded', () => {
  const state = () => join(box.dir, 'state-a');

  test('both sessions run to --until', async () => {
    const demo = startSession('demo', state(), '--until', UNTIL);
    await Bun.sleep(1100); // session ids are stamped to the second; the shadow starts after
    const shadow = startSession('shadow', state(), '--until', UNTIL);
    for (const p of [demo, shadow]) {
      const code = await Promise.race([p.exited, Bun.sleep(90_000).then(() => 'timeout')]);
      expect({ code, err: await new Response(p.stderr).text() }).toEqual({ code: 0, err: '' });
    }
  }, 120_000);

  test('trade sessions --json: newest first, stopped, window, position, counts; PnL = the emulator wallet change', () => {
    const r = box.run('sessions', '--state', state(), '--json');
    expect([r.code, r.err]).toEqual([0, '']);
    const list = JSON.parse(r.out) as { stateDir: string; sessions: Listed[] };
    expect(list.sessions.map((e) => [e.ok, e.session.mode])).toEqual([
      [true, 'shadow'],
      [true, 'demo'],
    ]);
    for (const { session: s } of list.sessions) {
      expect([s.state, s.stopReason, s.lastBarMs]).toEqual(['stopped', `until ${UNTIL}`, Date.parse(UNTIL) - 60_000]);
      expect(s.startMs).toBeLessThan(Date.UTC(2024, 7, 5, 14, 30));
      // ema-cross's 14:30 long closed by its take-profit at 14:43: one order, two fills, flat.
      expect([s.orders, s.fills, s.position]).toEqual([1, 2, { side: 'flat', qty: 0 }]);
      expect(s.pnlUsdt).toBeGreaterThan(100);
    }
    const demo = list.sessions[1]!.session;
    const journal = join(state(), 'ema-cross', `${demo.id}.sqlite`);
    expect(Math.round(demo.pnlUsdt * 1e8)).toBe(Math.round((lastWalletUsdt(journal) - 10_000) * 1e8));
  });

  test('trade sessions (text): one row each with state, times and PnL', () => {
    const r = box.run('sessions', '--state', state());
    expect([r.code, r.err]).toEqual([0, '']);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(
      /^session\s+play\s+mode\s+symbol\s+state\s+started\s+last bar\s+position\s+pnl USDT\s+decisions\s+orders\s+fills$/,
    );
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/^ema-cross-shadow-\d{8}T\d{6}Z\s+ema-cross\s+shadow\s+BTCUSDT\s+stopped \(until 2024-08-05T14:50:00.000Z\)/);
    expect(lines[3]).toMatch(/^ema-cross-demo-\d{8}T\d{6}Z\s+ema-cross\s+demo\s+BTCUSDT\s+stopped/);
    expect(lines[3]).toContain('2024-08-05T14:49:00.000Z');
    expect(lines[3]).toMatch(/\sflat\s+\d+\.\d\d\s+\d+\s+1\s+2$/);
  });

  test('trade session show <prefix>: window, verified snapshot, the acting decision, the order filled, both fills', () => {
    const r = box.run('session', 'show', 'ema-cross-demo', '--state', state());
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toMatch(/^session ema-cross-demo-\d{8}T\d{6}Z\n/);
    expect(r.out).toContain('play ema-cross, mode demo, symbol BTCUSDT');
    expect(r.out).toContain(`state stopped (until ${UNTIL})`);
    expect(r.out).toMatch(/window warm start 2024-08-0\dT\S+, first live bar 2024-08-05T1[34]:\S+, last bar 2024-08-05T14:49:00.000Z/);
    expect(r.out).toMatch(/snapshot 2024-08-05T14:50:00.000Z digest [0-9a-f]{64} \(verified\)/);
    expect(r.out).toMatch(/\n\d+\s+2024-08-05T14:30:00.000Z\s+enter_long\s+0 \(golden\)\s+r\w+-L1\n/);
    expect(r.out).toMatch(/r\w+-L1\s+buy market\s+0.126\s+-\s+IOC\s+filled 0.126 @ \d+(\.\d+)?\n/);
    expect(r.out).toMatch(/\(take_profit\)\s+sell\s+0.126\s+54178.9\s/);
  });

  test('trade session show --json: orders with outcomes and fills; PnL is their sum', () => {
    const r = box.run('session', 'show', 'ema-cross-shadow', '--state', state(), '--json');
    expect([r.code, r.err]).toEqual([0, '']);
    const d = JSON.parse(r.out) as {
      mode: string;
      pnlUsdt: number;
      snapshot: { digestOk: boolean };
      orderList: { status: string; filledQty: number; side: string }[];
      fillList: { realisedPnlUsdt: number; feeUsdt: number; source: string }[];
      actedDecisions: { action: string; tsMs: number }[];
    };
    expect(d.mode).toBe('shadow');
    expect(d.snapshot.digestOk).toBe(true);
    expect(d.orderList.map((o) => [o.side, o.status, o.filledQty])).toEqual([['buy', 'filled', 0.126]]);
    expect(d.fillList.map((f) => f.source)).toEqual(['order', 'take_profit']);
    expect(d.actedDecisions).toEqual([expect.objectContaining({ action: 'enter_long', tsMs: Date.UTC(2024, 7, 5, 14, 30) })]);
    const units = d.fillList.reduce((a, f) => a + Math.round(f.realisedPnlUsdt * 1e8) - Math.round(f.feeUsdt * 1e8), 0);
    expect(Math.round(d.pnlUsdt * 1e8)).toBe(units);
  });

  test('unknown and ambiguous ids, a missing --state: one line, exit 2; a damaged file is listed, not fatal', () => {
    const unknown = box.run('session', 'show', 'nope', '--state', state());
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^✖ no session 'nope' under \S+state-a \(sessions: ema-cross-\S+, ema-cross-\S+\)\n$/);
    const asJson = box.run('session', 'show', 'nope', '--state', state(), '--json');
    expect([asJson.code, asJson.err, (JSON.parse(asJson.out) as { error: { code: string } }).error.code]).toEqual([
      2,
      '',
      'SESSION_UNKNOWN',
    ]);
    const ambiguous = box.run('session', 'show', 'ema-cross', '--state', state());
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.err).toMatch(/^✖ session 'ema-cross' is ambiguous under \S+: ema-cross-demo-\S+, ema-cross-shadow-\S+\n$/);
    const missing = box.run('sessions', '--state', join(box.dir, 'nowhere'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("--state '");
    expect(missing.err.trim().split('\n')).toHaveLength(1);
    writeFileSync(join(state(), 'ema-cross', 'broken.sqlite'), 'not sqlite at all');
    const listed = box.run('sessions', '--state', state());
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/\nbroken\s+-\s+-\s+-\s+unreadable \(below\)\n/);
    expect(listed.out).toMatch(/\nunreadable broken: \S+broken.sqlite: cannot read the journal: file is not a database\n/);
    const shown = box.run('session', 'show', 'broken', '--state', state());
    expect([shown.code, shown.out]).toEqual([1, '']);
    expect(shown.err).toMatch(/^✖ \S+broken.sqlite: cannot read the journal: file is not a database\n$/);
    for (const r of [unknown, ambiguous, missing, shown]) expect(r.err).not.toContain('    at ');
  });
});

test('a running session is listed as running (its pid); after SIGKILL it is unclean', async () => {
  const state = join(box.dir, 'state-b');
  const p = startSession('shadow', state);
  try {
    const text = await readUntil(p.stdout, '"type":"start"', 60_000);
    expect(text).toContain('"type":"start"');
    const r = box.run('sessions', '--state', state, '--json');
    expect([r.code, r.err]).toEqual([0, '']);
    const [e] = (JSON.parse(r.out) as { sessions: Listed[] }).sessions;
    expect([e!.session.state, e!.session.pids, e!.session.mode]).toEqual(['running', [p.pid], 'shadow']);
    const shown = box.run('session', 'show', e!.session.id, '--state', state);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain(`state running (pid ${p.pid})`);
  } finally {
    p.kill('SIGKILL');
    await p.exited;
  }
  const dir = join(state, 'ema-cross');
  expect(readdirSync(dir).some((f) => f.endsWith('.sqlite-wal'))).toBe(true); // killed: nobody closed it
  const r = box.run('sessions', '--state', state, '--json');
  const [e] = (JSON.parse(r.out) as { sessions: Listed[] }).sessions;
  expect([e!.session.state, e!.session.stopReason, e!.session.pids]).toEqual(['unclean', null, []]);
  const text = box.run('sessions', '--state', state);
  expect(text.out).toContain('unclean (no stop record, not open)');
}, 90_000);
