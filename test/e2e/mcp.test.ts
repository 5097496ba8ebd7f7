// Issue 20 from dist/trade, through the MCP SDK's own Client over stdio (StdioClientTransport
// spawning `trade mcp`): the tools list (every input schema valid JSON Schema that agrees with the
// zod schema on a good and a bad input), a backtest that matches `trade backtest --json`, the run
// as a resource, a bad argument as isError with VALIDATION and its path, a limit order placed and
// cancelled on `trade emulator` (checked on the emulator's own admin state), shadow mode sending
// nothing, and a live order refused without the opt-ins.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import Ajv from 'ajv';
import { ROOT, type Sandbox, sandbox, TRADE } from './cli-harness';
import { type EmulatorProcess, KEY, SECRET, sampleStore, startEmulatorProcess } from './emulator-process';

const sb: Sandbox = sandbox('trade-e2e-mcp-');
const PLAY = join(ROOT, 'plays/ema-cross.yml');
let db: string;
let emu: EmulatorProcess;
let client: Client;

interface Outcome {
  ok: boolean;
  data?: Record<string, unknown>;
  error?: { code: string; message: string; details: { issues?: { path: string[] }[] } | null };
}

async function call(name: string, args: Record<string, unknown>): Promise<{ isError: boolean; outcome: Outcome }> {
  const r = await client.callTool({ name, arguments: args });
  const text = (r.content as { type: string; text: string }[])[0]?.text ?? '';
  const outcome = JSON.parse(text) as Outcome;
  expect(r.structuredContent).toEqual(outcome as unknown as Record<string, unknown>);
  return { isError: r.isError === true, outcome };
}

beforeAll(async () => {
  db = sampleStore(sb);
  mkdirSync(join(sb.dir, 'state'));
  emu = await startEmulatorProcess(sb, [
    ...['--db', db, '--admin', '--account', `${KEY}:${SECRET}`],
    ...['--symbol', 'BTCUSDT', '--from', '2024-08-05T00:00:00Z', '--to', '2024-08-06T00:00:00Z', '--speed', '0'],
  ]);
  await emu.step(5);
  const env: Record<string, string> = { ...sb.env, BYBIT_DEMO_API_KEY: KEY, BYBIT_DEMO_API_SECRET: SECRET };
  delete env.TRADE_LIVE;
  const transport = new StdioClientTransport({
    command: TRADE[0] as string,
    args: [
      ...TRADE.slice(1),
      'mcp',
      '--db',
      db,
      '--plays',
      join(ROOT, 'plays'),
      '--state',
      join(sb.dir, 'state'),
      '--runs',
      join(sb.dir, 'backtests'),
      '--endpoint',
      emu.urls.rest,
    ],
    env,
    cwd: sb.dir,
    stderr: 'pipe',
  });
  client = new Client({ name: 'trade-e2e', version: '1.0.0' });
  await client.connect(transport);
}, 120_000);

afterAll(async () => {
  await client?.close();
  expect(await emu.stop()).toBe(0);
  sb.cleanup();
}, 60_000);

