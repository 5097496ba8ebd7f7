// `trade emulator`: the loopback Bybit V5 exchange (REST + WebSocket on one port) over the store,
// with accounts, a replay clock, faults and admin endpoints, until SIGINT/SIGTERM or, with
// --exit-at-end, the end of the replay. Prints the base URL first (one line), or with --json the
// line {"rest","ws_public","ws_private","ws_trade"} so scripts and bots can read it.
import { requireStore, runEmulator } from '../../tools';
import { optionValue } from '../args';
import type { Command } from '../command';

export const emulatorCommand: Command = {
  path: ['emulator'],
  usage:
    'trade emulator [--port N] [--account KEY:SECRET[:USDT]]... [--symbol S --from ISO --to ISO [--speed M] [--decision-ms MS] [--exit-at-end]] [--now ISO] [--fault JSON]... [--admin] [--rate-limit-scale X] [--gap FROM..TO]... [--burst-10006 N] [--burst-403 N] [--burst-after N] [--bad-row ISO] [--db PATH]',
  summary: 'loopback Bybit V5 exchange (signed REST, public/private/trade WebSocket, replay clock, faults); runs until Ctrl-C',
  options: [
    { name: 'port', value: true, help: 'TCP port on 127.0.0.1 (default 0: a free port)' },
    { name: 'account', value: true, repeat: true, help: 'API key, secret and USDT balance (default 10000); repeatable' },
    { name: 'symbol', value: true, help: 'replay this symbol’s stored 1m candles' },
    { name: 'from', value: true, help: 'replay start, ISO 8601 UTC (a whole minute)' },
    { name: 'to', value: true, help: 'replay end (exclusive)' },
    {
      name: 'speed',
      value: true,
      help: 'market minutes per wall second: 60, 1/60 (real time), max, 0 (paused; POST /admin/step) (default 1)',
    },
    { name: 'decision-ms', value: true, help: 'wall ms after each confirmed minute before the next one runs (default 100)' },
    { name: 'exit-at-end', value: false, help: 'exit when the replay ends' },
    { name: 'now', value: true, help: 'fixed server time, ISO 8601 UTC (default: the wall clock)' },
    { name: 'fault', value: true, repeat: true, help: 'a run-time fault as JSON, e.g. {"fault":"skew","ms":3000} (see docs/emulator.md)' },
    { name: 'admin', value: false, help: 'serve POST /admin/fault, POST /admin/step and GET /admin/state' },
    { name: 'rate-limit-scale', value: true, help: 'multiply Bybit’s per-key rate limits (default 1)' },
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
      accounts: args.options.get('account'),
      symbol: optionValue(args, 'symbol'),
      from: optionValue(args, 'from'),
      to: optionValue(args, 'to'),
      speed: optionValue(args, 'speed'),
      decisionMs: optionValue(args, 'decision-ms'),
      faults: args.options.get('fault'),
      admin: args.flags.has('admin'),
      rateLimitScale: optionValue(args, 'rate-limit-scale'),
    });
    if (running.sampleImported) ctx.err('note: the store had no candles; imported the bundled sample (BTCUSDT 1m, 2024-08)');
    ctx.out(ctx.json ? JSON.stringify(running.urls) : running.url);
    const replay = running.emulator.replay;
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
      if (args.flags.has('exit-at-end') && replay) replay.done.then(() => resolve());
    });
    await running.stop();
    return undefined;
  },
};
