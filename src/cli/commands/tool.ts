// `trade tool <name> ['<json>'] [--input FILE]`: calls one registered tool with a JSON object and
// prints its ToolOutcome ({ok:true,data} or {ok:false,error}) on stdout, one line with --json,
// indented otherwise. A failed outcome also prints `✖ message` on stderr and exits 2 for a user
// error (bad input names the zod issue path), 1 for the rest.
import { readFileSync } from 'node:fs';
import { TradeError, USER_ERROR_CODES } from '../../errors';
import { loadRegistry } from '../../tools';
import { optionValue } from '../args';
import type { Command } from '../command';

function readInput(name: string, inline: string | undefined, file: string | undefined): unknown {
  if (inline !== undefined && file !== undefined)
    throw new TradeError('USAGE', `trade tool ${name}: give the input inline or with --input FILE, not both`);
  let text = inline ?? '{}';
  if (file !== undefined) {
    try {
      text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
    } catch (cause) {
      throw new TradeError('USAGE', `trade tool ${name}: --input ${file}: cannot read it`, undefined, { cause });
    }
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new TradeError(
      'USAGE',
      `trade tool ${name}: the input is not JSON (${(cause as Error).message}); expected an object like '{"symbol":"BTCUSDT"}'`,
      undefined,
      {
        cause,
      },
    );
  }
}

export const toolCommand: Command = {
  path: ['tool'],
  usage: "trade tool <name> ['<json input>'] [--input FILE|-] [--endpoint URL] [--json]",
  summary: 'call one registered tool with a JSON input and print its {ok, data | error} result',
  options: [
    { name: 'input', value: true, help: 'read the JSON input from FILE (- for stdin)' },
    { name: 'endpoint', value: true, help: "REST URL of the exchange tools when the input names none (the emulator); default Bybit's" },
  ],
  async run(ctx) {
    const [name, inline, ...extra] = ctx.args.positionals;
    if (name === undefined) throw new TradeError('USAGE', 'trade tool: missing <name>; trade tools lists them');
    if (extra.length > 0)
      throw new TradeError('USAGE', `trade tool ${name}: unexpected argument '${extra[0]}' (quote the JSON input as one argument)`);
    const { callTool, findTool } = await loadRegistry();
    const tool = findTool(name);
    const input = readInput(name, inline, optionValue(ctx.args, 'input'));
    const outcome = await callTool(tool, input, {
      dbPath: ctx.dbPath,
      env: process.env,
      nowMs: () => Date.now(),
      log: ctx.err,
      endpoint: optionValue(ctx.args, 'endpoint'),
    });
    if (!outcome.ok) ctx.err(`✖ ${outcome.error.message}`);
    return {
      json: outcome,
      text: JSON.stringify(outcome, null, 2),
      exitCode: outcome.ok ? 0 : USER_ERROR_CODES.has(outcome.error.code) ? 2 : 1,
    };
  },
};