describe('trade mcp tools', () => {
  test('lists every tool with a valid JSON Schema that agrees with the registry', async () => {
    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThanOrEqual(35);
    const names = tools.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of ['backtest.run', 'data.info', 'order.limit', 'order.cancel', 'session.panic', 'account.balance', 'market.price'])
      expect(names).toContain(n);
    const ajv = new Ajv({ strict: false });
    for (const t of tools) {
      expect(t.name).toMatch(/^[a-z]+\.[a-z_]+$/);
      expect(t.description?.length ?? 0).toBeGreaterThan(10);
      expect(ajv.validateSchema(t.inputSchema)).toBe(true);
      expect(t.inputSchema.type).toBe('object');
      ajv.compile(t.inputSchema);
    }
    const limit = tools.find((t) => t.name === 'order.limit')?.inputSchema as { required: string[]; properties: Record<string, unknown> };
    expect([...limit.required].sort()).toEqual(['price', 'qty', 'side', 'symbol']);
    const validate = ajv.compile(limit);
    expect(validate({ symbol: 'BTCUSDT', side: 'buy', qty: 0.01, price: 50_000 })).toBe(true);
    expect(validate({ symbol: 'BTCUSDT', side: 'up', qty: 0.01, price: 50_000 })).toBe(false);
    expect(validate({ symbol: 'BTCUSDT', side: 'buy', qty: 0.01, price: 50_000, colour: 'red' })).toBe(false);
  });

  test('backtest.run gives the same run as trade backtest, and the run is a resource', async () => {
    const window = { from: '2024-08-05', to: '2024-08-12' };
    const { isError, outcome } = await call('backtest.run', { play: PLAY, db, ...window, out: join(sb.dir, 'backtests') });
    expect(isError).toBe(false);
    const data = outcome.data as { runHash: string; run: string; metrics: Record<string, number>; playId: string; bars1m: number };
    expect(data.playId).toBe('ema-cross');
    expect(data.bars1m).toBe(7 * 1440);
    const cli = sb.run('backtest', PLAY, '--db', db, '--from', window.from, '--to', window.to, '--out', join(sb.dir, 'cli-runs'), '--json');
    expect(cli.code).toBe(0);
    const cliJson = JSON.parse(cli.out) as { hashes: { run_hash: string }; metrics: Record<string, number> };
    expect(data.runHash).toBe(cliJson.hashes.run_hash);
    expect(data.metrics).toEqual(cliJson.metrics);

    const listed = await call('backtest.list', { root: join(sb.dir, 'backtests') });
    expect((listed.outcome.data as { runs: { run_hash: string }[] }).runs.map((r) => r.run_hash)).toEqual([data.runHash]);
    const { resources } = await client.listResources();
    const uri = `trade://backtests/${data.run}`;
    expect(resources.map((r) => r.uri)).toContain(uri);
    expect(resources.map((r) => r.uri)).toContain('trade://plays/ema-cross');
    const read = await client.readResource({ uri });
    const body = JSON.parse((read.contents[0] as { text: string }).text) as { manifest: { run_hash: string } };
    expect(body.manifest.run_hash).toBe(data.runHash);
    const play = await client.readResource({ uri: 'trade://plays/ema-cross' });
    expect(play.contents[0]).toMatchObject({ mimeType: 'application/yaml', text: readFileSync(PLAY, 'utf8') });
  }, 120_000);

  test('a bad argument is isError with VALIDATION and the zod issue path', async () => {
    const bad = await call('order.limit', { symbol: 'BTCUSDT', side: 'buy', qty: 'lots', price: 50_000, endpoint: emu.urls.rest });
    expect(bad.isError).toBe(true);
    expect(bad.outcome.error?.code).toBe('VALIDATION');
    expect(bad.outcome.error?.details?.issues?.map((i) => i.path)).toEqual([['qty']]);
    expect(bad.outcome.error?.message).toContain('qty:');
    const unknown = await call('order.teleport', {});
    expect(unknown.isError).toBe(true);
    expect(unknown.outcome.error?.code).toBe('USAGE');
    const missing = await call('backtest.show', { run: 'fedcba', root: join(sb.dir, 'backtests') });
    expect(missing.isError).toBe(true);
    expect(missing.outcome.error?.code).toBe('RUN_UNKNOWN');
  });
});

