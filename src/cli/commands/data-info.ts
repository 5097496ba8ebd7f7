// `trade data info`: store path, schema version and table row counts (tool data.info).
import type { StoreInfo } from '../../tools';
import type { Command } from '../command';
import { table } from '../output';
import { callCommandTool } from '../tool-call';

export const dataInfoCommand: Command = {
  path: ['data', 'info'],
  usage: 'trade data info [--db PATH] [--json]',
  summary: 'create the store if needed; print its schema version and table counts',
  options: [],
  async run(ctx) {
    const info = await callCommandTool<StoreInfo>(ctx, 'data info', {});
    const rows = Object.entries(info.tables).map(([name, n]) => [name, String(n)]);
    const text = `store ${info.path}\nschema version ${info.schemaVersion}\n${table(['table', 'rows'], rows)}`;
    return { json: info, text };
  },
};
