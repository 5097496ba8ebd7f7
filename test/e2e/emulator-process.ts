// The `trade emulator` process for the e2e tests: spawned through the harness's TRADE (dist/trade
// when built), its first stdout line parsed as the four URLs, and the admin endpoints, the stored
// bars and the signing done against those URLs (no in-process emulator). Stores come from the CLI
// (`trade data import`), the reference bars from the bundled sample file itself, the signatures
// from node:crypto, so nothing here reuses the emulator's own code.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Subprocess } from 'bun';
import { RestClientV5 } from 'bybit-api';
import { ROOT, type Sandbox, TRADE } from './cli-harness';

export const KEY = 'e2e-key';
export const SECRET = 'e2e-secret';
export const L = { category: 'linear' as const, symbol: 'BTCUSDT' };
/** 2024-08-05 00:00 UTC, a day of the bundled sample. */
export const DAY_MS = Date.UTC(2024, 7, 5);
export const SILENT = { trace: () => {}, info: () => {}, error: () => {} };

export interface Urls {
  rest: string;
  ws_public: string;
  ws_private: string;
  ws_trade: string;
}

export interface EmulatorProcess {
  urls: Urls;
  proc: Subprocess<'ignore', 'pipe', 'pipe'>;
  /** RestClientV5 signed with `key`/`secret` (default the e2e account). */
  rest(key?: string, secret?: string, timeoutMs?: number): RestClientV5;
  /** GET /admin/state's result. */
  state(): Promise<AdminState>;
  /** POST /admin/fault: HTTP status, retCode and result. */
  fault(body: Record<string, unknown>): Promise<{ status: number; retCode: number; retMsg: string; result: unknown }>;
  /** POST /admin/step {minutes}: the minutes stepped. */
  step(minutes: number): Promise<number>;
  /** POST /admin/speed {speed}: retCode and result. */
  speed(speed: number | 'max'): Promise<{ retCode: number; result: unknown }>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number>;
}

export interface AdminState {
  serverNowMs: number;
  marketNowMs: number;
  replay: { confirmed: number; minutes: number; finished: boolean } | null;
  faults: Record<string, unknown> & { served: Record<string, number> };
  /** Requests served per path since start. */
  requests: Record<string, number>;
  /** The per-key rate limiter: its window, and requests admitted and refused (10006) per path. */
  rateLimit: { windowMs: number; admitted: Record<string, number>; refused: Record<string, number> };
  connections: { connId: string; path: string; subs: string[]; account: string | null; stalled: boolean }[];
  accounts: {
    key: string;
    dcp: { windowS: number; lifelines: string[]; deadlineMs: number | null; firedAtMs: number | null; cancelled: number };
    position: Record<string, string> | null;
    orders: (Record<string, string> & { orderLinkId: string; orderStatus: string; cancelType: string; createType: string })[];
    executions: { orderLinkId: string; execType: string }[];
  }[];
}

/** Imports the bundled sample month into `sb.dir/name` through the CLI; returns the store path. */
export function sampleStore(sb: Sandbox, name = 'emu.duckdb'): string {
  const db = join(sb.dir, name);
  const r = sb.run('data', 'import', '--sample', '--db', db);
  if (r.code !== 0) throw new Error(`trade data import --sample failed (${r.code}): ${r.err}`);
  return db;
}

