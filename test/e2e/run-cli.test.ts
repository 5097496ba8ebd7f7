// `trade run` from the CLI (dist/trade when built): each missing live opt-in is its own exit-2 line;
// keys from the environment or a 0600 --keys file; every start-up step that fails (read the instrument, margin and
// leverage, sync the store, warm the features, subscribe) is one line naming the step, cause and fix; a shadow and a demo session against a
// `trade emulator` process print JSON lines and stop cleanly at --bars; Ctrl-C (SIGINT) stops a
// session with exit 0 and a snapshot in its journal; the secret appears in no output and not in
// the journal; `trade backtest --like` writes the session's decisions (time and action, row by row);
// `trade replay` of each session (by path, and by an id prefix under --state) is identical, and
// finds a changed bar, printing both sides' inputs and the bar.
import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { chmodSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readParquet } from '../../src/data';
import { ROOT, type Sandbox, sandbox, TRADE } from './cli-harness';

const PLAY = join(ROOT, 'plays/ema-cross.yml');
const KEY = 'e2e-key-7f3a9c';
const SECRET = 'e2e-secret-41d8b2c9';
let box: Sandbox;

beforeAll(() => {
  box = sandbox('trade-e2e-run-');
  expect(box.run('data', 'import', '--sample', '--db', join(box.dir, 'emu.duckdb')).code).toBe(0);
});
afterAll(() => box.cleanup());

