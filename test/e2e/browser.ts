// Drives Debian's headless chromium over the Chrome DevTools Protocol (Bun's WebSocket, no
// playwright): opens a page, collects console errors, exceptions and every request the page makes,
// evaluates expressions and takes element screenshots. Chromium listens on 127.0.0.1 only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

type Json = Record<string, unknown>;

export interface PageLog {
  errors: string[];
  /** URLs of requests the page made (the page's own file:// URL included). */
  requests: string[];
}

export class Browser {
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: Json) => void; reject: (e: Error) => void }>();
  private listeners: ((method: string, params: Json) => void)[] = [];

  private constructor(
    private readonly proc: ReturnType<typeof Bun.spawn>,
    private readonly ws: WebSocket,
    private readonly profileDir: string,
  ) {
    ws.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data)) as {
        id?: number;
        result?: Json;
        error?: { message: string };
        method?: string;
        params?: Json;
      };
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(msg.error.message));
        else p?.resolve(msg.result ?? {});
      } else if (msg.method) for (const l of this.listeners) l(msg.method, msg.params ?? {});
    };
  }

  static async launch(width = 1280, height = 900): Promise<Browser> {
    const profileDir = mkdtempSync(join(tmpdir(), 'trade-chromium-'));
    const proc = Bun.spawn(
      [
        CHROMIUM,
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--no-default-browser-check',
        '--disable-extensions',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--hide-scrollbars',
        `--window-size=${width},${height}`,
        '--remote-debugging-address=127.0.0.1',
        '--remote-debugging-port=0',
        `--user-data-dir=${profileDir}`,
        'about:blank',
      ],
      { stdout: 'ignore', stderr: 'pipe' },
    );
    // Chromium prints "DevTools listening on ws://127.0.0.1:<port>/devtools/browser/<id>".
    const reader = (proc.stderr as ReadableStream<Uint8Array>).getReader();
    let text = '';
    let port = 0;
    while (port === 0) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`chromium exited before listening: ${text.slice(-500)}`);
      text += new TextDecoder().decode(value);
      const m = /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(text);
      if (m) port = Number(m[1]);
    }
    void (async () => {
      while (!(await reader.read()).done) {}
    })();
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { type: string; webSocketDebuggerUrl: string }[];
    const page = targets.find((t) => t.type === 'page');
    if (!page) throw new Error('chromium has no page target');
    const ws = new WebSocket(page.webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error('cannot connect to chromium'));
    });
    const b = new Browser(proc, ws, profileDir);
    await b.send('Runtime.enable');
    await b.send('Log.enable');
    await b.send('Network.enable');
    await b.send('Page.enable');
    return b;
  }

  send(method: string, params: Json = {}): Promise<Json> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  /** Navigates to `url`, waits for `readyExpr` to be true; returns what the page logged meanwhile. */
  async open(url: string, readyExpr: string, timeoutMs = 60_000): Promise<PageLog> {
    const log: PageLog = { errors: [], requests: [] };
    const listener = (method: string, p: Json) => {
      if (method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'assert'))
        log.errors.push(`console.${p.type}: ${JSON.stringify((p.args as Json[]).map((a) => a.value ?? a.description))}`);
      else if (method === 'Runtime.exceptionThrown') log.errors.push(`exception: ${JSON.stringify(p.exceptionDetails)}`);
      else if (method === 'Log.entryAdded' && (p.entry as Json).level === 'error') log.errors.push(`log: ${(p.entry as Json).text}`);
      else if (method === 'Network.requestWillBeSent') log.requests.push(String((p.request as Json).url));
    };
    this.listeners.push(listener);
    try {
      await this.send('Page.navigate', { url });
      const start = Date.now();
      while (!(await this.evaluate(readyExpr))) {
        if (Date.now() - start > timeoutMs) throw new Error(`page not ready after ${timeoutMs} ms: ${readyExpr}`);
        await Bun.sleep(20);
      }
      return log;
    } finally {
      // Late events (after ready) still land in the returned log until the next open.
      setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
      }, 0);
    }
  }

  async evaluate<T = unknown>(expression: string): Promise<T> {
    const r = await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error(`evaluate ${expression}: ${JSON.stringify(r.exceptionDetails)}`);
    return (r.result as Json).value as T;
  }

  /** PNG of the element matching `selector` (scrolled into view, at its CSS size). */
  async screenshot(selector: string): Promise<Uint8Array> {
    const rect = await this.evaluate<{ x: number; y: number; width: number; height: number } | null>(
      `(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el) return null; const r = el.getBoundingClientRect(); return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height }; })()`,
    );
    if (!rect || rect.width === 0 || rect.height === 0) throw new Error(`no visible element ${selector}`);
    const r = await this.send('Page.captureScreenshot', { format: 'png', clip: { ...rect, scale: 1 }, captureBeyondViewport: true });
    return Buffer.from(String(r.data), 'base64');
  }

  /** PNG of the whole page at `width` CSS px. */
  async fullPage(): Promise<Uint8Array> {
    const size = await this.evaluate<{ w: number; h: number }>(
      '({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight })',
    );
    const r = await this.send('Page.captureScreenshot', {
      format: 'png',
      clip: { x: 0, y: 0, width: size.w, height: size.h, scale: 1 },
      captureBeyondViewport: true,
    });
    return Buffer.from(String(r.data), 'base64');
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.send('Browser.close'), Bun.sleep(2000)]);
    } catch {
      // The browser may already be gone; it is killed below either way.
    }
    this.ws.close();
    this.proc.kill();
    await this.proc.exited;
    rmSync(this.profileDir, { recursive: true, force: true });
  }
}

/** A request that leaves the page: anything but the file itself and inline data. */
export function externalRequests(requests: readonly string[]): string[] {
  return requests.filter((u) => !/^(file|data|blob|about):/.test(u));
}
