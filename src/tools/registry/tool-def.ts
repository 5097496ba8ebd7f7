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
}

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
