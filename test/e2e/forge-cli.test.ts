// Forge from the binary (test/e2e/cli-harness.ts): `trade forge data` writes the same bytes for the
// same seed and refuses real-looking symbols; each scenario's shape is visible through `trade
// data`; `trade play test` passes good Plays and fails a broken expectation naming it; the
// look-ahead audit passes a clean Play and catches a planted one-bar peek. Every scenario forges
// the same bytes twice for one seed (other bytes for another, flat aside); --start sets the first
// candle; the coverage audit names operators, features, order types, stops, cases and exit reasons;
// the warm-up audit fails a Play whose declared warm-up is too short; --from/--to set the window.
import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, sandbox } from './cli-harness';

/** The ten scenarios of issue 22, by their CLI names. */
const SCENARIOS = [
  'trend_up',
  'trend_down',
  'range',
  'breakout',
  'crash',
  'v_recovery',
  'gap',
  'flat',
  'random_walk',
  'funding_spike',
] as const;

const box = sandbox('trade-e2e-forge-');
afterAll(() => box.cleanup());

const CRASH_PLAY = join(ROOT, 'plays/validation/ema-cross-crash.yml');

function forge(db: string, ...args: string[]) {
  return box.run('forge', 'data', '--db', db, ...args);
}

/** Closes of the stored 1m candles of `symbol`, in time order. */
function closes(db: string, symbol: string): number[] {
  const r = box.run('data', 'candles', symbol, '--tf', '1m', '--db', db);
  expect(r.code).toBe(0);
  return r.out
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => Number(l.split(',')[4]));
}

