// Issue 13 item 7: every user error is one line and exit 2, never a stack trace; with --json the
// error is {"ok":false,"error":{code,message}} on stdout with the same exit code. Each case here
// used to print a stack trace or exit 1.
import { afterAll, describe, expect, test } from 'bun:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, type RunResult, sandbox, USES_BINARY } from './cli-harness';

const box = sandbox('trade-e2e-errors-');
afterAll(() => box.cleanup());
const PLAY = join(ROOT, 'plays/ema-cross.yml');
const EMA = readFileSync(PLAY, 'utf8');
const ENTRY = '    - when: ema_fast cross_above ema_slow\n';

/** Exit 2 and exactly one stderr line, without a stack frame. */
function oneLine(r: RunResult, contains: string): void {
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  expect(r.err).toStartWith('✖ ');
  expect(r.err).toContain(contains);
  expect(r.code).toBe(2);
}

describe('--json errors', () => {
  test.each([
    [['data', 'info', '--bogus'], 'USAGE', 'unknown option --bogus'],
    [['backtest', PLAY, '--db', 'nope/x.duckdb'], 'STORE_MISSING', 'store nope/x.duckdb does not exist'],
    [['backtest', PLAY, '--equity', 'abc'], 'USAGE', "--equity 'abc'"],
    [['frobnicate'], 'USAGE', "unknown command 'frobnicate'"],
  ])('trade %p --json', (args, code, message) => {
    const plain = box.run(...args);
    const j = box.run(...args, '--json');
    expect(j.code).toBe(plain.code);
    expect(j.code).toBe(2);
    expect(j.err).toBe('');
    const parsed = JSON.parse(j.out);
    expect(parsed).toEqual({ ok: false, error: { code, message: expect.stringContaining(message) } });
    expect(plain.err).toBe(`✖ ${parsed.error.message}\n`);
  });

  test('play validate --json: one object with the report and the error', () => {
    const bad = box.file('bad.yml', EMA.replace('length: 9', 'length: 0'));
    const r = box.run('play', 'validate', bad, PLAY, '--json');
    expect(r.code).toBe(2);
    const j = JSON.parse(r.out);
    expect(j.ok).toBe(false);
    expect(j.error).toEqual({ code: 'PLAY_INVALID', message: 'play validate: 1 error in 1 of 2 files' });
    expect(j.files.map((f: { ok: boolean }) => f.ok)).toEqual([false, true]);
  });
});

describe('hostile Plays: one line per problem, other files still validated', () => {
  test('a YAML alias bomb', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const [p, c] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
      levels.push(`${c}: &${c} [${Array(9).fill(`*${p}`).join(',')}]`);
    }
    const bomb = box.file('bomb.yml', `${levels.join('\n')}\n`);
    const r = box.run('play', 'validate', bomb, PLAY);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `✖ ${bomb}:2:8 yaml: aliases expand to more than 100 nodes (an alias bomb; a Play needs no aliases)\n✖ play validate: 1 error in 1 of 2 files\n`,
    );
    expect(r.out).toStartWith('ok ema-cross ');
  });

  test('all/any nested 10,000 deep', () => {
    const n = 10_000;
    const rule = `${'{ all: [ '.repeat(n)}ema_fast > ema_slow${' ] }'.repeat(n)}`;
    const deep = box.file('deep.yml', EMA.replace(ENTRY, `    - when: ${rule}\n`));
    const r = box.run('play', 'validate', deep);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe(`✖ ${deep}:17:${13 + 32 * 9} yaml: nested more than 64 levels deep`);
    const bt = box.run('backtest', deep);
    expect(bt.code).toBe(2);
    expect(bt.err).toBe(`✖ ${deep}:17:${13 + 32 * 9} yaml: nested more than 64 levels deep\n`);
  });

  test('100,000 parentheses', () => {
    const rule = `"${'('.repeat(100_000)}close${')'.repeat(100_000)} > 0"`;
    const parens = box.file('parens.yml', EMA.replace(ENTRY, `    - when: ${rule}\n`));
    const r = box.run('backtest', parens);
    oneLine(r, `${parens}:17:78 actions.entries[0].when nests more than 64 levels deep`);
  });

  test('starting_equity_usdt: 1e300 is refused by validate, like backtest', () => {
    const big = box.file('big.yml', EMA.replace('symbol: BTCUSDT\n', 'symbol: BTCUSDT\naccount: { starting_equity_usdt: 1e300 }\n'));
    const v = box.run('play', 'validate', big);
    expect(v.code).toBe(2);
    expect(v.err.split('\n')[0]).toBe(`✖ ${big}:8:34 account.starting_equity_usdt must be ≤ 10000000000 (got 1e+300)`);
    oneLine(box.run('backtest', big), 'account.starting_equity_usdt must be ≤ 10000000000');
  });
});

describe('bad options', () => {
  test('--equity 1e400, 0x10, -5, 0 and 1e11', () => {
    for (const v of ['1e400', '0x10', '-5', '0', '1e11', 'Infinity', ' 5']) {
      oneLine(box.run('backtest', PLAY, '--equity', v), `--equity '${v}': expected a decimal number of USDT > 0 and ≤ 10000000000`);
    }
  });

  test('--db ""', () => {
    oneLine(box.run('data', 'info', '--db', ''), "trade data info: --db '': expected a store path");
    oneLine(box.run('backtest', PLAY, '--db='), "trade backtest: --db '': expected a store path");
  });

  test('--out pointing at a file, inside a file, or where nothing can be written', () => {
    const file = box.file('a-file', 'x');
    oneLine(box.run('backtest', PLAY, '--out', file), `--out '${file}' is a file (expected a directory)`);
    oneLine(box.run('backtest', PLAY, '--out', join(file, 'sub')), `--out '${join(file, 'sub')}' is inside the file ${file}`);
    // /proc takes no new directories, not even from root (the default store gets the sample here).
    oneLine(box.run('backtest', PLAY, '--out', '/proc/trade-out'), "cannot write the artifacts under --out '/proc/trade-out': mkdir");
  }, 60_000);
});

describe.skipIf(!USES_BINARY)('an unwritable HOME (the binary unpacks DuckDB into a cache dir)', () => {
  test('falls back to a private temp dir', () => {
    const home = box.file('home-is-a-file', 'x');
    const r = box.runEnv({ HOME: home, XDG_CACHE_HOME: undefined }, 'data', 'info', '--db', join(box.dir, 'h.duckdb'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  test('with no writable place at all, one line names XDG_CACHE_HOME', () => {
    const home = box.file('home-is-a-file', 'x');
    const r = box.runEnv({ HOME: home, XDG_CACHE_HOME: home, TMPDIR: home }, 'data', 'info', '--db', join(box.dir, 'h2.duckdb'));
    oneLine(r, 'set XDG_CACHE_HOME to a writable directory');
    writeFileSync(home, 'x');
  });
});
