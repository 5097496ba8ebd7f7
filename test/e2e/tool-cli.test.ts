// Issue 20's direct use from dist/trade: `trade tools [name] [--json]` lists the registry with its
// schemas; `trade tool <name> '<json>'` (or --input FILE) prints the ToolOutcome, bad input exit 2
// with the zod path on one stderr line; the other commands reach the same tools (input a tool's
// schema refuses is their usual one-line error); `trade mcp` writes nothing but JSON-RPC on stdout
// and ends when its stdin closes.
import { afterAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { type Sandbox, sandbox, TRADE } from './cli-harness';

const sb: Sandbox = sandbox('trade-e2e-tool-');
afterAll(() => sb.cleanup());

describe('trade tools', () => {
  test('--json lists every tool with its input schema', () => {
    const r = sb.run('tools', '--json');
    expect(r.code).toBe(0);
    const { tools } = JSON.parse(r.out) as { tools: { name: string; group: string; inputSchema: { type: string } }[] };
    expect(tools.length).toBeGreaterThanOrEqual(35);
    expect(tools.every((t) => t.inputSchema.type === 'object')).toBe(true);
    const text = sb.run('tools');
    expect(text.code).toBe(0);
    expect(text.out).toContain(`${tools.length} tools;`);
    for (const t of tools) expect(text.out).toContain(t.name);
  });

  test('one tool: its schema; an unknown name is exit 2', () => {
    const r = sb.run('tools', 'order.cancel', '--json');
    expect(r.code).toBe(0);
    const one = JSON.parse(r.out) as { name: string; mutates: boolean; inputSchema: { required: string[] } };
    expect(one).toMatchObject({ name: 'order.cancel', mutates: true });
    expect(one.inputSchema.required).toEqual(['symbol']);
    const bad = sb.run('tools', 'order.teleport');
    expect(bad.code).toBe(2);
    const count = (JSON.parse(sb.run('tools', '--json').out) as { tools: unknown[] }).tools.length;
    expect(bad.err).toBe(`✖ unknown tool 'order.teleport' (trade tools lists the ${count} tools)\n`);
  });
});

describe('trade tool', () => {
  test('bad input: exit 2, the outcome on stdout, one line naming the path on stderr', () => {
    const r = sb.run('tool', 'order.limit', '{"symbol":"BTCUSDT","side":"buy","qty":"x","price":50000}', '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'order.limit: qty: Invalid input: expected number, received string',
        details: { issues: [{ path: ['qty'], code: 'invalid_type', message: 'Invalid input: expected number, received string' }] },
      },
    });
    expect(r.err).toBe('✖ order.limit: qty: Invalid input: expected number, received string\n');
  });

  test('input that is not JSON, or two inputs, is exit 2 with one line', () => {
    const r = sb.run('tool', 'data.info', '{symbol:');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^✖ trade tool data.info: the input is not JSON \(.+\); expected an object like/);
    expect(r.err.trim().split('\n').length).toBe(1);
    const file = sb.file('in.json', '{}');
    const both = sb.run('tool', 'data.info', '{}', '--input', file);
    expect(both.code).toBe(2);
    expect(both.err).toContain('not both');
  });

  test('--input FILE imports the sample; the store then reports it', () => {
    const db = join(sb.dir, 'tool.duckdb');
    const imported = sb.run('tool', 'data.import', '--input', sb.file('import.json', '{"sample":true}'), '--db', db, '--json');
    expect(imported.code).toBe(0);
    const out = JSON.parse(imported.out) as { ok: boolean; data: { rowsAdded: number; files: { rowsAdded: number }[] } };
    expect(out.ok).toBe(true);
    const cli = sb.run('data', 'import', '--sample', '--db', join(sb.dir, 'cli.duckdb'), '--json');
    expect(cli.code).toBe(0);
    expect(out.data.rowsAdded).toBe((JSON.parse(cli.out) as { rowsAdded: number }).rowsAdded);
    expect(out.data.rowsAdded).toBeGreaterThan(31 * 1440 - 1);
    const cov = sb.run('tool', 'data.coverage', '{}', '--db', db, '--json');
    expect(cov.code).toBe(0);
    const symbols = (JSON.parse(cov.out) as { data: { symbols: { symbol: string }[] } }).data.symbols;
    expect(symbols.map((s) => s.symbol)).toEqual(['BTCUSDT']);

    const window = { symbol: 'BTCUSDT', tf: '1h', from: '2024-08-05T00:00:00Z', to: '2024-08-06T00:00:00Z' };
    const input = JSON.stringify({ name: 'ema', ...window, params: { length: 9 } });
    const viaTool = sb.run('tool', 'indicator.compute', input, '--db', db, '--json');
    expect(viaTool.code).toBe(0);
    const direct = sb.run(
      'indicator',
      'ema',
      ...Object.entries(window).flatMap(([k, v]) => [`--${k}`, v]),
      '--param',
      'length=9',
      '--format',
      'json',
      '--db',
      db,
    );
    expect(direct.code).toBe(0);
    const toolRows = (JSON.parse(viaTool.out) as { data: { rows: { ts: string; value: number }[]; omitted: number } }).data;
    expect(toolRows.omitted).toBe(0);
    expect(toolRows.rows.length).toBe(24);
    expect(toolRows.rows).toEqual((JSON.parse(direct.out) as { rows: unknown[] }).rows as { ts: string; value: number }[]);
  }, 60_000);
});