describe('trade mcp orders on trade emulator', () => {
  const orders = async () => (await emu.state()).accounts.find((a) => a.key === KEY)?.orders ?? [];

  test('places and cancels a limit order', async () => {
    const price = await call('market.price', { symbol: 'BTCUSDT', endpoint: emu.urls.rest });
    expect(price.outcome.error).toBeUndefined();
    const last = (price.outcome.data as { price: number }).price;
    expect(last).toBeGreaterThan(1000);
    const limit = Math.round(last * 0.97 * 10) / 10;
    const placed = await call('order.limit', {
      endpoint: emu.urls.rest,
      symbol: 'BTCUSDT',
      side: 'buy',
      qty: 0.01,
      price: limit,
      clientId: 'mcp-e2e-limit-1',
    });
    expect(placed.outcome.error).toBeUndefined();
    const data = placed.outcome.data as { sent: boolean; mode: string; orderId: string; request: Record<string, unknown> };
    expect(data.sent).toBe(true);
    expect(data.mode).toBe('demo');
    expect(data.orderId.length).toBeGreaterThan(0);
    expect(data.request).toMatchObject({
      orderType: 'Limit',
      side: 'Buy',
      qty: '0.010',
      price: limit.toFixed(1),
      orderLinkId: 'mcp-e2e-limit-1',
    });
    expect((await orders()).find((o) => o.orderLinkId === 'mcp-e2e-limit-1')?.orderStatus).toBe('New');
    const open = await call('account.open_orders', { endpoint: emu.urls.rest, symbol: 'BTCUSDT' });
    expect((open.outcome.data as { orders: { orderLinkId: string }[] }).orders.map((o) => o.orderLinkId)).toContain('mcp-e2e-limit-1');

    const cancelled = await call('order.cancel', { endpoint: emu.urls.rest, symbol: 'BTCUSDT', clientId: 'mcp-e2e-limit-1' });
    expect(cancelled.isError).toBe(false);
    expect((cancelled.outcome.data as { result: { orderId: string } }).result.orderId).toBe(data.orderId);
    expect((await orders()).find((o) => o.orderLinkId === 'mcp-e2e-limit-1')?.orderStatus).toBe('Cancelled');
    const after = await call('account.open_orders', { endpoint: emu.urls.rest, symbol: 'BTCUSDT' });
    expect((after.outcome.data as { orders: { orderLinkId: string }[] }).orders.map((o) => o.orderLinkId)).not.toContain('mcp-e2e-limit-1');
  });

  test('leverage, a market order with TP/SL, a reduce-only stop amended and cancelled, then the position closed', async () => {
    // No endpoint in the calls: the server's --endpoint (the emulator) is the default.
    const ex = { symbol: 'BTCUSDT' };
    const lev = await call('position.set_leverage', { ...ex, leverage: 5 });
    expect(lev.outcome.error).toBeUndefined();
    expect((lev.outcome.data as { result: { changed: boolean } }).result.changed).toBe(true);
    const tooHigh = await call('position.set_leverage', { ...ex, leverage: 500 });
    expect(tooHigh.outcome.error?.code).toBe('VALIDATION');

    const last = ((await call('market.price', ex)).outcome.data as { price: number }).price;
    const tick = (x: number) => Math.round(x * 10) / 10;
    const placed = await call('order.market', {
      ...ex,
      side: 'buy',
      qty: 0.01,
      takeProfit: tick(last * 1.2),
      stopLoss: tick(last * 0.8),
      clientId: 'mcp-e2e-mkt',
    });
    expect(placed.outcome.error).toBeUndefined();
    expect((placed.outcome.data as { request: Record<string, unknown> }).request).toMatchObject({
      orderType: 'Market',
      timeInForce: 'IOC',
      takeProfit: tick(last * 1.2).toFixed(1),
      stopLoss: tick(last * 0.8).toFixed(1),
    });
    await emu.step(1);
    const pos = (await call('account.positions', ex)).outcome.data as { positions: Record<string, string>[] };
    expect(pos.positions[0]).toMatchObject({ symbol: 'BTCUSDT', side: 'Buy', size: '0.01', leverage: '5' });
    const fills = (await call('account.fills', ex)).outcome.data as { fills: Record<string, string>[] };
    expect(fills.fills.filter((f) => f.orderLinkId === 'mcp-e2e-mkt').map((f) => [f.execType, f.execQty])).toEqual([['Trade', '0.01']]);

    const stop = await call('order.stop', {
      ...ex,
      side: 'sell',
      qty: 0.01,
      triggerPrice: tick(last * 0.9),
      reduceOnly: true,
      clientId: 'mcp-e2e-stop',
    });
    expect(stop.outcome.error).toBeUndefined();
    expect((stop.outcome.data as { request: Record<string, unknown> }).request).toMatchObject({
      triggerPrice: tick(last * 0.9).toFixed(1),
      triggerDirection: 2,
    });
    const amended = await call('order.amend', { ...ex, clientId: 'mcp-e2e-stop', triggerPrice: tick(last * 0.85) });
    expect(amended.outcome.error).toBeUndefined();
    const open = (await call('account.open_orders', ex)).outcome.data as { orders: Record<string, string>[] };
    expect(open.orders.find((o) => o.orderLinkId === 'mcp-e2e-stop')?.triggerPrice).toBe(tick(last * 0.85).toFixed(1));
    const all = await call('order.cancel_all', ex);
    expect(all.outcome.error).toBeUndefined();
    expect((await call('account.open_orders', ex)).outcome.data).toEqual({ orders: [] });

    const closed = await call('position.close', ex);
    expect(closed.outcome.error).toBeUndefined();
    expect(closed.outcome.data).toMatchObject({
      sent: true,
      closed: true,
      closedSize: 0.01,
      request: { side: 'Sell', reduceOnly: true, qty: '0.010' },
    });
    await emu.step(1);
    const flat = (await call('account.positions', ex)).outcome.data as { positions: Record<string, string>[] };
    expect(flat.positions[0]?.size).toBe('0');
    const pnl = (await call('account.closed_pnl', ex)).outcome.data as { closedPnl: Record<string, string>[] };
    expect(pnl.closedPnl.length).toBe(1);
    const again = await call('position.close', ex);
    expect(again.outcome.data).toMatchObject({ sent: false, closed: false });
    const bal = (await call('account.balance', {})).outcome.data as { figures: { walletUsdt: number } };
    expect(bal.figures.walletUsdt).toBeCloseTo(10_000 + Number(pnl.closedPnl[0]?.closedPnl), 6);
  });

  test('an order off the qty step is refused before anything is sent', async () => {
    const before = (await orders()).length;
    const r = await call('order.limit', { endpoint: emu.urls.rest, symbol: 'BTCUSDT', side: 'buy', qty: 0.0105, price: 50_000 });
    expect(r.isError).toBe(true);
    expect(r.outcome.error?.code).toBe('VALIDATION');
    expect(r.outcome.error?.message).toContain('qty step 0.001');
    expect((await orders()).length).toBe(before);
  });

  test('shadow mode shows the request and sends nothing', async () => {
    const before = (await orders()).length;
    const r = await call('order.limit', {
      mode: 'shadow',
      endpoint: emu.urls.rest,
      symbol: 'BTCUSDT',
      side: 'sell',
      qty: 0.002,
      price: 90_000,
      clientId: 'mcp-e2e-shadow',
    });
    expect(r.isError).toBe(false);
    expect(r.outcome.data).toMatchObject({ mode: 'shadow', sent: false, request: { side: 'Sell', qty: '0.002', price: '90000.0' } });
    expect((await orders()).length).toBe(before);
  });

  test('a live order without the opt-ins is refused and nothing reaches the exchange', async () => {
    const before = (await orders()).length;
    const base = { endpoint: emu.urls.rest, symbol: 'BTCUSDT', side: 'buy', qty: 0.01, price: 50_000 };
    for (const args of [
      { ...base, mode: 'live' },
      { ...base, mode: 'live', confirm: 'BTCUSDT' },
    ]) {
      const r = await call('order.limit', args);
      expect(r.isError).toBe(true);
      expect(r.outcome.error?.code).toBe('USAGE');
      expect(r.outcome.error?.message).toContain('TRADE_LIVE=yes');
    }
    expect((await orders()).length).toBe(before);
  });
});

