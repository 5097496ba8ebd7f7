// `trade mcp`: serves every registered tool, and the Plays, sessions and backtest runs as
// resources, to an MCP client over stdio. stdout carries only the protocol; logs go to stderr.
import { TradeError } from '../../errors';
import { loadMcpServer } from '../../tools';
import { optionValue } from '../args';
import type { Command } from '../command';

export const mcpCommand: Command = {
  path: ['mcp'],
  usage: 'trade mcp [--plays DIR] [--state DIR] [--runs DIR] [--endpoint URL] [--db PATH]',
  summary: 'serve every tool (and Plays, sessions, backtest runs as resources) to an MCP client over stdio',
  options: [
    { name: 'plays', value: true, help: 'folder of the Plays served as resources (default plays/)' },
    { name: 'state', value: true, help: 'folder of the session journals (default state/)' },
    { name: 'runs', value: true, help: 'folder of the backtest runs (default backtests/)' },
    { name: 'endpoint', value: true, help: "REST URL of the exchange tools when a call names none (the emulator); default Bybit's" },
  ],
  async run(ctx) {
    if (ctx.args.positionals.length > 0) throw new TradeError('USAGE', `trade mcp: unexpected argument '${ctx.args.positionals[0]}'`);
    const { serveMcpStdio } = await loadMcpServer();
    await serveMcpStdio({
      ctx: { dbPath: ctx.dbPath, env: process.env, nowMs: () => Date.now(), log: ctx.err, endpoint: optionValue(ctx.args, 'endpoint') },
      playsDir: optionValue(ctx.args, 'plays'),
      stateDir: optionValue(ctx.args, 'state'),
      runsRoot: optionValue(ctx.args, 'runs'),
    });
    return undefined;
  },
};
