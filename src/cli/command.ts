// What a CLI command is: a name path (e.g. ['data', 'info']), its options, and a run function
// that calls a tool and returns a printable result. Output formatting lives in output.ts.
import type { OptionSpec, ParsedArgs } from './args';

export interface CommandContext {
  args: ParsedArgs;
  /** Global --db (or TRADE_DB, default data/trade.duckdb). */
  dbPath: string;
  json: boolean;
  /** Writes to stdout. */
  out: (text: string) => void;
  /** Writes to stderr. */
  err: (text: string) => void;
  isTty: boolean;
}

export interface CommandResult {
  /** Printed with --json (one JSON object). */
  json: unknown;
  /** Printed otherwise. */
  text: string;
  /** Exit code after printing (default 0): a result that is itself a failure report. */
  exitCode?: number;
}

export interface Command {
  path: readonly string[];
  usage: string;
  summary: string;
  options: readonly OptionSpec[];
  /** The command loads Plays or runs the core: core.wasm starts compiling off the main thread at dispatch. */
  usesCore?: boolean;
  run(ctx: CommandContext): Promise<CommandResult | undefined>;
}
