// Issue 13 item 11: the CLI explains itself. `trade indicators` / `structures` list params with
// ranges, outputs and warm-up; `trade plays` lists Plays with id, symbol, timeframes and hash;
// `trade data` and `trade play` alone list their subcommands; `-h` works everywhere; and
// `--help --json` prints a command's options as JSON.
import { afterAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { ROOT, sandbox } from './cli-harness';

const box = sandbox('trade-e2e-discover-');
afterAll(() => box.cleanup());

describe('discoverability', () => {
  test('trade indicators and trade structures', () => {
    const ind = JSON.parse(box.run('indicators', '--json').out).indicators;
    const ema = ind.find((e: { name: string }) => e.name === 'ema');
    expect(ema).toEqual({
      name: 'ema',
      title: expect.any(String),
      params: [{ name: 'length', kind: 'int', default: 20, min: 1, max: 100_000 }],
      outputs: ['value'],
      input: 'source (default close)',
      warmup: 'length - 1',
    });
    expect(box.run('indicators').out.split('\n')[0]).toMatch(/^name +params \(default, range\) +outputs +input +warm-up$/);
    const st = JSON.parse(box.run('structures', '--json').out).structures;
    expect(st.map((s: { name: string }) => s.name)).toContain('swing');
    expect(box.run('structures').out).toMatch(/\nswing +left=5 \[1, 1000\] right=5 \[1, 1000\] +high high_bar/);
  });

  test('trade plays [dir]', () => {
    const r = box.run('plays', join(ROOT, 'plays'), '--json');
    expect(r.code).toBe(0);
    const plays = JSON.parse(r.out).plays;
    const ema = plays.find((p: { id: string }) => p.id === 'ema-cross');
    const hash = String(ema.playHash);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect([ema.ok, ema.symbol, ema.timeframes]).toEqual([true, 'BTCUSDT', { exec: '15m' }]);
    const validate = box.run('play', 'validate', join(ROOT, 'plays/ema-cross.yml')).out.trim();
    expect(validate).toBe(`ok ema-cross ${hash}`);
    expect(box.run('plays', join(ROOT, 'plays')).out).toMatch(new RegExp(`\\nema-cross +BTCUSDT +exec:15m +${hash}\\n`));
  });

  test('trade data and trade play alone list their subcommands', () => {
    const data = box.run('data');
    expect(data.code).toBe(0);
    for (const sub of ['info', 'import', 'candles', 'coverage', 'gaps', 'instruments', 'sync'])
      expect(data.out).toContain(`  data ${sub} `);
    const play = box.run('play');
    expect([play.code, play.out.split('\n')[0]]).toEqual([0, 'usage: trade play <command> [options]']);
    expect(play.out).toContain('  play validate  ');
  });

  test('-h works everywhere', () => {
    for (const args of [['-h'], ['data', '-h'], ['data', 'candles', '-h'], ['backtest', '-h'], ['indicator', '-h'], ['plays', '-h']]) {
      const r = box.run(...args);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 0]);
      expect(r.out).toContain('usage: trade');
    }
  });

  test('--help --json prints the options as JSON', () => {
    const j = JSON.parse(box.run('backtest', '--help', '--json').out);
    expect(j.command).toBe('backtest');
    expect(j.options.map((o: { name: string }) => o.name)).toEqual([
      '--symbol',
      '--from',
      '--to',
      '--equity',
      '--intrabar',
      '--features',
      '--no-funding',
      '--decisions',
      '--report',
      '--out',
      '--like',
      '--state',
      '--db',
      '--json',
      '--ts',
      '--help',
    ]);
    expect(j.options.find((o: { name: string }) => o.name === '--db')).toMatchObject({ takesValue: true, env: 'TRADE_DB' });
  });
});
