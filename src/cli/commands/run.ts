// `trade run <play.yml> --mode shadow|demo|live`: trades the Play through the same PlayEngine as
// a backtest (docs/live.md). Prints one line per closed exec bar and per decision, order, fill and
// reconnect (JSON lines with --json); Ctrl-C stops new entries, keeps protection orders, writes a
// snapshot to the journal and exits 0. Nothing printed can contain a key or secret.
import { TradeError } from '../../errors';
import { formatLine, type Keys, redact, startRun } from '../../tools';
// The dashboard (Ink, React) is loaded only when --tui asks for it: other commands start faster.
import type { TuiSink } from '../../tui/run-sink';
import { drawOnTerminal } from '../../tui/terminal-env';
import { optionValue } from '../args';
import type { Command } from '../command';

export const runCommand: Command = {
  usesCore: true,
  path: ['run'],
  usage:
    'trade run <play.yml> --mode shadow|demo|live [--symbol S] [--endpoint URL] [--state DIR] [--until ISO | --bars N] [--equity USDT] [--keys FILE] [--confirm SYMBOL] [--new-session] [--adopt] [--dcp-window S] [--reconcile-every S] [--tui] [--json] [--db PATH]',
  summary: 'trade a Play: shadow (paper, live data), demo or live, through the backtest engine',
  options: [
    { name: 'mode', value: true, help: 'shadow (paper trading on live data), demo (Bybit demo) or live' },
    { name: 'symbol', value: true, help: 'trade this symbol instead of the Play’s' },
    { name: 'endpoint', value: true, help: 'point every REST and WebSocket connection here (http://127.0.0.1:P: the emulator)' },
    { name: 'state', value: true, help: 'folder of the session journals (default state/)' },
    { name: 'until', value: true, help: 'stop after the 1m bar that closes at this ISO 8601 UTC time' },
    { name: 'bars', value: true, help: 'stop after this many live 1m bars' },
    { name: 'equity', value: true, help: 'shadow: starting wallet in USDT (default the Play’s)' },
    { name: 'keys', value: true, help: 'a 0600 file of KEY=VALUE lines (BYBIT_DEMO_API_KEY/SECRET or BYBIT_API_KEY/SECRET)' },
    { name: 'confirm', value: true, help: 'live only: the traded symbol again, to confirm' },
    { name: 'new-session', value: false, help: 'start a new session instead of resuming an unfinished one of this Play, mode and symbol' },
    {
      name: 'dcp-window',
      value: true,
      help: 'live: Bybit cancels our orders when the private connection is down this many seconds (3..300)',
    },
    { name: 'reconcile-every', value: true, help: 'reconcile with the venue over REST at least every this many seconds (default 300)' },
    { name: 'adopt', value: false, help: 'start although the account holds a position this session did not open' },
    { name: 'tui', value: false, help: 'show the dashboard (docs/dashboard.md) when stdout is a terminal; plain lines otherwise' },
  ],
  async run(ctx) {
    const { args } = ctx;
    if (args.positionals.length !== 1) throw new TradeError('USAGE', `trade run: expected one Play file, got ${args.positionals.length}`);
    const playPath = args.positionals[0] as string;
    let keys: Keys | undefined;
    let tui: TuiSink | undefined;
    const handle = startRun({
      playPath,
      dbPath: ctx.dbPath,
      mode: optionValue(args, 'mode'),
      symbol: optionValue(args, 'symbol'),
      endpoint: optionValue(args, 'endpoint'),
      stateDir: optionValue(args, 'state'),
      until: optionValue(args, 'until'),
      bars: optionValue(args, 'bars'),
      equity: optionValue(args, 'equity'),
      confirm: optionValue(args, 'confirm'),
      keysFile: optionValue(args, 'keys'),
      newSession: args.flags.has('new-session'),
      adopt: args.flags.has('adopt'),
      dcpWindow: optionValue(args, 'dcp-window'),
      reconcileEvery: optionValue(args, 'reconcile-every'),
      env: process.env,
      nowMs: () => Date.now(),
      print: (line) => {
        const text = redact(ctx.json ? JSON.stringify(line) : formatLine(line), keys);
        if (tui?.mounted) tui.line(line, text);
        else ctx.out(text);
      },
    });
    keys = handle.keys;
    const onSignal = () => handle.session.stop('interrupted');
    if (args.flags.has('tui') && ctx.isTty && !ctx.json) {
      drawOnTerminal();
      tui = (await import('../../tui/run-sink')).runDashboard(handle.journalPath, onSignal);
    }
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      await handle.done;
    } finally {
      tui?.unmount();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    return undefined;
  },
};
