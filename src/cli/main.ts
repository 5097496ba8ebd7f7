#!/usr/bin/env bun
// The `trade` entry point: parses argv, dispatches to a command, prints text or --json, and maps
// errors to exit codes (0 ok, 1 runtime failure, 2 usage or validation error). An error is one
// line on stderr (`✖ message`), or with --json `{"ok":false,"error":{code,message}}` on stdout;
// never a stack trace (TRADE_DEBUG=1 adds it on stderr for an internal error).
import { isUserError, TradeError } from '../errors';
import { precompileCore, setNoticeSink, versionInfo } from '../tools';
import { optionValue, parseArgs } from './args';
import type { Command } from './command';
import { COMMANDS } from './commands';
import { DEFAULT_DB_PATH, GLOBAL_OPTIONS } from './global-options';
import { commandHelp, commandHelpJson, groupHelp, mainHelp } from './help';
import { exitAfterDrain, stderr, stdout } from './stdio';

function findCommand(argv: readonly string[]): [Command, string[]] | undefined {
  let best: Command | undefined;
  for (const c of COMMANDS) {
    if (c.path.every((p, i) => argv[i] === p) && (!best || c.path.length > best.path.length)) best = c;
  }
  return best ? [best, argv.slice(best.path.length)] : undefined;
}

/** Global options written before the command (`trade --db x.duckdb data info`) move after it. */
function hoistGlobalOptions(argv: readonly string[]): string[] {
  const lead: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith('--')) {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    const spec = GLOBAL_OPTIONS.find((o) => o.name === (eq > 0 ? a.slice(2, eq) : a.slice(2)));
    if (!spec || spec.name === 'help') break;
    const width = spec.value && eq < 0 ? 2 : 1;
    lead.push(...argv.slice(i, i + width));
    i += width;
  }
  return [...argv.slice(i), ...lead];
}

/** `-h` means `--help` everywhere (before a `--`). */
function expandShortHelp(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  return argv.map((a, i) => (a === '-h' && (end < 0 || i < end) ? '--help' : a));
}

/** The commands under a group (`trade data`, `trade play`), when argv names only the group. */
function groupCommands(argv: readonly string[]): Command[] {
  const words = argv.filter((a) => !a.startsWith('-'));
  if (words.length !== 1) return [];
  return COMMANDS.filter((c) => c.path.length > 1 && c.path[0] === words[0]);
}

export async function main(rawArgv: readonly string[]): Promise<number> {
  const argv = hoistGlobalOptions(expandShortHelp(rawArgv));
  const out = (t: string) => stdout.line(t);
  const err = (t: string) => stderr.line(t);
  setNoticeSink(err);
  try {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      out(mainHelp(COMMANDS));
      return 0;
    }
    if (argv[0] === '--version' || argv[0] === '-V') {
      const v = versionInfo();
      if (argv.includes('--json')) out(JSON.stringify(v));
      else out(`trade ${v.version} core ${v.core}`);
      return 0;
    }
    const found = findCommand(argv);
    const group = found ? [] : groupCommands(argv);
    if (group.length > 0) {
      out(groupHelp(group[0]!.path[0]!, group));
      return 0;
    }
    if (!found) {
      const first = argv.filter((a) => !a.startsWith('-')).join(' ');
      const groups = [...new Set(COMMANDS.map((c) => c.path.join(' ')))];
      throw new TradeError('USAGE', `unknown command '${first}' (expected one of: ${groups.join(', ')}); see trade --help`);
    }
    const [command, rest] = found;
    if (command.usesCore) precompileCore();
    const name = `trade ${command.path.join(' ')}`;
    const args = parseArgs(rest, [...command.options, ...GLOBAL_OPTIONS], name);
    if (args.flags.has('help')) {
      out(args.flags.has('json') ? JSON.stringify(commandHelpJson(command)) : commandHelp(command));
      return 0;
    }
    const json = args.flags.has('json');
    const dbPath = optionValue(args, 'db') ?? DEFAULT_DB_PATH;
    if (dbPath === '') throw new TradeError('USAGE', `${name}: --db '': expected a store path (or leave --db out for ${DEFAULT_DB_PATH})`);
    const result = await command.run({
      args,
      dbPath,
      json,
      out,
      err,
      isTty: Boolean(process.stdout.isTTY),
    });
    if (result) out(json ? JSON.stringify(result.json) : result.text);
    return result?.exitCode ?? 0;
  } catch (e) {
    const jsonError = wantsJson(argv);
    const code = e instanceof TradeError ? e.code : 'INTERNAL';
    const message = e instanceof TradeError ? e.message : `internal error: ${oneLine(e)}`;
    if (jsonError) out(JSON.stringify({ ok: false, error: { code, message } }));
    else err(`✖ ${message}`);
    if (!(e instanceof TradeError) && process.env.TRADE_DEBUG === '1') err(String((e as Error)?.stack ?? e));
    return isUserError(e) ? 2 : 1;
  }
}

/** --json among the options (before a `--`), even when parsing the rest failed. */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

/** An unexpected error as one line: its name and message, without the stack. */
function oneLine(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return `${text.split('\n')[0]} (TRADE_DEBUG=1 prints the stack)`;
}

if (import.meta.main) {
  // No top-level await: the binary is compiled to bytecode, which needs a CommonJS bundle.
  void main(process.argv.slice(2)).then(exitAfterDrain);
}
