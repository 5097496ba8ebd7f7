// `trade tools [name]`: the registered tools (name, group, description), or one tool's JSON Schema;
// with --json every tool with its input schema (what `trade mcp` lists).
import { TradeError } from '../../errors';
import { loadRegistry } from '../../tools';
import type { Command } from '../command';
import { table } from '../output';

export const toolsCommand: Command = {
  path: ['tools'],
  usage: 'trade tools [<name>] [--json]',
  summary: 'list the registered tools (for trade tool and trade mcp) with their input schemas',
  options: [],
  async run(ctx) {
    const [name, ...extra] = ctx.args.positionals;
    if (extra.length > 0) throw new TradeError('USAGE', `trade tools: expected at most one tool name, got ${ctx.args.positionals.length}`);
    const { findTool, TOOLS, toolJsonSchema, toolListing } = await loadRegistry();
    if (name !== undefined) {
      const t = findTool(name);
      const one = { name: t.name, group: t.group, description: t.description, mutates: t.mutates === true, inputSchema: toolJsonSchema(t) };
      return { json: one, text: `${t.name}: ${t.description}\n${JSON.stringify(one.inputSchema, null, 2)}` };
    }
    const rows = TOOLS.map((t) => [t.name, t.mutates ? 'yes' : '', t.description]);
    return {
      json: { tools: toolListing() },
      text: `${table(['tool', 'mutates', 'description'], rows)}\n\n${TOOLS.length} tools; trade tools <name> shows one input schema, trade tool <name> '<json>' calls one`,
    };
  },
};