/** Reads `stream` up to its first newline. */
export async function firstLine(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  let text = '';
  while (!text.includes('\n')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return text.split('\n')[0] as string;
}

/** Spawns `trade emulator --json ...args` in the sandbox and waits for its URL line. */
export async function startEmulatorProcess(sb: Sandbox, args: readonly string[]): Promise<EmulatorProcess> {
  const proc = Bun.spawn([...TRADE, 'emulator', '--json', ...args], { cwd: sb.dir, env: sb.env, stdout: 'pipe', stderr: 'pipe' });
  const line = await firstLine(proc.stdout);
  let urls: Urls;
  try {
    urls = JSON.parse(line) as Urls;
  } catch {
    proc.kill('SIGTERM');
    throw new Error(`trade emulator printed '${line}' (stderr: ${await new Response(proc.stderr).text()})`);
  }
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${urls.rest}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as { retCode: number; retMsg: string; result: unknown } };
  };
  return {
    urls,
    proc,
    rest: (key = KEY, secret = SECRET, timeoutMs = 10_000) => new RestClientV5({ key, secret, baseUrl: urls.rest }, { timeout: timeoutMs }),
    state: async () => (await admin('GET', '/admin/state')).json.result as AdminState,
    fault: async (body) => {
      const a = await admin('POST', '/admin/fault', body);
      return { status: a.status, retCode: a.json.retCode, retMsg: a.json.retMsg, result: a.json.result };
    },
    step: async (minutes) => {
      const a = await admin('POST', '/admin/step', { minutes });
      if (a.json.retCode !== 0) throw new Error(`/admin/step: ${a.json.retCode} ${a.json.retMsg}`);
      return (a.json.result as { stepped: number }).stepped;
    },
    speed: async (speed) => {
      const a = await admin('POST', '/admin/speed', { speed });
      return { retCode: a.json.retCode, result: a.json.result };
    },
    stop: async () => {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      return await proc.exited;
    },
  };
}

/** Waits for `pred`, polling every 5 ms; fails naming `what` after `maxMs` (a bound, not an assertion on time). */
export async function until(pred: () => boolean | Promise<boolean>, what: string, maxMs = 10_000): Promise<void> {
  for (let waited = 0; !(await pred()); waited += 5) {
    if (waited > maxMs) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(5);
  }
}

export function hmacHex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}

export interface Bar {
  open: number;
  high: number;
  low: number;
  close: number;
}

let sampleBars: Map<number, Bar> | undefined;

/** The bundled sample's 1m bar at `tsMs`, read from the gzip file itself (not the store). */
export function sampleBar(tsMs: number): Bar {
  if (!sampleBars) {
    sampleBars = new Map();
    const text = gunzipSync(readFileSync(join(ROOT, 'data/sample/bybit_linear_BTCUSDT_1m_2024-08.csv.gz'))).toString();
    // OpenTime,CloseTime,OpenPrice,ClosePrice,HighPrice,LowPrice,...
    for (const line of text.split('\n').slice(1)) {
      const f = line.split(',');
      if (f.length < 6) continue;
      sampleBars.set(Date.parse(f[0] as string), {
        open: +(f[2] as string),
        close: +(f[3] as string),
        high: +(f[4] as string),
        low: +(f[5] as string),
      });
    }
  }
  const bar = sampleBars.get(tsMs);
  if (!bar) throw new Error(`the sample has no bar at ${new Date(tsMs).toISOString()}`);
  return bar;
}

/** A raw WebSocket that records every message (text and parsed). */
export async function rawSocket(url: string): Promise<{ ws: WebSocket; texts: string[]; msgs: Record<string, unknown>[] }> {
  const ws = new WebSocket(url);
  const texts: string[] = [];
  const msgs: Record<string, unknown>[] = [];
  ws.onmessage = (e) => {
    texts.push(String(e.data));
    msgs.push(JSON.parse(String(e.data)));
  };
  await new Promise((res, rej) => {
    ws.onopen = res;
    ws.onerror = rej;
  });
  return { ws, texts, msgs };
}

/** A WS `auth` op for the account, expiring 5 s from now. */
export function wsAuth(reqId: string, key = KEY, secret = SECRET): string {
  const expires = Date.now() + 5000;
  return JSON.stringify({ op: 'auth', args: [key, expires, hmacHex(secret, `GET/realtime${expires}`)], req_id: reqId });
}

/**
 * A paused emulator over the bundled sample's 2024-08-05, one account (KEY:SECRET) and the admin
 * endpoints, stepped 5 minutes in (the order tools' tests start from there).
 */
export async function startSampleDayEmulator(sb: Sandbox): Promise<EmulatorProcess> {
  const emu = await startEmulatorProcess(sb, [
    ...['--db', sampleStore(sb), '--admin', '--account', `${KEY}:${SECRET}`],
    ...['--symbol', 'BTCUSDT', '--from', '2024-08-05T00:00:00Z', '--to', '2024-08-06T00:00:00Z', '--speed', '0'],
  ]);
  await emu.step(5);
  return emu;
}