describe('commands call their tools', () => {
  test("input the tool's schema refuses: the usual one-line error, exit 2; with --json the error object", () => {
    const message = 'session.show: session: Too small: expected string to have >=1 characters';
    const r = sb.run('session', 'show', '');
    expect([r.code, r.out, r.err]).toEqual([2, '', `✖ ${message}\n`]);
    const j = sb.run('session', 'show', '', '--json');
    expect([j.code, j.err, JSON.parse(j.out)]).toEqual([2, '', { ok: false, error: { code: 'VALIDATION', message } }]);
  });

  test('a command prints the data its tool returns', () => {
    const db = join(sb.dir, 'same.duckdb');
    const cli = sb.run('data', 'info', '--db', db, '--json');
    const tool = sb.run('tool', 'data.info', '{}', '--db', db, '--json');
    expect([cli.code, tool.code]).toEqual([0, 0]);
    expect(JSON.parse(tool.out)).toEqual({ ok: true, data: JSON.parse(cli.out) });
  });
});

describe('trade mcp', () => {
  test('stdout is JSON-RPC only; stdin closing ends it with exit 0', async () => {
    const proc = Bun.spawn([...TRADE, 'mcp', '--db', join(sb.dir, 'mcp.duckdb')], {
      cwd: sb.dir,
      env: sb.env,
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
    });
    const send = (m: unknown) => proc.stdin.write(`${JSON.stringify(m)}\n`);
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'indicator.describe', arguments: { name: 'rsi' } } });
    await proc.stdin.flush();
    const reader = proc.stdout.getReader();
    let text = '';
    while (text.split('\n').filter((l) => l !== '').length < 3) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    proc.stdin.end();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(await proc.exited).toBe(0);
    const lines = text.split('\n').filter((l) => l !== '');
    const msgs = lines.map((l) => JSON.parse(l) as { jsonrpc: string; id: number; result: Record<string, unknown> });
    expect(msgs.map((m) => [m.jsonrpc, m.id])).toEqual([
      ['2.0', 1],
      ['2.0', 2],
      ['2.0', 3],
    ]);
    expect((msgs[0]?.result.serverInfo as { name: string }).name).toBe('trade');
    expect((msgs[1]?.result.tools as unknown[]).length).toBeGreaterThanOrEqual(35);
    expect(msgs[2]?.result.isError).toBe(false);
    expect((msgs[2]?.result.structuredContent as { data: { name: string } }).data.name).toBe('rsi');
    expect(await new Response(proc.stderr).text()).toContain('tools on stdio');
  });
});
