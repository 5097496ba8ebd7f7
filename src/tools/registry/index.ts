// The tool registry: every registered tool in one list (names unique, sorted by group as listed),
// looked up by name, with its input schema as JSON Schema (draft-07, the input side: what a caller
// may send, defaults optional). `trade tools`, `trade tool`, `trade mcp` and docs/tools.md read it.
import { z } from 'zod';
import { TradeError } from '../../errors';
import { ACCOUNT_TOOLS } from './account-tools';
import { BACKTEST_TOOLS } from './backtest-tools';
import { DATA_TOOLS } from './data-tools';
import { MARKET_TOOLS } from './market-tools';
import { ORDER_TOOLS } from './order-tools';
import { PLAY_TOOLS } from './play-tools';
import { SERIES_TOOLS } from './series-tools';
import { SESSION_TOOLS } from './session-tools';
import type { ToolDef } from './tool-def';

export { callTool, formatZodIssues, parseToolInput, plainJson, thrownBy, toolError } from './call';
export type { ToolContext, ToolDef, ToolError, ToolGroup, ToolOutcome, ToolProgress } from './tool-def';

export const TOOLS: readonly ToolDef[] = [
  ...DATA_TOOLS,
  ...SERIES_TOOLS,
  ...PLAY_TOOLS,
  ...BACKTEST_TOOLS,
  ...SESSION_TOOLS,
  ...ACCOUNT_TOOLS,
  ...ORDER_TOOLS,
  ...MARKET_TOOLS,
];

export function findTool(name: string): ToolDef {
  const t = TOOLS.find((x) => x.name === name);
  if (!t) throw new TradeError('USAGE', `unknown tool '${name}' (trade tools lists the ${TOOLS.length} tools)`, { name });
  return t;
}

export type JsonSchema = Record<string, unknown>;

const schemas = new Map<string, JsonSchema>();

/** The tool's input as JSON Schema (draft-07, input side), computed once. */
export function toolJsonSchema(tool: ToolDef): JsonSchema {
  let s = schemas.get(tool.name);
  if (!s) {
    s = z.toJSONSchema(tool.input, { target: 'draft-7', io: 'input' }) as JsonSchema;
    schemas.set(tool.name, s);
  }
  return s;
}

export interface ToolListing {
  name: string;
  group: string;
  description: string;
  mutates: boolean;
  inputSchema: JsonSchema;
}

export function toolListing(): ToolListing[] {
  return TOOLS.map((t) => ({
    name: t.name,
    group: t.group,
    description: t.description,
    mutates: t.mutates === true,
    inputSchema: toolJsonSchema(t),
  }));
}
