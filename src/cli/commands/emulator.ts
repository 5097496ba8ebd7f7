// `trade emulator`: serves the loopback Bybit V5 market endpoints from the store until SIGINT/SIGTERM.
// Prints the base URL first (one line, or {"url","port"} with --json) so scripts can read it.
import { requireStore, runEmulator } from '../../tools';
import { optionValue } from '../args';
import type { Command } from '../command';

export const emulatorCommand: Command = {
  path: ['emulator'],
  usage:
    'trade emulator [--port N] [--now ISO] [--gap FROM..TO]... [--burst-10006 N] [--burst-403 N] [--burst-after N] [--bad-row ISO] [--db PATH]',
  summary: 'loopback Bybit V5 REST emulator (market endpoints) over the store, with fault injection; runs until Ctrl-C',
  options: [
    { name: 'port', value: true, help: 'TCP port on 127.0.0.1 (default 0: a free port)' },
    { name: 'now', value: true, help: 'fixed server time, ISO 8601 UTC (default: the wall clock)' },
    { name: 'gap', value: true, repeat: true, help: 'omit the 1m candles in FROM..TO (an exchange gap; repeatable)' },
    { name: 'burst-10006', value: true, help: 'answer N data requests with retCode 10006 Too many visits!' },
    { name: 'burst-403', value: true, help: 'answer N data requests with HTTP 403 access too frequent' },
    { name: 'burst-after', value: true, help: 'data requests answered normally before the bursts (default 0)' },
    { name: 'bad-row', value: true, help: 'serve the 1m candle at this minute with high below low' },
  ],
  async run(ctx) {
    const { args } = ctx;
    requireStore(ctx.dbPath);
    const running = await runEmulator(ctx.dbPath, {
      port: optionValue(args, 'port'),
      now: optionValue(args, 'now'),
      gaps: args.options.get('gap'),
      burst10006: optionValue(args, 'burst-10006'),
      burst403: optionValue(args, 'burst-403'),
      burstAfter: optionValue(args, 'burst-after'),
      badRow: optionValue(args, 'bad-row'),
    });
    if (running.sampleImported) ctx.err('note: the store had no candles; imported the bundled sample (BTCUSDT 1m, 2024-08)');
    ctx.out(ctx.json ? JSON.stringify({ url: running.url, port: running.port }) : running.url);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await running.stop();
    return undefined;
  },
};
