// Frames of the dashboard in each state issue 17 lists (connecting, active flat, in position,
// stale, reducing, halted, a rejected order, a reconnect), digits normalised, at 80 columns; what
// each must show is also asserted by value. Below 60 columns it is one status line. The mode
// badge is checked in colour too (chalk, Ink's colouring, forced to 16 colours): LIVE on red.
import { describe, expect, test } from 'bun:test';
import chalk from 'chalk';
import { render } from 'ink-testing-library';
import { Dashboard, type DashboardState, type LogEntry } from '../../../src/tui';
import { NOW_MS, normalise, STATES, stateOf } from './states';

function frameOf(state: DashboardState, columns = 80, log: LogEntry[] = []): string {
  const r = render(<Dashboard state={state} log={log} nowMs={NOW_MS} columns={columns} detachWord="detach" />);
  const f = r.lastFrame() ?? '';
  r.unmount();
  return f;
}

const frame = (name: string, columns = 80, log: LogEntry[] = []): string => frameOf(stateOf(name), columns, log);

/** The 'active flat' state of a session in `mode`. */
function inMode(mode: string): DashboardState {
  const s = stateOf('active flat');
  return { ...s, session: { ...s.session!, mode } };
}

/** The frame with colours on (chalk level 1: 16 colours, SGR 41 = red background); restored after. */
function colouredFrame(state: DashboardState): string {
  const level = chalk.level;
  chalk.level = 1;
  try {
    return frameOf(state);
  } finally {
    chalk.level = level;
  }
}

/** The SGR codes that open the mode badge (the first text of the frame), e.g. [1, 41, 37]. */
function badgeCodes(coloured: string, word: string): number[] {
  const m = coloured.match(new RegExp(`^((?:\\x1b\\[\\d+m)+) ${word} `));
  if (!m) throw new Error(`no ${word} badge at the start of ${JSON.stringify(coloured.split('\n')[0])}`);
  return [...(m[1] as string).matchAll(/\d+/g)].map((d) => Number(d[0]));
}

describe('frames at 80 columns', () => {
  for (const name of Object.keys(STATES)) {
    test(name, () => {
      const f = frame(name);
      expect(normalise(f)).toMatchSnapshot();
      for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    });
  }

  test('what each state must show', () => {
    expect(frame('connecting')).toContain('starting…');
    expect(frame('active flat')).toMatch(/DEMO .*fast-cross BTCUSDT ● up bar 5s ticker 1s ACTIVE running/);
    expect(frame('active flat')).toContain('exec:ema_fast 50264.4');
    expect(frame('active in position')).toMatch(/long 0\.58 +entry 50321\.6 +mark 50316\.2 +uPnL −3\.13 +liq 33799\.3/);
    expect(frame('active in position')).toContain('TP 50548 SL 50170.6');
    expect(frame('active in position')).toContain('r1-X4 sell limit 0.58 @ 50600 reduce-only working');
    expect(frame('stale')).toContain('STALE DATA: the ticker is 31s old; new entries stopped');
    expect(frame('reducing')).toContain('REDUCING (daily loss limit passed): exits and protection only; r resumes');
    expect(frame('reducing')).toContain('PnL −310.00');
    expect(frame('halted')).toContain('HALTED (panic: orders cancelled, position closed): nothing is sent; r resumes');
    expect(frame('a rejected order')).toContain('REJECTED r1-L7 110007 ab not enough for new order');
    expect(frame('a reconnect')).toContain('STALE DATA: the market-data socket is down');
    expect(frame('a reconnect')).toContain('reconnects 1');
    expect(frame('stopped')).toContain('STOPPED (20 bars)');
    expect(frame('stopped')).not.toContain('STALE');
  });

  test('the log is printed above the dashboard', () => {
    const f = frame('a reconnect', 80, [
      { id: 1, text: '2024-08-05T12:30:04.000Z connection reconnected (1 since the start)', tone: 'warn' },
    ]);
    expect(f.indexOf('connection reconnected')).toBeLessThan(f.indexOf('DEMO'));
  });
});

describe('the mode badge', () => {
  test('live and shadow frames show LIVE and SHADOW in the header and the one-line status', () => {
    expect(frameOf(inMode('live'))).toMatch(/^ LIVE {2}fast-cross BTCUSDT ● up bar 5s ticker 1s ACTIVE running\n/);
    expect(frameOf(inMode('shadow'))).toMatch(/^ SHADOW {2}fast-cross BTCUSDT ● up bar 5s ticker 1s ACTIVE running\n/);
    expect(frameOf(inMode('live'), 50)).toBe('LIVE BTCUSDT ACTIVE flat bar 5s');
    expect(frameOf(inMode('shadow'), 50)).toBe('SHADOW BTCUSDT ACTIVE flat bar 5s');
  });

  test('LIVE is on red; SHADOW (blue) and DEMO (yellow) are not', () => {
    const live = colouredFrame(inMode('live'));
    expect(live).toContain('\x1b[41m\x1b[37m LIVE \x1b[39m\x1b[49m');
    expect(badgeCodes(live, 'LIVE')).toEqual([1, 41, 37]);
    expect(badgeCodes(colouredFrame(inMode('shadow')), 'SHADOW')).toEqual([1, 44, 37]);
    expect(badgeCodes(colouredFrame(inMode('demo')), 'DEMO')).toEqual([1, 43, 30]);
    // The colours are forced only inside colouredFrame: the plain frames above stay plain.
    expect(frameOf(inMode('live'))).not.toContain('\x1b[');
  });
});

describe('narrow terminals', () => {
  test('below 60 columns: one status line, the alert first', () => {
    const f = frame('halted', 50);
    expect(f.split('\n')).toHaveLength(1);
    expect(f).toBe('HALTED DEMO BTCUSDT flat bar 5s');
    expect(frame('active in position', 59)).toBe('DEMO BTCUSDT ACTIVE long 0.58 −3.13 bar 5s');
  });

  test('at 60 columns the full dashboard, every line within the width', () => {
    const f = frame('reducing', 60);
    expect(f).toContain('REDUCING');
    expect(f.split('\n').length).toBeGreaterThan(5);
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
  });
});