describe('trade forge data', () => {
  test('the same seed writes the same bytes; another seed other bytes', () => {
    const a = forge('a.duckdb', '--scenario', 'random_walk', '--bars', '2000', '--seed', '5', '--json');
    const b = forge('b.duckdb', '--scenario', 'random_walk', '--bars', '2000', '--seed', '5', '--json');
    const c = forge('c.duckdb', '--scenario', 'random_walk', '--bars', '2000', '--seed', '6', '--json');
    expect([a.code, b.code, c.code]).toEqual([0, 0, 0]);
    const [ja, jb, jc] = [a, b, c].map((r) => JSON.parse(r.out));
    expect(ja.contentSha256).toBe(jb.contentSha256);
    expect(jc.contentSha256).not.toBe(ja.contentSha256);
    expect([ja.symbol, ja.rowsAdded, ja.fundingAdded]).toEqual(['SYNTHUSDT', 2000, 5]);
    const dump = (db: string) => box.run('data', 'candles', 'SYNTHUSDT', '--tf', '1m', '--db', db).out;
    expect(dump('a.duckdb')).toBe(dump('b.duckdb'));
    expect(dump('a.duckdb')).not.toBe(dump('c.duckdb'));
    const inst = box.run('data', 'instruments', '--db', 'a.duckdb').out;
    expect(inst).toContain('SYNTHUSDT');
  });

  test('every scenario: the same seed gives the same hash and stored candles in two fresh stores; another seed another hash', () => {
    for (const scenario of SCENARIOS) {
      const args = ['--scenario', scenario, '--bars', '300', '--seed', '11', '--json'];
      const [a, b] = [1, 2].map((k) => forge(`every-${scenario}-${k}.duckdb`, ...args));
      const other = forge(`every-${scenario}-seed.duckdb`, '--scenario', scenario, '--bars', '300', '--seed', '12', '--json');
      expect({ scenario, codes: [a!.code, b!.code, other.code] }).toEqual({ scenario, codes: [0, 0, 0] });
      const [ja, jb, jo] = [a!, b!, other].map((r) => JSON.parse(r.out));
      expect(ja.contentSha256).toMatch(/^[0-9a-f]{64}$/);
      expect({ scenario, ...jb }).toEqual({ scenario, ...ja });
      const dump = (k: string) => box.run('data', 'candles', 'SYNTHUSDT', '--tf', '1m', '--db', `every-${scenario}-${k}.duckdb`).out;
      expect(dump('2').length).toBeGreaterThan(0);
      expect({ scenario, same: dump('1') === dump('2') }).toEqual({ scenario, same: true });
      // flat draws its noise but uses none of it (every price the start price, a fixed volume).
      const random = scenario !== 'flat';
      expect({ scenario, differs: jo.contentSha256 !== ja.contentSha256 }).toEqual({ scenario, differs: random });
    }
  }, 120_000);

  test('--start: the first candle opens at the given time', () => {
    const f = forge('start.duckdb', '--scenario', 'range', '--bars', '120', '--seed', '4', '--start', '2021-03-04T05:06:00Z', '--json');
    expect(f.code).toBe(0);
    const j = JSON.parse(f.out);
    expect([j.first, j.last]).toEqual(['2021-03-04T05:06:00.000Z', '2021-03-04T07:05:00.000Z']);
    const rows = box.run('data', 'candles', 'SYNTHUSDT', '--tf', '1m', '--db', 'start.duckdb').out.trim().split('\n');
    expect(rows).toHaveLength(121);
    expect(rows[1]!.split(',')[0]).toBe('2021-03-04T05:06:00.000Z');
    expect(rows.at(-1)!.split(',')[0]).toBe('2021-03-04T07:05:00.000Z');
  });

  test('a symbol that is not clearly synthetic is refused: one line, exit 2, nothing written', () => {
    const r = forge('refuse.duckdb', '--scenario', 'flat', '--bars', '10', '--seed', '1', '--symbol', 'BTCUSDT');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual([
      "✖ --symbol 'BTCUSDT': a synthetic symbol must start with SYNTH and end with USDT (e.g. SYNTHUSDT, SYNTHCRASHUSDT), so it cannot be mistaken for a real market",
    ]);
    expect(existsSync(join(box.dir, 'refuse.duckdb'))).toBe(false);
  });

  test('forging again adds nothing; another seed over the same minutes is one line, exit 2, nothing written', () => {
    expect(forge('again.duckdb', '--scenario', 'range', '--bars', '100', '--seed', '1').code).toBe(0);
    const same = JSON.parse(forge('again.duckdb', '--scenario', 'range', '--bars', '100', '--seed', '1', '--json').out);
    expect([same.rowsAdded, same.fundingAdded]).toEqual([0, 0]);
    const other = forge('again.duckdb', '--scenario', 'range', '--bars', '100', '--seed', '2');
    expect(other.code).toBe(2);
    expect(other.err.trim().split('\n').length).toBe(1);
    expect(other.err).toMatch(
      /^✖ --symbol SYNTHUSDT: the store already holds other SYNTHUSDT candles in this range \(conflict at 2020-01-01T00:00:00.000Z: /,
    );
  });

  test('a negative offset (a rule reading the future) is refused by play validate at file:line:col', () => {
    const text = readFileSync(CRASH_PLAY, 'utf8').replace('close < ema_slow * 0.99', 'close < close[-1]');
    const file = box.file('peek.yml', text);
    const r = box.run('play', 'validate', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`✖ ${file}:12:`);
    expect(r.err).toContain('offset must be a whole number of bars from 0 to 100000');
  });

  test('a synthetic symbol is never synced from Bybit nor traded live', () => {
    const sync = box.run('data', 'sync', 'SYNTHUSDT', '--from', '2024-01-01', '--to', '2024-01-02', '--db', 'a.duckdb');
    expect([sync.code, sync.err.trim()]).toEqual([
      2,
      '✖ SYMBOL SYNTHUSDT: a synthetic symbol (trade forge data) has no Bybit market to sync; expected a Bybit symbol like BTCUSDT',
    ]);
    const live = box.run('run', CRASH_PLAY, '--mode', 'live', '--symbol', 'SYNTHUSDT');
    expect([live.code, live.err.trim()]).toEqual([
      2,
      '✖ --mode live: SYNTHUSDT is a synthetic symbol (trade forge data); expected a Bybit market',
    ]);
  });

  test('bad options name the option, the value and what was expected', () => {
    const r = forge('bad.duckdb', '--scenario', 'crsh', '--bars', '0', '--seed', '1');
    expect(r.code).toBe(2);
    expect(r.err).toContain("--scenario: scenario 'crsh' is not known (expected one of trend_up,");
    expect(r.err).toContain('--bars: bars is "0": expected a whole number of 1m bars, 1..2000000');
  });

  test('crash: about −30 % within 60 bars of the event', () => {
    expect(
      forge('crash.duckdb', '--scenario', 'crash', '--bars', '600', '--seed', '3', '--event-at', '400', '--symbol', 'SYNTHCRASHUSDT').code,
    ).toBe(0);
    const c = closes('crash.duckdb', 'SYNTHCRASHUSDT');
    const drop = c[459]! / c[399]! - 1;
    expect(drop).toBeLessThan(-0.27);
    expect(drop).toBeGreaterThan(-0.33);
  });

  test('gap: trade data gaps reports the missing minutes', () => {
    const f = forge(
      'gap.duckdb',
      '--scenario',
      'gap',
      '--bars',
      '600',
      '--seed',
      '3',
      '--event-at',
      '300',
      '--gap-minutes',
      '45',
      '--symbol',
      'SYNTHGAPUSDT',
    );
    expect(f.code).toBe(0);
    const g = box.run('data', 'gaps', 'SYNTHGAPUSDT', '--db', 'gap.duckdb');
    expect(g.out).toContain('SYNTHGAPUSDT: 1 gap, 45 missing minutes');
    expect(g.out).toContain('2020-01-01T05:00:00.000Z  2020-01-01T05:45:00.000Z       45');
  });

  test('flat: every open, high, low and close is equal', () => {
    expect(forge('flat.duckdb', '--scenario', 'flat', '--bars', '300', '--seed', '3', '--symbol', 'SYNTHFLATUSDT').code).toBe(0);
    const r = box.run('data', 'candles', 'SYNTHFLATUSDT', '--tf', '1m', '--db', 'flat.duckdb');
    const prices = new Set(
      r.out
        .trim()
        .split('\n')
        .slice(1)
        .flatMap((l) => l.split(',').slice(1, 5)),
    );
    expect([...prices]).toEqual(['100']);
  });
});

describe('trade play test', () => {
  test('the validation Plays pass', () => {
    const r = box.run('play', 'test', join(ROOT, 'plays/validation'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('ok ');
    expect(r.out).toContain('play test: 4 passed, 0 failed, 0 invalid');
  });

  test('every example Play carries a passing validation block; a proof file stands for a Play kept unchanged; a bad proof file is one line, exit 2', () => {
    const r = box.run('play', 'test', join(ROOT, 'plays'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('play test: 9 passed, 0 failed, 0 invalid, 0 without a validation block');
    for (const id of [
      'bollinger-squeeze',
      'donchian-breakout',
      'ema-cross',
      'htf-trend-filter',
      'macd-adx-momentum',
      'ms-break-demand',
      'rsi-mean-reversion',
      'supertrend-flip',
      'vwap-reversion-5m',
    ])
      expect(r.out).toContain(` ${id}: `);
    // A proof file: the block for a Play that must stay byte for byte (its play_hash pinned).
    const anchor = join(ROOT, 'test/parity/plays/ema-12-26-reversal.yml');
    const proof = box.file(
      'anchor-proof.yml',
      `play: ${anchor}\nvalidation: { scenario: { name: flat, bars: 3000, seed: 1 }, expect: [trades == 0, liquidations == 0] }\n`,
    );
    const p = box.run('play', 'test', proof);
    expect({ code: p.code, err: p.err }).toEqual({ code: 0, err: '' });
    expect(p.out).toContain('ema-12-26-reversal: 2 expectations passed');
    const bad = box.file('proof.yml', 'play: missing.yml\nvalidation: { scenario: { name: flat }, expect: [trades == 0] }\n');
    const b = box.run('play', 'test', bad);
    expect(b.code).toBe(2);
    expect(b.err).toContain(`✖ ${bad}:1:7 play 'missing.yml': cannot read the Play file ${join(box.dir, 'missing.yml')}`);
  });

  test('a broken expectation fails with exit 1, naming file:line, expected and actual', () => {
    const text = readFileSync(CRASH_PLAY, 'utf8').replace('first_entry.side == short', 'first_entry.side == long');
    const file = box.file('broken.yml', text);
    const r = box.run('play', 'test', file);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`✖ ${file}:25:7 validation.expect[1] first_entry.side == long: expected first_entry.side == long, got short`);
  });

  test('a bad expression: one line naming file, field, value and what was expected; exit 2', () => {
    const text = readFileSync(CRASH_PLAY, 'utf8').replace('trades >= 1', 'trade >= 1');
    const file = box.file('bad-expr.yml', text);
    const r = box.run('play', 'test', file);
    expect(r.code).toBe(2);
    expect(r.err.split('\n').filter((l) => l.startsWith('✖'))).toEqual([
      `✖ ${file}:24:7 validation.expect[0] "trade >= 1": unknown name 'trade' (did you mean 'trades'?)`,
    ]);
  });
});

test('trade play validate reads the validation block too: a bad expectation is one located line, exit 2', () => {
  const text = readFileSync(CRASH_PLAY, 'utf8').replace('max_drawdown_pct < 10', 'max_drawdown < 10');
  const file = box.file('validate-expr.yml', text);
  const r = box.run('play', 'validate', file);
  expect(r.code).toBe(2);
  expect(r.err).toContain(
    `✖ ${file}:29:7 validation.expect[5] "max_drawdown < 10": unknown name 'max_drawdown' (did you mean 'max_drawdown_pct'?)`,
  );
});

describe('trade audit', () => {
  test('--synthetic audits a Play on its own validation scenario', () => {
    const r = box.run('audit', 'lookahead', join(ROOT, 'plays/ema-cross.yml'), '--synthetic', '--cuts', '5');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^audit ema-cross on SYNTHUSDT: pass\npass lookahead: 5 truncations of \d+ decisions/);
  });

  test('--scenario builds any forge scenario in memory; a bad name is one line, exit 2', () => {
    const r = box.run('audit', 'determinism', join(ROOT, 'plays/ema-cross.yml'), '--scenario', 'random_walk', '--bars', '3000');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^audit ema-cross on SYNTHUSDT: pass\npass determinism: two runs, \d+ decisions/);
    const bad = box.run('audit', join(ROOT, 'plays/ema-cross.yml'), '--scenario', 'crsh');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^✖ --scenario: scenario 'crsh' is not known \(expected one of trend_up, /);
  });

  test('every example Play: no look-ahead and deterministic on its validation scenario', () => {
    for (const proof of readdirSync(join(ROOT, 'plays')).filter((f) => f.endsWith('.yml'))) {
      const r = box.run('audit', join(ROOT, 'plays', proof), '--synthetic', '--json');
      const checks = Object.fromEntries(JSON.parse(r.out).reports.map((x: { check: string; pass: boolean }) => [x.check, x.pass]));
      expect([proof, checks.lookahead, checks.determinism]).toEqual([proof, true, true]);
    }
  }, 60_000);

  test('lookahead passes a clean Play', () => {
    const r = box.run('audit', 'lookahead', CRASH_PLAY, '--synthetic');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/pass lookahead: 20 truncations of \d+ decisions .*, 0 with a difference/);
  });

  test('lookahead catches a planted one-bar peek at its first bar, with the feature and both values', () => {
    const r = box.run('audit', 'lookahead', CRASH_PLAY, '--synthetic', '--plant-peek', 'ema_fast', '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    const la = j.reports[0];
    expect([j.pass, la.pass, la.plantedPeek]).toEqual([false, false, 'ema_fast']);
    expect(la.first.field).toBe('exec:ema_fast.value');
    expect(la.first.b).toBe('unknown (NaN)');
    // The earliest cut: the last close at or before it is the first bar whose next bar was cut away.
    expect(la.first.tsMs <= la.cuts[0].cutMs && la.first.tsMs > la.cuts[0].cutMs - 5 * 60_000).toBe(true);
  });

  test('warmup, determinism and coverage on a stored synthetic market', () => {
    expect(forge('audit.duckdb', '--scenario', 'random_walk', '--bars', '6000', '--seed', '9').code).toBe(0);
    const r = box.run('audit', CRASH_PLAY, '--db', 'audit.duckdb', '--symbol', 'SYNTHUSDT', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.reports.map((x: { check: string; pass: boolean }) => [x.check, x.pass])).toEqual([
      ['lookahead', true],
      ['warmup', true],
      ['determinism', true],
      ['coverage', true],
    ]);
    expect(j.reports[3].cases.map((c: { name: string }) => c.name)).toEqual(['entries[0] enter_short', 'exits[0] exit_short']);
    const w = j.reports[1];
    expect(w.steps[0].warmup1m).toBe(w.declaredWarmup1m);
    expect(w.steps.at(-1).largestGap).toBeNull();
  });

  test('coverage: operators, features, order types, stops, rule cases and exit reasons of a Play on its scenario', () => {
    const coverage = (play: string) => {
      const r = box.run('audit', 'coverage', join(ROOT, 'plays', play), '--synthetic', '--json');
      expect({ play, code: r.code, err: r.err }).toEqual({ play, code: 0, err: '' });
      return JSON.parse(r.out).reports[0];
    };
    expect(coverage('ms-break-demand.yml')).toEqual({
      check: 'coverage',
      pass: true,
      operators: ['between', 'occurred_within', 'and', '=='],
      features: ['indicator atr', 'structure market_structure', 'structure trend', 'structure zones'],
      orderTypes: ['limit entry (post_only)', 'market exit'],
      stops: ['stop_loss level_long/level_short', 'take_profit rr'],
      cases: [
        { name: 'entries[0] enter_long', fired: 2 },
        { name: 'entries[1] enter_short', fired: 18 },
        { name: 'exits[0] exit_long', fired: 1 },
        { name: 'exits[1] exit_short', fired: 0 },
      ],
      exitReasons: { stop_loss: 2, signal: 1 },
    });
    expect(coverage('vwap-reversion-5m.yml')).toEqual({
      check: 'coverage',
      pass: true,
      operators: ['between', 'near_pct', 'within', 'and', '<', '<=', '>', '*'],
      features: ['indicator rsi', 'indicator vwap'],
      orderTypes: ['limit entry (gtc)', 'market exit'],
      stops: ['stop_loss pct', 'take_profit distance_usdt'],
      cases: [
        { name: 'entries[0] enter_long', fired: 12 },
        { name: 'entries[1] enter_short', fired: 0 },
        { name: 'exits[0] exit (at_vwap)', fired: 1 },
        { name: 'exits[1] exit (bail)', fired: 0 },
      ],
      exitReasons: { stop_loss: 11, signal: 1 },
    });
    const d = coverage('donchian-breakout.yml');
    expect([d.operators, d.features, d.orderTypes, d.stops, d.exitReasons]).toEqual([
      ['and', '==', '<', '>', '*', 'offset [n]'],
      ['indicator atr', 'indicator donchian', 'indicator sma'],
      ['market entry', 'market exit'],
      ['stop_loss atr', 'trailing_stop atr'],
      {},
    ]);
    const text = box.run('audit', 'coverage', join(ROOT, 'plays/vwap-reversion-5m.yml'), '--synthetic');
    expect(text.out.split('\n').slice(1)).toEqual([
      'info coverage: 2 of 4 rule cases decided at least once; never: entries[1] enter_short, exits[1] exit (bail)',
      '  cases: entries[0] enter_long ×12, entries[1] enter_short ×0, exits[0] exit (at_vwap) ×1, exits[1] exit (bail) ×0',
      '  exit reasons: stop_loss 11, signal 1',
      '  operators: between near_pct within and < <= > *',
      '  features: indicator rsi, indicator vwap; orders: limit entry (gtc), market exit; stops: stop_loss pct, take_profit distance_usdt',
      '',
    ]);
  });

  test('warmup fails a Play whose declared warm-up is too short: parabolic SAR never forgets its start', () => {
    // psar declares a 1-bar warm-up (10 1m bars with the 5m exec), but its stop-and-reverse state
    // depends on where it started, so `close > sar` decides differently until the warm-up is 100.
    const text = [
      'id: psar-side',
      'symbol: BTCUSDT',
      'timeframes: { exec: 5m }',
      'features:',
      '  sar: { indicator: psar }',
      'actions:',
      '  entries:',
      '    - { when: close > sar, emit: enter_long }',
      '  exits:',
      '    - { when: side == long and close < sar, emit: exit_long }',
      'risk:',
      '  stop_loss: { pct: 5 }',
      '  sizing: { risk_pct: 1 }',
      '',
    ].join('\n');
    const play = box.file('psar-side.yml', text);
    expect(box.run('play', 'validate', play).code).toBe(0);
    const r = box.run('audit', 'warmup', play, '--scenario', 'random_walk', '--bars', '6000', '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    const w = j.reports[0];
    expect([j.pass, w.check, w.pass]).toEqual([false, 'warmup', false]);
    expect([w.declaredWarmup1m, w.stableFromWarmup1m, w.referenceWarmup1m]).toEqual([10, 100, 1450]);
    expect(w.stableFromWarmup1m).toBeGreaterThan(w.declaredWarmup1m);
    // The declared warm-up changes decisions (the first one named); from stableFrom on none change.
    expect(w.steps[0].warmup1m).toBe(w.declaredWarmup1m);
    expect(w.steps[0].changedDecisions).toBeGreaterThan(0);
    expect(w.steps[0].firstChange.field).toBe('action');
    for (const s of w.steps) expect([s.warmup1m, s.changedDecisions === 0]).toEqual([s.warmup1m, s.warmup1m >= w.stableFromWarmup1m]);
    const t = box.run('audit', 'warmup', play, '--scenario', 'random_walk', '--bars', '6000');
    expect(t.code).toBe(1);
    expect(t.out.split('\n').slice(0, 2)).toEqual([
      'audit psar-side on SYNTHUSDT: FAIL',
      'FAIL warmup: declared 10 1m bars, decisions stable from 100 (reference 1450; 2020-01-02T00:10:00.000Z .. 2020-01-06T04:10:00.000Z)',
    ]);
  });

  test('--from/--to on a stored synthetic market: every report covers exactly that window', () => {
    const start = '2021-03-04T05:06:00Z';
    expect(forge('window.duckdb', '--scenario', 'random_walk', '--bars', '6000', '--seed', '9', '--start', start).code).toBe(0);
    const [from, to] = ['2021-03-06T00:00:00.000Z', '2021-03-07T12:00:00.000Z'];
    const args = [CRASH_PLAY, '--db', 'window.duckdb', '--symbol', 'SYNTHUSDT', '--from', from, '--to', to];
    const r = box.run('audit', ...args, '--json');
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
    const [la, wu, det] = JSON.parse(r.out).reports;
    expect([la.check, la.fromMs, la.toMs]).toEqual(['lookahead', Date.parse(from), Date.parse(to)]);
    expect([wu.check, wu.fromMs, wu.toMs]).toEqual(['warmup', Date.parse(from), Date.parse(to)]);
    // 36 h of 5m closes: one decision each, in the look-ahead and the determinism runs alike.
    expect([la.decisions, det.check, det.decisions]).toEqual([432, 'determinism', 432]);
    const t = box.run('audit', ...args);
    expect(t.out).toContain(`pass lookahead: 20 truncations of 432 decisions (${from} .. ${to}), 0 with a difference`);
    expect(t.out).toContain(`(reference ${wu.referenceWarmup1m}; ${from} .. ${to})`);
  });
});
