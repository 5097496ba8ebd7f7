// `trade data info`: store path, schema version and table row counts.
import { dataInfo } from '../../tools';
import type { Command } from '../command';
import { table } from '../output';

export const dataInfoCommand: Command = {
  path: ['data', 'info'],
  usage: 'trade data info [--db PATH] [--json]',
  summary: 'create the store if needed; print its schema version and table counts',
  options: [],
  async run(ctx) {
    const info = await dataInfo(ctx.dbPath);
    const rows = Object.entries(info.tables).map(([name, n]) => [name, String(n)]);
    const text = `store ${info.path}\nschema version ${info.schemaVersion}\n${table(['table', 'rows'], rows)}`;
    return { json: info, text };
  },
};
