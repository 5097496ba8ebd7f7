// Help text for `trade --help` and `trade <command> --help`, generated from the command list.
import type { OptionSpec } from './args';
import type { Command } from './command';
import { GLOBAL_OPTIONS } from './global-options';

function optionLines(opts: readonly OptionSpec[]): string[] {
  return opts.map((o) => `  --${o.name}${o.value ? ' <value>' : ''}`.padEnd(28) + o.help);
}

export function mainHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  return [
    'trade: backtest and trade Plays on Bybit USDT linear perpetuals',
    '',
    'usage: trade <command> [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`),
    '',
    'global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '  --version                 print trade and core versions',
    '',
    'exit codes: 0 ok, 1 runtime failure, 2 usage or validation error',
  ].join('\n');
}

/** `trade data` / `trade play` alone: the group's subcommands. */
export function groupHelp(group: string, commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  return [
    `usage: trade ${group} <command> [options]`,
    '',
    'commands:',
    ...commands.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`),
    '',
    `trade ${group} <command> --help shows a command's options`,
  ].join('\n');
}

/** `--help --json`: the command's usage and every option it accepts. */
export function commandHelpJson(c: Command): unknown {
  return {
    command: c.path.join(' '),
    usage: c.usage,
    summary: c.summary,
    options: [...c.options, ...GLOBAL_OPTIONS].map((o) => ({
      name: `--${o.name}`,
      takesValue: o.value,
      repeatable: Boolean(o.repeat),
      env: o.env ?? null,
      help: o.help,
    })),
  };
}

export function commandHelp(c: Command): string {
  return [`usage: ${c.usage}`, '', c.summary, '', 'options:', ...optionLines([...c.options, ...GLOBAL_OPTIONS])].join('\n');
}
