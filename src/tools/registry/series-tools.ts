// Registered indicator and structure tools: list the core's registry, describe one entry (params,
// outputs, input, warm-up rule) and compute one over stored candles, with the same param checks
// and warm start as `trade indicator` / `trade structure`.
import { z } from 'zod';
import type { SeriesKind } from '../../core';
import { findSeriesSpec, formatSeriesJson, parseParamAssignments, parseSource, seriesOverWindow } from '../indicator-series';
import { symbolInput, windowInput } from '../parse-input';
import { seriesCatalog } from '../series-catalog';
import { dbField, fromField, limitField, symbolField, tail, toField } from './fields';
import { defineTool, type ToolDef } from './tool-def';

function seriesTools(kind: SeriesKind): ToolDef[] {
  const plural = kind === 'indicator' ? 'indicators' : 'structures';
  const nameField = z.string().min(1).describe(`${kind} name, as ${kind}.list gives it`);
  return [
    defineTool({
      name: `${kind}.list`,
      group: 'series',
      description: `Every ${kind} of the core's registry with its params, outputs, input and warm-up rule`,
      input: z.object({}).strict(),
      run: async () => ({ [plural]: seriesCatalog(kind) }),
    }),
    defineTool({
      name: `${kind}.describe`,
      group: 'series',
      description: `One ${kind}: params (kind, default, range), outputs, input and warm-up rule`,
      input: z.object({ name: nameField }).strict(),
      run: async (i) => {
        findSeriesSpec(kind, i.name);
        return seriesCatalog(kind).find((e) => e.name === i.name);
      },
    }),
    defineTool({
      name: `${kind}.compute`,
      group: 'series',
      description: `Compute one ${kind} over stored candles; values are null before its warm-up`,
      input: z
        .object({
          db: dbField,
          name: nameField,
          symbol: symbolField,
          tf: z.string().describe('timeframe: 1m, 5m, 15m, 1h, 4h, 1d, ...'),
          from: fromField,
          to: toField,
          params: z.record(z.string(), z.number()).default({}).describe('param overrides by name'),
          ...(kind === 'indicator' ? { source: z.string().optional().describe('input source: close, hl2, ...') } : {}),
          limit: limitField(10_000, 500),
        })
        .strict(),
      run: async (i, ctx) => {
        const spec = findSeriesSpec(kind, i.name);
        const params = parseParamAssignments(
          kind,
          spec,
          Object.entries(i.params).map(([k, v]) => `${k}=${v}`),
        );
        const source = parseSource(kind, spec, (i as { source?: string }).source);
        const { fromMs, toMs } = windowInput(i.from, i.to);
        const series = await seriesOverWindow(
          { kind, name: i.name, params, source },
          i.db ?? ctx.dbPath,
          symbolInput(i.symbol, 'symbol'),
          i.tf,
          fromMs,
          toMs,
        );
        const json = formatSeriesJson(series, 'iso');
        const { rows, omitted } = tail(json.rows, i.limit, ctx);
        return { ...json, rows, omitted };
      },
    }),
  ];
}

export const SERIES_TOOLS: readonly ToolDef[] = [...seriesTools('indicator'), ...seriesTools('structure')];
