// `trade sessions` lists the session journals under --state (default state/), newest first;
// `trade session show <id>` prints one in full (window, snapshot check, decisions that acted,
// orders with their outcome, fills). Both read the journals without writing (tools session.list
// and session.show); --json prints the tool's result as one object (times as epoch ms), text
// prints times as --ts says.
import { TradeError } from '../../errors';
import {
  type FillRow,
  formatTs,
  type OrderOutcome,
  type SessionDetail,
  type SessionListEntry,
  type SessionSummary,
  type SessionsListResult,
  type TsFormat,
  tsFormatInput,
} from '../../tools';
import { optionValue } from '../args';
import type { Command } from '../command';
import { table } from '../output';
import { callCommandTool } from '../tool-call';

const STATE_OPTION = { name: 'state', value: true, help: 'folder of the session journals (default state/)' } as const;

const usd = (v: number) => v.toFixed(2);
const when = (tsMs: number | null, ts: TsFormat) => (tsMs === null ? '-' : String(formatTs(tsMs, ts)));

function stateText(s: SessionSummary): string {
  if (s.state === 'stopped') return `stopped (${s.stopReason})`;
  if (s.state === 'running') return `running (pid ${s.pids.join(', ')})`;
  if (s.state === 'unclean') return 'unclean (no stop record, not open)';
  return 'unknown (no stop record)';
}

const positionText = (s: SessionSummary) => (s.position.side === 'flat' ? 'flat' : `${s.position.side} ${s.position.qty}`);

function listText(stateDir: string, entries: readonly SessionListEntry[], ts: TsFormat): string {
  if (entries.length === 0) return `no session journals under ${stateDir}`;
  const rows = entries.map((e) => {
    if (!e.ok) return [e.id, '-', '-', '-', 'unreadable (below)'];
    const s = e.session;
    return [
      s.id,
      s.play,
      s.mode ?? '-',
      s.symbol ?? '-',
      stateText(s),
      when(s.startMs, ts),
      when(s.lastBarMs, ts),
      positionText(s),
      usd(s.pnlUsdt),
      String(s.decisions),
      String(s.orders),
      String(s.fills),
    ];
  });
  const header = [
    'session',
    'play',
    'mode',
    'symbol',
    'state',
    'started',
    'last bar',
    'position',
    'pnl USDT',
    'decisions',
    'orders',
    'fills',
  ];
  const unreadable = entries.flatMap((e) => (e.ok ? [] : [`unreadable ${e.id}: ${e.error}`]));
  return [table(header, rows), ...unreadable].join('\n');
}

export const sessionsCommand: Command = {
  path: ['sessions'],
  usage: 'trade sessions [--state DIR] [--json] [--ts iso|ms]',
  summary: 'list the trade run session journals: state, window, position, realised PnL, counts',
  options: [STATE_OPTION],
  async run(ctx) {
    if (ctx.args.positionals.length > 0)
      throw new TradeError('USAGE', `trade sessions: takes no arguments (got '${ctx.args.positionals[0]}'); see trade session show <id>`);
    const ts = tsFormatInput(optionValue(ctx.args, 'ts'));
    const r = await callCommandTool<SessionsListResult>(ctx, 'sessions', { state: optionValue(ctx.args, 'state') });
    return { json: r, text: listText(r.stateDir, r.sessions, ts) };
  },
};

function orderOutcomeText(o: OrderOutcome): string {
  if (o.status === 'rejected') return `rejected ${o.rejectCode ?? ''} ${o.reason ?? ''}`.trim();
  if (o.status === 'filled') return `filled ${o.filledQty} @ ${o.avgPrice}`;
  if (o.status === 'partially_filled') return `filled ${o.filledQty} @ ${o.avgPrice}, then ${o.reason ?? 'cancelled'}`;
  if (o.status === 'cancelled' || o.status === 'expired') return o.reason ? `${o.status} (${o.reason})` : o.status;
  if (o.status === 'sent') return 'sent, no answer journaled';
  return o.status;
}