describe('guards: one line, exit 2, before anything is contacted', () => {
  const cases: [string, Record<string, string | undefined>, string[], RegExp][] = [
    ['no mode', {}, [], /--mode '': expected shadow, demo or live/],
    ['a bad mode', {}, ['--mode', 'paper'], /--mode 'paper': expected shadow, demo or live/],
    ['live without TRADE_LIVE', { TRADE_LIVE: undefined }, ['--mode', 'live', '--confirm', 'BTCUSDT'], /needs TRADE_LIVE=yes/],
    ['live without --confirm', { TRADE_LIVE: 'yes' }, ['--mode', 'live'], /needs --confirm BTCUSDT/],
    [
      'live confirming another symbol',
      { TRADE_LIVE: 'yes' },
      ['--mode', 'live', '--confirm', 'ETHUSDT'],
      /--confirm 'ETHUSDT' does not match/,
    ],
    [
      'live without keys',
      { TRADE_LIVE: 'yes', BYBIT_API_KEY: undefined },
      ['--mode', 'live', '--confirm', 'BTCUSDT'],
      /needs BYBIT_API_KEY/,
    ],
    ['demo without keys', { BYBIT_DEMO_API_KEY: undefined }, ['--mode', 'demo'], /needs BYBIT_DEMO_API_KEY/],
    ['a bad --bars', {}, ['--mode', 'shadow', '--bars', '-3'], /--bars '-3': expected a whole number >= 1/],
    ['a bad --endpoint', {}, ['--mode', 'shadow', '--endpoint', 'ftp://x'], /--endpoint 'ftp:\/\/x'/],
  ];
  for (const [name, env, args, message] of cases) {
    test(name, () => {
      const r = box.runEnv(env, 'run', PLAY, ...args, '--db', join(box.dir, 'none.duckdb'));
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(message);
      expect(r.err).not.toContain('    at ');
    });
  }

  test('a --keys file others can read is refused, naming chmod 600; the secret is not printed', () => {
    const path = box.file('keys.env', `BYBIT_DEMO_API_KEY=${KEY}\nBYBIT_DEMO_API_SECRET=${SECRET}\n`);
    chmodSync(path, 0o644);
    const r = box.run('run', PLAY, '--mode', 'demo', '--keys', path, '--db', join(box.dir, 'none.duckdb'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('chmod 600');
    expect(r.out + r.err).not.toContain(SECRET);
  });
});

async function firstLine(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  let text = '';
  while (!text.includes('\n')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return text.split('\n')[0] as string;
}

/** A `trade emulator` process replaying 2024-08-05 with one account (`extra`: faults); returns its REST URL. */
async function emulator(speed: string, extra: string[] = []) {
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
      '2024-08-05T00:00Z',
      '--to',
      '2024-08-06T00:00Z',
      '--speed',
      speed,
      '--decision-ms',
      '20',
      ...extra,
    ],
    { cwd: box.dir, stdout: 'pipe', stderr: 'pipe', env: box.env },
  );
  const urls = JSON.parse(await firstLine(p.stdout)) as { rest: string };
  return { url: urls.rest, stop: () => p.kill('SIGINT') };
}

function journalOf(state: string): string {
  const dir = join(state, 'ema-cross');
  return join(dir, readdirSync(dir).find((f) => f.endsWith('.sqlite')) as string);
}

test('shadow and demo sessions from the CLI: JSON lines, a clean stop at --bars, no secret anywhere', async () => {
  const emu = await emulator('120');
  try {
    for (const mode of ['shadow', 'demo'] as const) {
      const state = join(box.dir, `state-${mode}`);
      const keys = box.file(`keys-${mode}.env`, `BYBIT_DEMO_API_KEY=${KEY}\nBYBIT_DEMO_API_SECRET=${SECRET}\n`);
      chmodSync(keys, 0o600);
      const p = Bun.spawn(
        [...TRADE, 'run', PLAY, '--mode', mode, '--endpoint', emu.url, '--state', state, '--bars', '20', '--json', '--keys', keys],
        { cwd: box.dir, stdout: 'pipe', stderr: 'pipe', env: { ...box.env, TRADE_DB: join(box.dir, `run-${mode}.duckdb`) } },
      );
      const code = await Promise.race([p.exited, Bun.sleep(60_000).then(() => 'timeout')]);
      const out = await new Response(p.stdout).text();
      const err = await new Response(p.stderr).text();
      expect({ mode, code, err }).toEqual({ mode, code: 0, err: '' });
      const lines = out
        .trim()
        .split('\n')
        .map(
          (l) => JSON.parse(l) as { type: string; reason?: string; bars?: number; decisions?: number; latency?: Record<string, number> },
        );
      expect(lines.filter((l) => l.type === 'step').length).toBeGreaterThanOrEqual(mode === 'demo' ? 5 : 4);
      expect(lines.some((l) => l.type === 'start')).toBe(true);
      const stop = lines.at(-1)!;
      expect([stop.type, stop.reason, stop.bars]).toEqual(['stop', '20 bars', 20]);
      // The candle-to-orders latency over the live bars' decisions: one figure per decision, ordered.
      const lat = stop.latency!;
      expect(lat.n).toBeGreaterThan(0);
      expect(lat.n).toBeLessThanOrEqual(stop.decisions!);
      expect(0 <= lat.p50Ms! && lat.p50Ms! <= lat.p99Ms! && lat.p99Ms! <= lat.maxMs!).toBe(true);
      const journal = journalOf(state);
      expect(readFileSync(journal).includes(Buffer.from(SECRET))).toBe(false);
      expect(out + err).not.toContain(SECRET);
      expect(out + err).not.toContain(KEY);
      const j = new Database(journal, { readonly: true });
      expect(j.query<{ n: number }, []>('SELECT count(*) AS n FROM bars WHERE warm = 0').get()!.n).toBe(20);
      // A snapshot after every bar, pruned to the newest and one per hour: 20 bars keep one, or
      // two when they cross an hour; the newest stands at the last bar's close.
      const snaps = j.query<{ n: number; last: number }, []>('SELECT count(*) AS n, max(bar_close_ms) AS last FROM snapshots').get()!;
      const newestBar = j.query<{ ts: number }, []>('SELECT max(ts_ms) AS ts FROM bars').get()!.ts;
      expect(snaps.n === 1 || snaps.n === 2).toBe(true);
      expect(snaps.last).toBe(newestBar + 60_000);
      j.close();
      // trade backtest --like: the session's symbol and window, one decision per session decision.
      const like = box.runEnv(
        { TRADE_DB: join(box.dir, `run-${mode}.duckdb`) },
        'backtest',
        PLAY,
        '--like',
        journal,
        '--decisions',
        '--json',
        '--out',
        join(box.dir, 'bt'),
      );
      expect({ code: like.code, err: like.err }).toEqual({ code: 0, err: '' });
      const bt = JSON.parse(like.out) as { window: { from_ms: number; to_ms: number }; artifacts: string };
      const jw = new Database(journal, { readonly: true });
      const window = JSON.parse(jw.query<{ value: string }, []>("SELECT value FROM meta WHERE key = 'window'").get()!.value);
      const sessionDecisions = jw.query<{ n: number }, []>('SELECT count(*) AS n FROM decisions').get()!.n;
      const lastBar = jw.query<{ t: number }, []>('SELECT max(ts_ms) AS t FROM bars').get()!.t;
      jw.close();
      expect([bt.window.from_ms, bt.window.to_ms]).toEqual([window.startMs, lastBar + 60_000]);
      const manifest = JSON.parse(readFileSync(join(bt.artifacts, 'manifest.json'), 'utf8')) as { decisions_rows: number };
      expect(manifest.decisions_rows).toBe(sessionDecisions);
      // Row by row, decisions.parquet (through DuckDB) holds the session's decisions: time, action and inputs.
      const parquet = (await readParquet(join(bt.artifacts, 'decisions.parquet'))).map((d) => ({
        tsMs: Number(d.ts_ms),
        action: d.action as string,
        inputs: JSON.parse(d.inputs_json as string) as unknown,
      }));
      const jd = new Database(journal, { readonly: true });
      const journaled = jd
        .query<{ ts_ms: number; action: string; json: string }, []>('SELECT ts_ms, action, json FROM decisions ORDER BY seq')
        .all()
        .map((d) => ({ tsMs: d.ts_ms, action: d.action, inputs: (JSON.parse(d.json) as { inputs: unknown }).inputs }));
      jd.close();
      expect(parquet.length).toBe(sessionDecisions);
      expect(parquet.map((d) => [d.tsMs, d.action])).toEqual(journaled.map((d) => [d.tsMs, d.action]));
      expect(parquet).toEqual(journaled);
      // trade replay from the binary: identical (exit 0), then a changed close is a divergence (exit 1).
      const same = box.run('replay', journal);
      expect(same.code).toBe(0);
      expect(same.out).toMatch(/^identical: \d+ decisions, \d+ fills/);
      // By a prefix of the session id under --state (not a path): the same session, identical.
      const id = basename(journal, '.sqlite');
      const byId = box.run('replay', id.slice(0, -3), '--state', state);
      expect({ code: byId.code, err: byId.err }).toEqual({ code: 0, err: '' });
      expect(byId.out.split('\n')[0]).toBe(same.out.split('\n')[0]);
      expect(byId.out).toMatch(new RegExp(`^identical: ${sessionDecisions} decisions, \\d+ fills \\(${id}; `));
      expect(byId.out.trim().split('\n').at(-1)).toBe(`report ${journal.replace(/\.sqlite$/, '.parity.json')}`);
      const bad = new Database(journal);
      bad.exec('UPDATE bars SET close = low WHERE warm = 0 AND close != low');
      bad.close();
      const diff = box.run('replay', journal, '--json');
      expect(diff.code).toBe(1);
      type Div = { what: string; index: number; bar: { tsMs: number }; session: unknown; replay: unknown; fields: string[] };
      const report = JSON.parse(diff.out) as { identical: boolean; divergence: Div };
      expect(report.divergence.what).toBe('decision');
      // The text: the first divergence on the backtest path, with the altered bar (close = low) and both sides' inputs.
      const text = box.run('replay', journal);
      expect({ code: text.code, err: text.err }).toEqual({ code: 1, err: '' });
      const line = text.out.split('\n').find((l) => l.startsWith('backtest path: ')) ?? '';
      const m = line.match(
        /^backtest path: first divergence: decision (\d+) at the bar (\S+) \(o (\S+) h (\S+) l (\S+) c (\S+)\): (.+) differ; session (\{.*\}); replay (\{.*\})$/,
      );
      expect(m).not.toBeNull();
      const [, n, iso, o, h, l, c, fields, sessionSide, replaySide] = m as RegExpMatchArray;
      const jb = new Database(journal, { readonly: true });
      const bar = jb
        .query<{ open: number; high: number; low: number; close: number }, [number]>(
          'SELECT open, high, low, close FROM bars WHERE ts_ms = ? AND warm = 0',
        )
        .get(Date.parse(iso as string));
      jb.close();
      expect(bar).not.toBeNull();
      expect([o, h, l, c].map(Number)).toEqual([bar!.open, bar!.high, bar!.low, bar!.close]);
      expect(Number(c)).toBe(Number(l));
      expect([Number(n), Date.parse(iso as string), fields]).toEqual([
        report.divergence.index + 1,
        report.divergence.bar.tsMs,
        report.divergence.fields.join(', '),
      ]);
      const sides = [JSON.parse(sessionSide as string), JSON.parse(replaySide as string)] as { inputs: Record<string, number> }[];
      expect(sides).toEqual([report.divergence.session, report.divergence.replay] as typeof sides);
      for (const side of sides) expect(Object.keys(side.inputs).length).toBeGreaterThan(0);
      expect(sides[0]!.inputs).not.toEqual(sides[1]!.inputs);
      expect(text.out.trim().split('\n').at(-1)).toBe(`report ${journal.replace(/\.sqlite$/, '.parity.json')}`);
    }
  } finally {
    emu.stop();
  }
}, 150_000);

test('a failed start-up step is one line naming the step, the cause and the fix', async () => {
  const emu = await emulator('0');
  try {
    const unknown = box.runEnv(
      { TRADE_DB: join(box.dir, 'run-fail.duckdb') },
      'run',
      PLAY,
      '--mode',
      'shadow',
      '--endpoint',
      emu.url,
      '--symbol',
      'NOPEUSDT',
      '--state',
      join(box.dir, 'state-fail'),
    );
    expect(unknown.code).not.toBe(0);
    expect(unknown.err.trim().split('\n')).toHaveLength(1);
    expect(unknown.err).toContain("start-up step 'read the instrument' failed");
    expect(unknown.err).toContain('NOPEUSDT');
    const keys = box.file('wrong-keys.env', `BYBIT_DEMO_API_KEY=${KEY}\nBYBIT_DEMO_API_SECRET=not-the-secret-0000\n`);
    chmodSync(keys, 0o600);
    const auth = box.runEnv(
      { TRADE_DB: join(box.dir, 'run-fail.duckdb') },
      'run',
      PLAY,
      '--mode',
      'demo',
      '--endpoint',
      emu.url,
      '--keys',
      keys,
      '--state',
      join(box.dir, 'state-fail'),
    );
    expect(auth.code).not.toBe(0);
    expect(auth.err.trim().split('\n')).toHaveLength(1);
    expect(auth.err).toContain("start-up step 'set isolated margin and leverage' failed");
    expect(auth.err).toContain('check the API key');
    expect(auth.out + auth.err).not.toContain('not-the-secret-0000');
  } finally {
    emu.stop();
  }
}, 60_000);

test('the other start-up steps fail closed the same way: sync the store, warm the features, subscribe', async () => {
  // Each case: the emulator's fault, then the step it must stop and words of the cause and the fix.
  const cases: [string[], string, RegExp, RegExp][] = [
    [
      ['--fault', '{"fault":"http5xx","share":1,"status":503,"paths":["/v5/market/kline"]}'],
      'sync the store',
      /503/,
      /serves \/v5\/market\/kline for BTCUSDT/,
    ],
    // Ten minutes the exchange never had, inside the warm-up (ema-cross warms up from the day before).
    [
      ['--gap', '2024-08-04T22:00Z..2024-08-04T22:10Z'],
      'warm the features',
      /misses BTCUSDT minutes 2024-08-04T22:00/,
      /start later or import them/,
    ],
    [
      ['--fault', '{"fault":"tickers","on":false}'],
      'subscribe',
      /no tickers\.BTCUSDT snapshot within 10000 ms/,
      /check that ws:\/\/127\.0\.0\.1:\d+\/v5\/public\/linear is reachable/,
    ],
  ];
  for (const [faults, step, cause, fix] of cases) {
    const emu = await emulator('0', faults);
    try {
      const r = box.runEnv(
        { TRADE_DB: join(box.dir, `run-fail-${step.replaceAll(' ', '-')}.duckdb`) },
        'run',
        PLAY,
        '--mode',
        'shadow',
        '--endpoint',
        emu.url,
        '--state',
        join(box.dir, 'state-fail-steps'),
      );
      expect({ step, code: r.code === 0 ? 0 : 'failed', lines: r.err.trim().split('\n').length }).toEqual({
        step,
        code: 'failed',
        lines: 1,
      });
      expect(r.err).toContain(`start-up step '${step}' failed`);
      expect(r.err).toMatch(cause);
      expect(r.err).toMatch(fix);
      expect(r.err).not.toContain('    at ');
      // Nothing started: no start line.
      expect(r.out).not.toContain('session ');
    } finally {
      emu.stop();
    }
  }
}, 120_000);

/** A `trade run --json` shadow process; `until(s)` reads its stdout until `s` appears (or it ends). */
function liveRun(url: string, state: string, db: string) {
  const p = Bun.spawn([...TRADE, 'run', PLAY, '--mode', 'shadow', '--endpoint', url, '--state', state, '--json'], {
    cwd: box.dir,
    stdout: 'pipe',
    stderr: 'pipe',
    env: { ...box.env, TRADE_DB: join(box.dir, db) },
  });
  const reader = p.stdout.getReader();
  const out = { text: '' };
  const until = async (needle?: string) => {
    while (needle === undefined || !out.text.includes(needle)) {
      const { value, done } = await reader.read();
      if (done) break;
      out.text += new TextDecoder().decode(value);
    }
  };
  /** Signals the process, reads to the end; its exit code and stderr. */
  const stop = async (signal: 'SIGINT' | 'SIGTERM') => {
    p.kill(signal);
    await until();
    const code = await Promise.race([p.exited, Bun.sleep(20_000).then(() => 'timeout')]);
    return { code, err: await new Response(p.stderr).text() };
  };
  return { out, until, stop };
}

test('trade panic from another terminal halts a running session; Ctrl-C stops it with a snapshot, exit 0', async () => {
  const emu = await emulator('20');
  const state = join(box.dir, 'state-sigint');
  try {
    const run = liveRun(emu.url, state, 'run-sigint.duckdb');
    await run.until('"type":"start"');
    // The kill switch from another terminal: the running session applies it within a second.
    const journal = journalOf(state);
    const panic = box.run('panic', journal);
    expect({ code: panic.code, err: panic.err }).toEqual({ code: 0, err: '' });
    expect(panic.out).toContain('panic sent to');
    await run.until('"kind":"kill_switch"');
    expect(run.out.text).toContain('"detail":"panic: HALTED"');
    expect(await run.stop('SIGINT')).toEqual({ code: 0, err: '' });
    const text = run.out.text;
    const stop = JSON.parse(text.trim().split('\n').at(-1)!) as { type: string; reason: string };
    expect([stop.type, stop.reason]).toEqual(['stop', 'interrupted']);
    const j = new Database(journalOf(state), { readonly: true });
    expect(j.query<{ n: number }, []>('SELECT count(*) AS n FROM snapshots').get()!.n).toBe(1);
    expect(JSON.parse(j.query<{ value: string }, []>("SELECT value FROM meta WHERE key = 'stopped'").get()!.value).reason).toBe(
      'interrupted',
    );
    j.close();
  } finally {
    emu.stop();
  }
}, 60_000);

test('SIGTERM behaves like Ctrl-C: exit 0, a snapshot, the stop recorded as interrupted', async () => {
  const emu = await emulator('20');
  const state = join(box.dir, 'state-sigterm');
  try {
    const run = liveRun(emu.url, state, 'run-sigterm.duckdb');
    await run.until('"type":"start"');
    expect(await run.stop('SIGTERM')).toEqual({ code: 0, err: '' });
    const text = run.out.text;
    expect((JSON.parse(text.trim().split('\n').at(-1)!) as { reason: string }).reason).toBe('interrupted');
    const j = new Database(journalOf(state), { readonly: true });
    expect(j.query<{ n: number }, []>('SELECT count(*) AS n FROM snapshots').get()!.n).toBe(1);
    j.close();
  } finally {
    emu.stop();
  }
}, 60_000);
