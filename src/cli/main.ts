#!/usr/bin/env bun
// The `trade` entry point: parses argv, dispatches to a command, prints text or --json, and maps
// errors to exit codes (0 ok, 1 runtime failure, 2 usage or validation error). One-line errors.
import { isUserError, TradeError } from '../errors';
import { versionInfo } from '../tools';
import { optionValue, parseArgs } from './args';
import type { Command } from './command';
import { COMMANDS } from './commands';
import { DEFAULT_DB_PATH, GLOBAL_OPTIONS } from './global-options';
import { commandHelp, mainHelp } from './help';
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

export async function main(rawArgv: readonly string[]): Promise<number> {
  const argv = hoistGlobalOptions(rawArgv);
  const out = (t: string) => stdout.line(t);
  const err = (t: string) => stderr.line(t);
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
    if (!found) {
      const first = argv.filter((a) => !a.startsWith('-')).join(' ');
      const groups = [...new Set(COMMANDS.map((c) => c.path.join(' ')))];
      throw new TradeError('USAGE', `unknown command '${first}' (expected one of: ${groups.join(', ')}); see trade --help`);
    }
    const [command, rest] = found;
    const name = `trade ${command.path.join(' ')}`;
    const args = parseArgs(rest, [...command.options, ...GLOBAL_OPTIONS], name);
    if (args.flags.has('help')) {
      out(commandHelp(command));
      return 0;
    }
    const json = args.flags.has('json');
    const result = await command.run({
      args,
      dbPath: optionValue(args, 'db') ?? DEFAULT_DB_PATH,
      json,
      out,
      err,
      isTty: Boolean(process.stdout.isTTY),
    });
    if (result) out(json ? JSON.stringify(result.json) : result.text);
    return 0;
  } catch (e) {
    if (e instanceof TradeError) {
      err(`✖ ${e.message}`);
      return isUserError(e) ? 2 : 1;
    }
    err(`✖ internal error: ${(e as Error)?.stack ?? String(e)}`);
    return 1;
  }
}

if (import.meta.main) {
  await exitAfterDrain(await main(process.argv.slice(2)));
}
