// Calls one registered tool: parses the raw input with the tool's zod schema (a failure is
// VALIDATION naming every issue's path, e.g. `qty: expected number, got string`), runs it, and
// turns the outcome into a ToolOutcome. A TradeError keeps its code and details; anything else is
// INTERNAL with a one-line message. Data is made plain JSON (typed arrays as arrays, NaN as null).
// The exception behind a failed outcome stays reachable (thrownBy) for the CLI, which reports it
// exactly as it reports any error of its own (TRADE_DEBUG=1 prints an internal error's stack).
import type { z } from 'zod';
import { TradeError } from '../../errors';
import type { ToolContext, ToolDef, ToolError, ToolOutcome } from './tool-def';

/** One line per zod issue: `<path>: <message>` (path `(input)` for the whole object). */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((i) => `${i.path.length === 0 ? '(input)' : i.path.map(String).join('.')}: ${i.message}`);
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

/** `data` as plain JSON values (what `trade tool` prints and MCP sends). */
export function plainJson(data: unknown): unknown {
  const text = JSON.stringify(data, jsonReplacer);
  return text === undefined ? null : JSON.parse(text);
}

export function toolError(e: unknown): ToolError {
  if (e instanceof TradeError)
    return { code: e.code, message: e.message, details: (plainJson(e.details) as Record<string, unknown>) ?? null };
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { code: 'INTERNAL', message: `internal error: ${text.split('\n')[0]}`, details: null };
}

/** The parsed input, or the VALIDATION error naming every issue. */
export function parseToolInput(tool: ToolDef, raw: unknown): { ok: true; input: unknown } | { ok: false; error: ToolError } {
  // jitless: one parse per call; zod's generated parser would cost more to build than it saves.
  const parsed = tool.input.safeParse(raw ?? {}, { jitless: true });
  if (parsed.success) return { ok: true, input: parsed.data };
  const lines = formatZodIssues(parsed.error.issues);
  return {
    ok: false,
    error: {
      code: 'VALIDATION',
      message: `${tool.name}: ${lines.join('; ')}`,
      details: { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), code: i.code, message: i.message })) },
    },
  };
}

/** What each failed run threw, by its outcome's error (kept out of the error object: that is sent as JSON). */
const thrown = new WeakMap<ToolError, unknown>();

/** The exception a failed run threw; undefined when the outcome did not come from one (bad input). */
export function thrownBy(error: ToolError): unknown {
  return thrown.get(error);
}

export async function callTool(tool: ToolDef, raw: unknown, ctx: ToolContext): Promise<ToolOutcome> {
  const parsed = parseToolInput(tool, raw);
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, data: plainJson(await tool.run(parsed.input as never, ctx)) };
  } catch (e) {
    const error = toolError(e);
    thrown.set(error, e);
    return { ok: false, error };
  }
}
