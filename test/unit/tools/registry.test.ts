// The tool registry in-process: names, groups and schemas of every tool; input validation naming
// the zod path; errors keeping their codes; the live opt-ins (each missing one refused before any
// key or request) and the kill switch of a named session (refused before any request).
import { afterAll, describe, expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TradeError } from '../../../src/errors';
import { sendControl } from '../../../src/state';
import { readKillSwitch } from '../../../src/state/kill-switch';
import { callTool, findTool, TOOLS, type ToolContext, thrownBy, toolJsonSchema, toolListing } from '../../../src/tools/registry';
import { tail } from '../../../src/tools/registry/fields';

const dir = mkdtempSync(join(tmpdir(), 'trade-registry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Nothing listens on port 1: a tool that reached the network would fail with a VENUE code, not the one asserted. */
const DEAD = 'http://127.0.0.1:1';
const ctx = (env: Record<string, string | undefined> = {}): ToolContext => ({
  dbPath: join(dir, 'none.duckdb'),
  env,
  nowMs: () => Date.UTC(2024, 7, 5),
  log: () => {},
});
const LIMIT = { endpoint: DEAD, symbol: 'BTCUSDT', side: 'buy', qty: 0.01, price: 50_000 };

describe('registry', () => {
  test('at least 35 tools, unique dotted names, every group of the issue', () => {
    expect(TOOLS.length).toBeGreaterThanOrEqual(35);
    const names = TOOLS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z]+\.[a-z_]+$/);
    const groups = new Set(TOOLS.map((t) => t.group));
    expect([...groups].sort()).toEqual(['account', 'backtest', 'data', 'market', 'order', 'play', 'series', 'session']);
    for (const n of [
      ...['data.info', 'data.import', 'data.sync', 'data.coverage', 'data.gaps', 'data.candles', 'data.instruments'],
      ...['indicator.list', 'indicator.describe', 'indicator.compute', 'structure.list', 'structure.compute'],
      ...['play.validate', 'play.list', 'play.describe', 'backtest.run', 'backtest.list', 'backtest.show', 'backtest.trades'],
      ...['session.list', 'session.show', 'session.panic', 'session.halt', 'session.resume'],
      ...['account.balance', 'account.positions', 'account.open_orders', 'account.fills', 'account.closed_pnl'],
      ...['order.market', 'order.limit', 'order.stop', 'order.stop_limit', 'order.amend', 'order.cancel', 'order.cancel_all'],
      ...['position.close', 'position.set_leverage', 'position.set_tpsl', 'position.set_trailing_stop'],
      ...['market.price', 'market.ohlcv', 'market.funding_rate'],
    ])
      expect(names).toContain(n);
  });

  test('every input schema is a draft-07 object schema; one line descriptions', () => {
    for (const t of toolListing()) {
      expect(t.inputSchema.$schema).toBe('http://json-schema.org/draft-07/schema#');
      expect(t.inputSchema.type).toBe('object');
      expect(t.inputSchema.additionalProperties).toBe(false);
      expect(t.description).not.toContain('\n');
    }
    const stop = toolJsonSchema(findTool('order.stop')) as { required: string[]; properties: Record<string, { enum?: string[] }> };
    expect([...stop.required].sort()).toEqual(['qty', 'side', 'symbol', 'triggerPrice']);
    expect(stop.properties.mode?.enum).toEqual(['shadow', 'demo', 'live']);
  });

  test('bad input is VALIDATION naming each path; unknown keys too', async () => {
    const r = await callTool(findTool('order.limit'), { symbol: 'BTCUSDT', side: 'long', qty: -1, price: 50_000, colour: 1 }, ctx());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    const paths = (r.error.details?.issues as { path: string[] }[]).map((i) => i.path.join('.'));
    expect(paths.sort()).toEqual(['', 'qty', 'side']);
    expect(r.error.message).toMatch(/^order\.limit: /);
    expect(r.error.message).toContain('side: ');
    expect(r.error.message).toContain('(input): Unrecognized key: "colour"');
  });

  test('a TradeError keeps its code and message; findTool refuses unknown names', async () => {
    const r = await callTool(findTool('backtest.show'), { run: 'zz-not-hex', root: dir }, ctx());
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'RUN_UNKNOWN',
        message: "run 'zz-not-hex': not a run directory (no manifest.json) and not a run_hash prefix (hex)",
        details: { ref: 'zz-not-hex' },
      },
    });
    expect(() => findTool('order.teleport')).toThrow("unknown tool 'order.teleport'");
  });

  test('a failed outcome keeps what the run threw (thrownBy); refused input threw nothing', async () => {
    const r = await callTool(findTool('backtest.show'), { run: 'zz-not-hex', root: dir }, ctx());
    if (r.ok) throw new Error('expected a failure');
    const thrown = thrownBy(r.error);
    expect(thrown).toBeInstanceOf(TradeError);
    expect([(thrown as TradeError).code, (thrown as TradeError).message]).toEqual([r.error.code, r.error.message]);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    const refused = await callTool(findTool('backtest.show'), { run: '' }, ctx());
    expect(!refused.ok && thrownBy(refused.error)).toBeUndefined();
  });

  test('limit cuts to the newest rows unless the caller takes every row (ctx.allRows, the CLI)', () => {
    const rows = [1, 2, 3, 4, 5];
    expect(tail(rows, 2, {})).toEqual({ rows: [4, 5], omitted: 3 });
    expect(tail(rows, 2, { allRows: true })).toEqual({ rows, omitted: 0 });
    expect(tail(rows, 9, {})).toEqual({ rows, omitted: 0 });
  });

  test('indicator.describe and play.list answer from the registry and the folder', async () => {
    const ema = await callTool(findTool('indicator.describe'), { name: 'ema' }, ctx());
    expect(ema.ok && (ema.data as { name: string; outputs: string[] })).toMatchObject({ name: 'ema', outputs: ['value'] });
    const plays = await callTool(findTool('play.list'), { dir: join(import.meta.dir, '../../../plays') }, ctx());
    expect(plays.ok && (plays.data as { plays: { id: string; ok: boolean }[] }).plays.find((p) => p.id === 'ema-cross')?.ok).toBe(true);
    const described = await callTool(findTool('play.describe'), { path: join(import.meta.dir, '../../../plays/ema-cross.yml') }, ctx());
    expect(described.ok && described.data).toMatchObject({
      id: 'ema-cross',
      timeframes: { exec: '15m' },
      warmup: { minutes1m: 1485, text: 'needs 1485 1m bars (1 d 45 min) of history before the first tradable bar' },
      actions: {
        entries: {
          match: 'first',
          cases: [
            { emit: 'enter_long', tag: 'golden' },
            { emit: 'enter_short', tag: 'death' },
          ],
        },
      },
    });
  });
});