describe('trade mcp sessions', () => {
  test('a shadow session of trade run is listed, shown and a resource; halting it once stopped is refused', async () => {
    const live = await startEmulatorProcess(sb, [
      ...['--db', db, '--account', `${KEY}:${SECRET}`, '--decision-ms', '20'],
      ...['--symbol', 'BTCUSDT', '--from', '2024-08-05T13:40:00Z', '--to', '2024-08-05T21:00:00Z', '--speed', '2'],
    ]);
    try {
      const run = Bun.spawn(
        [
          ...TRADE,
          'run',
          PLAY,
          '--mode',
          'shadow',
          '--endpoint',
          live.urls.rest,
          '--state',
          join(sb.dir, 'state'),
          '--bars',
          '2',
          '--json',
        ],
        { cwd: sb.dir, stdout: 'pipe', stderr: 'pipe', env: { ...sb.env, TRADE_DB: join(sb.dir, 'run-shadow.duckdb') } },
      );
      const code = await Promise.race([run.exited, Bun.sleep(90_000).then(() => 'timeout')]);
      expect({ code, err: await new Response(run.stderr).text() }).toEqual({ code: 0, err: '' });
    } finally {
      await live.stop();
    }
    const listed = await call('session.list', {});
    expect(listed.outcome.error).toBeUndefined();
    const sessions = (
      listed.outcome.data as { sessions: { ok: boolean; session: { id: string; mode: string; state: string; liveBars: number } }[] }
    ).sessions;
    expect(sessions.map((s) => [s.ok, s.session.mode, s.session.state, s.session.liveBars])).toEqual([[true, 'shadow', 'stopped', 2]]);
    const id = sessions[0]?.session.id as string;
    const shown = await call('session.show', { session: id.slice(0, 12) });
    expect((shown.outcome.data as { id: string }).id).toBe(id);
    const uri = `trade://sessions/${encodeURIComponent(id)}`;
    expect((await client.listResources()).resources.map((r) => r.uri)).toContain(uri);
    const read = await client.readResource({ uri });
    expect((JSON.parse((read.contents[0] as { text: string }).text) as { id: string }).id).toBe(id);
    const halt = await call('session.halt', { session: id });
    expect(halt.isError).toBe(true);
    expect(halt.outcome.error?.code).toBe('USAGE');
    expect(halt.outcome.error?.message).toContain('is not running');
  }, 120_000);
});
