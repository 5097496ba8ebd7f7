// What a registered tool is: a dotted name (`backtest.run`), a one-line description, a zod input
// schema (an object; exported as JSON Schema) and a run function over the parsed input. Every call
// ends as a ToolOutcome: `{ok:true, data}` or `{ok:false, error:{code, message, details}}` with the
// codes of errors.ts. Tools never print: `ctx.log` goes to stderr (MCP keeps stdout for protocol).
import type { z } from 'zod';
import type { ErrorCode } from '../../errors';

export interface ToolContext {
  /** Store used when the input names none (the CLI's --db / TRADE_DB). */
  dbPath: string;
  /** REST base URL used when a tool's input names no `endpoint` (`--endpoint`: the emulator); else Bybit's for the mode. */
  endpoint?: string;
  /** Environment read for keys and the live opt-in (TRADE_LIVE). */
  env: Record<string, string | undefined>;
  nowMs: () => number;
  /** A progress or notice line, to stderr. */
  log: (line: string) => void;
  /** How far a long call is, for a progress display (the CLI's bar on a terminal); tools without one ignore it. */
  progress?: (p: ToolProgress) => void;
  /**
   * The caller takes every row (the CLI prints them all): a tool's `limit` is not applied. MCP and
   * `trade tool` leave it unset, so an agent gets at most `limit` rows and the count left out.
   */
  allRows?: boolean;
}

/** backtest.run: 1m bars simulated of the window's total; data.sync: kline pages and rows fetched so far. */
export type ToolProgress = { kind: 'bars'; done: number; total: number } | { kind: 'pages'; pages: number; rows: number };

export interface ToolError {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown> | null;
}

export type ToolOutcome = { ok: true; data: unknown } | { ok: false; error: ToolError };

export type ToolGroup = 'data' | 'series' | 'play' | 'backtest' | 'session' | 'account' | 'order' | 'market';

export interface ToolDef<S extends z.ZodObject = z.ZodObject> {
  name: string;
  group: ToolGroup;
  description: string;
  input: S;
  /** True when the tool can change an exchange account or a running session. */
  mutates?: boolean;
  run(input: z.output<S>, ctx: ToolContext): Promise<unknown>;
}

/** Keeps the input type of `run` tied to its schema. */
export function defineTool<S extends z.ZodObject>(def: ToolDef<S>): ToolDef {
  return def as unknown as ToolDef;
}