function ordersText(orders: readonly OrderOutcome[], ts: TsFormat): string {
  if (orders.length === 0) return 'orders: none';
  const rows = orders.map((o) => [
    when(o.sentMs, ts),
    o.clientId,
    `${o.side} ${o.type}${o.reduceOnly ? ' reduce-only' : ''}`,
    String(o.qty),
    o.price === null ? '-' : String(o.price),
    o.timeInForce ?? '-',
    orderOutcomeText(o),
  ]);
  return `orders:\n${table(['sent', 'order', 'side', 'qty', 'price', 'tif', 'outcome'], rows)}`;
}

function fillsText(fills: readonly FillRow[], ts: TsFormat): string {
  if (fills.length === 0) return 'fills: none';
  const rows = fills.map((f) => [
    when(f.tsMs, ts),
    f.clientId || `(${f.source})`,
    f.side,
    String(f.qty),
    String(f.price),
    String(f.feeUsdt),
    String(f.realisedPnlUsdt),
  ]);
  return `fills:\n${table(['time', 'order', 'side', 'qty', 'price', 'fee USDT', 'realised USDT'], rows)}`;
}

function detailText(d: SessionDetail, ts: TsFormat): string {
  const snap = d.snapshot;
  const snapText = !snap
    ? 'none'
    : snap.digestOk
      ? `${when(snap.barCloseMs, ts)} digest ${snap.digest} (verified)`
      : `${when(snap.barCloseMs, ts)} digest MISMATCH: stored ${snap.digest}, content hashes to ${snap.computedDigest}`;
  const acted =
    d.actedDecisions.length === 0
      ? 'decisions that acted: none'
      : `decisions that acted (last ${d.actedDecisions.length}):\n${table(
          ['seq', 'bar', 'action', 'case', 'orders'],
          d.actedDecisions.map((x) => [
            String(x.seq),
            when(x.tsMs, ts),
            x.action,
            x.caseIndex === null ? '-' : `${x.caseIndex}${x.tag ? ` (${x.tag})` : ''}`,
            x.orders.join(' ') || '-',
          ]),
        )}`;
  const lines = [
    `session ${d.id}`,
    `journal ${d.path} (schema ${d.schemaVersion})`,
    `play ${d.play}, mode ${d.mode ?? '-'}, symbol ${d.symbol ?? '-'}, order id prefix ${d.runId ?? '-'}`,
    `state ${stateText(d)}`,
    `window warm start ${when(d.warmStartMs, ts)}, first live bar ${when(d.startMs, ts)}, last bar ${when(d.lastBarMs, ts)} (${d.liveBars} live bars)`,
    `position ${positionText(d)}`,
    `realised PnL ${usd(d.pnlUsdt)} USDT (gross ${d.grossRealisedUsdt}, fees ${d.feesUsdt}, funding paid ${d.fundingPaidUsdt})`,
    `counts ${d.decisions} decisions, ${d.orders} orders, ${d.fills} fills`,
    `snapshot ${snapText}`,
    acted,
    ordersText(d.orderList, ts),
    fillsText(d.fillList, ts),
  ];
  return lines.join('\n');
}

export const sessionShowCommand: Command = {
  path: ['session', 'show'],
  usage: 'trade session show <id|prefix|journal.sqlite> [--state DIR] [--json] [--ts iso|ms]',
  summary: 'one trade run session in full: window, snapshot check, decisions that acted, orders and outcomes, fills',
  options: [STATE_OPTION],
  async run(ctx) {
    const [ref, ...extra] = ctx.args.positionals;
    if (ref === undefined || extra.length > 0)
      throw new TradeError(
        'USAGE',
        `trade session show: expected one session id, prefix or journal path, got ${ctx.args.positionals.length}; trade sessions lists them`,
      );
    const ts = tsFormatInput(optionValue(ctx.args, 'ts'));
    const d = await callCommandTool<SessionDetail>(ctx, 'session show', { session: ref, state: optionValue(ctx.args, 'state') });
    // A snapshot that fails its digest is a finding: printed, and the exit code says so.
    return { json: d, text: detailText(d, ts), exitCode: d.snapshot && !d.snapshot.digestOk ? 1 : 0 };
  },
};
