// The CLI reaches its operations through the tool registry: every command is either tool-backed
// (TOOL_OF_COMMAND, each name a registered tool) or listed as having no tool; each tool-backed
// command, run with a stub in place of its tool, hands the stub the input its argv says and lets
// the stub's error through unchanged; input the tool's schema refuses is VALIDATION; and starting
// the CLI (--version, --help) loads no registry module.
import { describe, expect, test } from 'bun:test';
import { resolve } from 'node:path';
import { parseArgs } from '../../../src/cli/args';
import { COMMANDS } from '../../../src/cli/commands';
import { GLOBAL_OPTIONS } from '../../../src/cli/global-options';
import { COMMANDS_WITHOUT_TOOL, TOOL_OF_COMMAND, type ToolCommand } from '../../../src/cli/tool-call';
import { TradeError } from '../../../src/errors';
import { findTool, type ToolContext } from '../../../src/tools/registry';

const DB = '/nonexistent/routing.duckdb';

function runCommand(path: string, argv: readonly string[], isTty = false) {
  const command = COMMANDS.find((c) => c.path.join(' ') === path);
  if (!command) throw new Error(`no command '${path}'`);
  const args = parseArgs(argv, [...command.options, ...GLOBAL_OPTIONS], `trade ${path}`);
  return command.run({ args, dbPath: DB, json: args.flags.has('json'), out: () => {}, err: () => {}, isTty });
}

/** Runs `command` with its tool stubbed by one that records its call and throws; returns the call. */
async function stubbedCall(command: ToolCommand, argv: readonly string[], isTty = false) {
  const tool = findTool(TOOL_OF_COMMAND[command]);
  const original = tool.run;
  const calls: { input: Record<string, unknown>; ctx: ToolContext }[] = [];
  const stop = new TradeError('STATE', `stub of ${tool.name}`);
  tool.run = async (input, ctx) => {
    calls.push({ input: input as Record<string, unknown>, ctx });
    throw stop;
  };
  try {
    await expect(runCommand(command, argv, isTty)).rejects.toBe(stop);
  } finally {
    tool.run = original;
  }
  expect(calls).toHaveLength(1);
  return calls[0] as { input: Record<string, unknown>; ctx: ToolContext };
}

/** Per tool-backed command: an argv and what its tool must receive (after the tool's zod parse). */
const CASES: Record<ToolCommand, [string[], Record<string, unknown>]> = {
  'data info': [[], {}],
  'data import': [
    ['a.csv', 'b.csv', '--symbol', 'ETHUSDT', '--tz', '+02:00', '--tf', '5m', '--drop-last'],
    { files: ['a.csv', 'b.csv'], sample: false, symbol: 'ETHUSDT', tz: '+02:00', tf: '5m', dropLast: true },
  ],
  'data candles': [['BTCUSDT', '--tf', '1h', '--from', '2024-08-01'], { symbol: 'BTCUSDT', tf: '1h', from: '2024-08-01' }],
  'data coverage': [[], {}],
  'data gaps': [['BTCUSDT', '--to', '2024-08-02'], { symbol: 'BTCUSDT', to: '2024-08-02' }],
  'data instruments': [
    ['--sync', '--symbol', 'BTCUSDT', '--symbol', 'ETHUSDT', '--rest-url', 'http://127.0.0.1:1'],
    { sync: true, symbols: ['BTCUSDT', 'ETHUSDT'], restUrl: 'http://127.0.0.1:1' },
  ],
  'data sync': [
    ['BTCUSDT', '--from', '2024-08-01', '--to', '2024-08-02', '--no-funding'],
    { symbol: 'BTCUSDT', from: '2024-08-01', to: '2024-08-02', funding: false },
  ],
  indicator: [
    ['ema', '--symbol', 'BTCUSDT', '--tf', '1h', '--param', 'length=9', '--source', 'hl2'],
    { name: 'ema', symbol: 'BTCUSDT', tf: '1h', params: { length: 9 }, source: 'hl2' },
  ],
  indicators: [[], {}],
  structure: [
    ['swing', '--symbol', 'BTCUSDT', '--tf', '4h', '--param', 'left=3', '--to', '2024-08-10'],
    { name: 'swing', symbol: 'BTCUSDT', tf: '4h', params: { left: 3 }, to: '2024-08-10' },
  ],
  structures: [[], {}],
  'play validate': [['plays/ema-cross.yml', 'plays/validation'], { paths: ['plays/ema-cross.yml', 'plays/validation'] }],
  plays: [['plays/validation'], { dir: 'plays/validation' }],
  backtest: [
    ['p.yml', '--intrabar', 'pessimistic', '--features', 'incremental', '--report', '--no-funding', '--out', 'bt', '--equity', '5000'],
    {
      play: 'p.yml',
      intrabar: 'pessimistic',
      features: 'incremental',
      report: true,
      decisions: false,
      noFunding: true,
      out: 'bt',
      equity: '5000',
    },
  ],
  runs: [['--root', 'bt', '--play', 'ema-cross'], { root: 'bt', play: 'ema-cross' }],
  show: [['3243', '--root', 'bt', '--verify'], { run: '3243', root: 'bt', verify: true }],
  trades: [['3243', '--format', 'csv', '--root', 'bt'], { run: '3243', root: 'bt' }],
  panic: [['ema-cross-demo', '--state', 'st'], { session: 'ema-cross-demo', state: 'st' }],
  halt: [['ema-cross-demo'], { session: 'ema-cross-demo' }],
  resume: [['./j.sqlite'], { session: './j.sqlite' }],
  sessions: [['--state', 'st'], { state: 'st' }],
  'session show': [['ema-cross', '--state', 'st'], { session: 'ema-cross', state: 'st' }],
};

