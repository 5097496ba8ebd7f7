// How a command reaches its registered tool. TOOL_OF_COMMAND is the table of tool-backed commands
// (command path → tool name; test/unit/cli/tool-call.test.ts checks it against the registry and
// every command against it); callCommandTool calls the command's tool through the registry, loaded
// on first use (--version and --help never load it), and returns the tool's data, or throws what
// the tool failed with, so main.ts prints the same one-line error and exit code as for any command.
import { TradeError } from '../errors';
import { loadRegistry, type ToolContext } from '../tools';
import type { CommandContext } from './command';

export const TOOL_OF_COMMAND = {
  'data info': 'data.info',
  'data import': 'data.import',
  'data candles': 'data.candles',
  'data coverage': 'data.coverage',
  'data gaps': 'data.gaps',
  'data instruments': 'data.instruments',
  'data sync': 'data.sync',
  indicator: 'indicator.compute',
  indicators: 'indicator.list',
  structure: 'structure.compute',
  structures: 'structure.list',
  'play validate': 'play.validate',
  plays: 'play.list',
  backtest: 'backtest.run',
  runs: 'backtest.list',
  show: 'backtest.show',
  trades: 'backtest.trades',
  panic: 'session.panic',
  halt: 'session.halt',
  resume: 'session.resume',
  sessions: 'session.list',
  'session show': 'session.show',
} as const;

export type ToolCommand = keyof typeof TOOL_OF_COMMAND;

/**
 * Commands no registered tool stands behind: they call their operation directly. An entry covers
 * the command of that path and, for a group (`audit`), its subcommands.
 */
export const COMMANDS_WITHOUT_TOOL: readonly string[] = [
  'forge data',
  'play test',
  'audit',
  'equity',
  'report',
  'sweep',
  'walkforward',
  'worker',
  'emulator',
  'run',
  'replay',
  'dashboard',
  'tools',
  'tool',
  'mcp',
];

/**
 * Calls the tool of `command` with `input` (parsed by its zod schema, as from `trade tool` or MCP)
 * and returns its data. The CLI prints every row, so a tool's `limit` is not applied. A failure is
 * thrown as the tool threw it (code, message, stack); input the schema refused is VALIDATION.
 */
export async function callCommandTool<T>(
  ctx: CommandContext,
  command: ToolCommand,
  input: Record<string, unknown>,
  extra: Pick<ToolContext, 'progress'> = {},
): Promise<T> {
  const { callTool, findTool, thrownBy } = await loadRegistry();
  const outcome = await callTool(findTool(TOOL_OF_COMMAND[command]), input, {
    dbPath: ctx.dbPath,
    env: process.env,
    nowMs: () => Date.now(),
    log: ctx.err,
    allRows: true,
    ...extra,
  });
  if (outcome.ok) return outcome.data as T;
  const { code, message, details } = outcome.error;
  throw thrownBy(outcome.error) ?? new TradeError(code, message, details ?? undefined);
}