describe('live opt-ins (the three of trade run)', () => {
  const refused = async (args: Record<string, unknown>, env: Record<string, string | undefined>) => {
    const r = await callTool(findTool('order.limit'), { ...LIMIT, ...args }, ctx(env));
    if (r.ok) throw new Error('expected a refusal');
    return r.error;
  };

  test('each missing opt-in is its own USAGE line, before keys or any request', async () => {
    expect(await refused({ mode: 'live', confirm: 'BTCUSDT' }, {})).toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('TRADE_LIVE=yes'),
    });
    expect(await refused({ mode: 'live' }, { TRADE_LIVE: 'yes' })).toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('--confirm BTCUSDT'),
    });
    expect(await refused({ mode: 'live', confirm: 'ETHUSDT' }, { TRADE_LIVE: 'yes' })).toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining("'ETHUSDT' does not match the traded symbol BTCUSDT"),
    });
    // All three given: the next thing checked is the live key, still before any request.
    expect(await refused({ mode: 'live', confirm: 'BTCUSDT' }, { TRADE_LIVE: 'yes' })).toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('BYBIT_API_KEY'),
    });
    expect(await refused({}, {})).toMatchObject({ code: 'USAGE', message: expect.stringContaining('BYBIT_DEMO_API_KEY') });
    const amend = await callTool(
      findTool('order.amend'),
      { endpoint: DEAD, symbol: 'BTCUSDT', clientId: 'x', stopLoss: 1, mode: 'live' },
      ctx(),
    );
    expect(!amend.ok && amend.error.message).toContain('TRADE_LIVE=yes');
    for (const name of ['order.cancel', 'order.cancel_all', 'position.close', 'position.set_leverage']) {
      const input = { endpoint: DEAD, symbol: 'BTCUSDT', ...(name === 'position.set_leverage' ? { leverage: 2 } : {}) };
      const r = await callTool(findTool(name), input, ctx());
      expect(!r.ok && r.error).toMatchObject({ code: 'USAGE', message: expect.stringContaining('BYBIT_DEMO_API_KEY') });
    }
  });

  test('a live account read needs TRADE_LIVE=yes; shadow has no account', async () => {
    const live = await callTool(
      findTool('account.balance'),
      { mode: 'live', endpoint: DEAD },
      ctx({ BYBIT_API_KEY: 'k', BYBIT_API_SECRET: 's' }),
    );
    expect(!live.ok && live.error.message).toContain('TRADE_LIVE=yes');
    const shadow = await callTool(findTool('account.positions'), { mode: 'shadow' }, ctx());
    expect(!shadow.ok && shadow.error.message).toContain('mode shadow sends nothing');
  });
});

describe('kill switch', () => {
  const journal = join(dir, 'state', 'p', 'p-demo-20240805T000000Z.sqlite');
  mkdirSync(join(dir, 'state', 'p'), { recursive: true });
  writeFileSync(journal, '');

  test('a halted or panicked session refuses opening orders and leverage; resume lifts it', async () => {
    expect(readKillSwitch(journal)).toEqual({ halted: false, last: null });
    sendControl(journal, 'halt', Date.UTC(2024, 7, 5, 1));
    const env = { BYBIT_DEMO_API_KEY: 'k', BYBIT_DEMO_API_SECRET: 's' };
    const r = await callTool(findTool('order.limit'), { ...LIMIT, session: journal }, ctx(env));
    expect(!r.ok && r.error).toMatchObject({
      code: 'STATE',
      message: expect.stringContaining('is halted (halt at 2024-08-05T01:00:00.000Z)'),
    });
    sendControl(journal, 'panic', Date.UTC(2024, 7, 5, 2));
    const lev = await callTool(
      findTool('position.set_leverage'),
      { endpoint: DEAD, symbol: 'BTCUSDT', leverage: 5, session: 'p-demo', state: join(dir, 'state') },
      ctx(env),
    );
    expect(!lev.ok && lev.error).toMatchObject({ code: 'STATE', message: expect.stringContaining('is panicked') });
    sendControl(journal, 'resume', Date.UTC(2024, 7, 5, 3));
    expect(readKillSwitch(journal)).toEqual({ halted: false, last: { command: 'resume', tsMs: Date.UTC(2024, 7, 5, 3) } });
  });
});
