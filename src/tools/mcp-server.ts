// `trade mcp`: the tool registry as an MCP server over stdio (@modelcontextprotocol/sdk). Tools are
// listed with the registry's own JSON Schema (the same text as `trade tools --json`) and called
// through the registry, so a bad argument comes back as the registry's VALIDATION outcome (isError,
// with its code and the zod issue paths) rather than the SDK's own message; every result carries
// the ToolOutcome as text and as structuredContent. Plays, sessions and backtest runs are
// resources (trade://plays/{id}, trade://sessions/{id}, trade://backtests/{run}). Only protocol
// goes to stdout; the server ends when stdin closes.
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { TradeError } from '../errors';
import { listPlays } from './play-list';
import { callTool, TOOLS, type ToolContext, type ToolOutcome, toolError, toolJsonSchema } from './registry';
import { DEFAULT_RUNS_ROOT, readRunFiles, resolveRun, runsList } from './runs';
import { DEFAULT_STATE_DIR, sessionShow, sessionsList } from './sessions';
import { packageVersion } from './version';

export interface McpOptions {
  ctx: ToolContext;
  playsDir?: string;
  stateDir?: string;
  runsRoot?: string;
}

async function outcomeOf(name: string, args: unknown, ctx: ToolContext): Promise<ToolOutcome> {
  const tool = TOOLS.find((t) => t.name === name);
  if (!tool)
    return { ok: false, error: toolError(new TradeError('USAGE', `unknown tool '${name}' (tools/list gives the ${TOOLS.length} tools)`)) };
  return callTool(tool, args, ctx);
}

const json = (uri: URL, value: unknown) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(value) }] });
const oneVar = (v: string | string[] | undefined): string => decodeURIComponent(Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

function registerResources(mcp: McpServer, o: Required<Omit<McpOptions, 'ctx'>>): void {
  mcp.registerResource(
    'plays',
    new ResourceTemplate('trade://plays/{id}', {
      list: () => ({
        resources: listPlays(o.playsDir)
          .filter((p) => p.ok && p.id !== undefined)
          .map((p) => ({ uri: `trade://plays/${p.id}`, name: p.id as string, mimeType: 'application/yaml', description: p.file })),
      }),
    }),
    { title: 'Plays', description: `Play files of ${o.playsDir}/`, mimeType: 'application/yaml' },
    async (uri, vars) => {
      const id = oneVar(vars.id);
      const play = listPlays(o.playsDir).find((p) => p.id === id);
      if (!play) throw new TradeError('USAGE', `no Play with id '${id}' in ${o.playsDir}/`);
      return { contents: [{ uri: uri.href, mimeType: 'application/yaml', text: await Bun.file(play.file).text() }] };
    },
  );
  mcp.registerResource(
    'sessions',
    new ResourceTemplate('trade://sessions/{id}', {
      list: () => ({
        resources: sessionsList({ stateDir: o.stateDir === DEFAULT_STATE_DIR ? undefined : o.stateDir })
          .sessions.filter((s) => s.ok)
          .map((s) => {
            const id = (s as { session: { id: string } }).session.id;
            return { uri: `trade://sessions/${encodeURIComponent(id)}`, name: id, mimeType: 'application/json' };
          }),
      }),
    }),
    { title: 'Sessions', description: `Session journals under ${o.stateDir}/`, mimeType: 'application/json' },
    async (uri, vars) => json(uri, sessionShow({ stateDir: o.stateDir, ref: oneVar(vars.id) })),
  );
  mcp.registerResource(
    'backtests',
    new ResourceTemplate('trade://backtests/{run}', {
      list: () => ({
        resources: runsList({ root: o.runsRoot }).runs.map((r) => ({
          uri: `trade://backtests/${r.run}`,
          name: `${r.play_id} ${r.run}`,
          mimeType: 'application/json',
          description: `${r.symbol} ${r.from} → ${r.to}, ${r.trades} trades`,
        })),
      }),
    }),
    { title: 'Backtest runs', description: `Runs under ${o.runsRoot}/: manifest and result`, mimeType: 'application/json' },
    async (uri, vars) => {
      const f = readRunFiles(resolveRun(o.runsRoot, oneVar(vars.run)));
      return json(uri, { dir: f.dir, manifest: f.manifest, result: f.result });
    },
  );
}

/** Builds the server (tools and resources), unconnected. */
export function createMcpServer(opts: McpOptions): McpServer {
  const mcp = new McpServer({ name: 'trade', version: packageVersion() }, { capabilities: { tools: {} } });
  mcp.server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: TOOLS.map((t) => ({
      name: t.name,
      description: t.description,
      inputSchema: toolJsonSchema(t) as { type: 'object'; [k: string]: unknown },
      annotations: { readOnlyHint: t.mutates !== true },
    })),
  }));
  mcp.server.setRequestHandler(CallToolRequestSchema, async (req) => {
    const outcome = await outcomeOf(req.params.name, req.params.arguments ?? {}, opts.ctx);
    if (!outcome.ok) opts.ctx.log(`${req.params.name}: ${outcome.error.code} ${outcome.error.message}`);
    return {
      content: [{ type: 'text' as const, text: JSON.stringify(outcome) }],
      structuredContent: outcome as unknown as Record<string, unknown>,
      isError: !outcome.ok,
    };
  });
  registerResources(mcp, {
    playsDir: opts.playsDir ?? 'plays',
    stateDir: opts.stateDir ?? DEFAULT_STATE_DIR,
    runsRoot: opts.runsRoot ?? DEFAULT_RUNS_ROOT,
  });
  return mcp;
}

/** Serves over stdin/stdout until stdin ends or the client closes the connection. */
export async function serveMcpStdio(opts: McpOptions): Promise<void> {
  const mcp = createMcpServer(opts);
  const closed = new Promise<void>((resolve) => {
    mcp.server.onclose = () => resolve();
  });
  await mcp.connect(new StdioServerTransport());
  process.stdin.once('end', () => void mcp.close());
  opts.ctx.log(`trade mcp: ${TOOLS.length} tools on stdio`);
  await closed;
}