describe('which commands call a tool', () => {
  test('every command is tool-backed or listed without a tool, not both', () => {
    const withoutTool = (path: readonly string[]) =>
      COMMANDS_WITHOUT_TOOL.includes(path.join(' ')) || COMMANDS_WITHOUT_TOOL.includes(path[0] as string);
    for (const c of COMMANDS) {
      const key = c.path.join(' ');
      expect({ key, listed: key in TOOL_OF_COMMAND !== withoutTool(c.path) }).toEqual({ key, listed: true });
    }
    const paths = COMMANDS.map((c) => c.path.join(' '));
    for (const key of [...Object.keys(TOOL_OF_COMMAND), ...COMMANDS_WITHOUT_TOOL]) expect(paths).toContain(key);
  });

  test('every tool of the table is registered', () => {
    for (const name of Object.values(TOOL_OF_COMMAND)) expect(findTool(name).name).toBe(name);
  });
});

describe('a tool-backed command calls its tool through the registry', () => {
  test('a case for every tool-backed command', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(TOOL_OF_COMMAND).sort());
  });

  for (const [command, [argv, want]] of Object.entries(CASES) as [ToolCommand, [string[], Record<string, unknown>]][]) {
    test(`trade ${command} ${argv.join(' ')} → ${TOOL_OF_COMMAND[command]}`, async () => {
      const { input, ctx } = await stubbedCall(command, argv);
      expect(input).toMatchObject(want);
      // The store comes from the global --db through the context, never as an input field.
      expect(input.db).toBeUndefined();
      expect([ctx.dbPath, ctx.allRows, ctx.progress]).toEqual([DB, true, undefined]);
    });
  }

  test('on a terminal, backtest and data sync hand their tool a progress callback (sync not with --json)', async () => {
    const [backtestArgv] = CASES.backtest;
    const [syncArgv] = CASES['data sync'];
    expect(typeof (await stubbedCall('backtest', backtestArgv, true)).ctx.progress).toBe('function');
    expect(typeof (await stubbedCall('data sync', syncArgv, true)).ctx.progress).toBe('function');
    expect((await stubbedCall('data sync', [...syncArgv, '--json'], true)).ctx.progress).toBeUndefined();
  });
});

describe('what the tool refuses reaches the command', () => {
  test("input the tool's schema refuses is VALIDATION naming the tool and field", async () => {
    const refused = runCommand('session show', ['', '--state', 'st']);
    await expect(refused).rejects.toBeInstanceOf(TradeError);
    await expect(refused).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'session.show: session: Too small: expected string to have >=1 characters',
    });
  });

  test("the tool's own error keeps its code and message", async () => {
    await expect(runCommand('show', ['zz-not-hex', '--root', 'bt'])).rejects.toMatchObject({
      code: 'RUN_UNKNOWN',
      message: "run 'zz-not-hex': not a run directory (no manifest.json) and not a run_hash prefix (hex)",
    });
  });
});

test('starting the CLI loads no registry module (--version and --help stay fast)', () => {
  const main = resolve(import.meta.dir, '../../../src/cli/main.ts');
  const script = `await import(${JSON.stringify(main)});
console.log(JSON.stringify(Object.keys(require.cache).filter((k) => /src\\/tools\\/(registry\\/|mcp-server)|modelcontextprotocol/.test(k))));`;
  const p = Bun.spawnSync([process.execPath, '-e', script]);
  expect(p.stderr.toString()).toBe('');
  expect(JSON.parse(p.stdout.toString())).toEqual([]);
});
