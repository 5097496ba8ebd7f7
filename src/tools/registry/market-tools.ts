// Registered market tools: the last price, 1m OHLCV and funding history of a symbol from Bybit's
// public V5 REST (mainnet by default, or `endpoint`: the emulator). Unsigned; no keys needed.
import { z } from 'zod';
import { BybitMarketClient } from '../../bybit';
import { isoMs } from '../../domain';
import { symbolInput, windowInput } from '../parse-input';
import { restUrl } from './exchange';
import { endpointField, fromField, limitField, symbolField, toField } from './fields';
import { lastPrice } from './order-checks';
import { defineTool, type ToolContext, type ToolDef } from './tool-def';

const fields = { symbol: symbolField, endpoint: endpointField };
const client = (endpoint: string | undefined, ctx: ToolContext) =>
  new BybitMarketClient({ baseUrl: restUrl('live', endpoint, ctx), retry: { maxAttempts: 3 } });

export const MARKET_TOOLS: readonly ToolDef[] = [
  defineTool({
    name: 'market.price',
    group: 'market',
    description: "A symbol's last traded price: the close of Bybit's newest 1m candle (the one forming)",
    input: z.object(fields).strict(),
    run: async (i, ctx) => {
      const symbol = symbolInput(i.symbol, 'symbol');
      const p = await lastPrice(restUrl('live', i.endpoint, ctx), symbol, ctx.nowMs());
      return { symbol, price: p.price, candleOpen: isoMs(p.tsMs) };
    },
  }),
  defineTool({
    name: 'market.ohlcv',
    group: 'market',
    description: "A symbol's 1m candles from Bybit, oldest first (the newest may still be forming)",
    input: z.object({ ...fields, from: fromField, to: toField, limit: limitField(1000, 60) }).strict(),
    run: async (i, ctx) => {
      const symbol = symbolInput(i.symbol, 'symbol');
      const w = windowInput(i.from, i.to);
      const page = await client(i.endpoint, ctx).klinePage(symbol, w.fromMs ?? 0, w.toMs ?? ctx.nowMs() + 60_000, i.limit);
      const c = page.cols;
      const rows = [];
      for (let k = c.tsMs.length - 1; k >= 0; k--)
        rows.push({
          ts: isoMs(c.tsMs[k] as number),
          open: c.open[k],
          high: c.high[k],
          low: c.low[k],
          close: c.close[k],
          volume: c.volume[k],
        });
      return { symbol, interval: '1m', candles: rows };
    },
  }),
  defineTool({
    name: 'market.funding_rate',
    group: 'market',
    description: "A symbol's funding settlements (rate per interval; > 0 longs pay shorts), newest first",
    input: z.object({ ...fields, from: fromField, to: toField, limit: limitField(200, 10) }).strict(),
    run: async (i, ctx) => {
      const symbol = symbolInput(i.symbol, 'symbol');
      const w = windowInput(i.from, i.to);
      const page = await client(i.endpoint, ctx).fundingPage(symbol, w.fromMs ?? 0, w.toMs ?? ctx.nowMs(), i.limit);
      return { symbol, funding: page.rows.map((r) => ({ ts: isoMs(r.tsMs), rate: r.rate })) };
    },
  }),
];
