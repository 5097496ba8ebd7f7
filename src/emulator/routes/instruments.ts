// GET /v5/market/instruments-info (§2.4) and GET /v5/market/risk-limit (§2.5), built from the
// instruments the store holds (bundled defaults or a synced copy). Fields the store does not keep are
// filled with Bybit's BTCUSDT sample values (status Trading, price bounds, order maxima). Risk-limit
// rates are decimal-fraction strings; tier 1 has mmDeduction "" as on Bybit. The risk-limit list is
// paged by `riskLimitPageRows` rows with an offset cursor.
import { listInstruments } from '../../data';
import type { Instrument } from '../../domain';
import { ApiError, linearCategory } from '../params';
import { dec, type Handler, knownSymbol } from './context';

function decimals(step: number): number {
  const s = dec(step);
  return s.includes('.') ? (s.split('.')[1] as string).length : 0;
}

function instrumentItem(i: Instrument): Record<string, unknown> {
  const base = i.symbol.replace(/USDT$/, '');
  return {
    symbol: i.symbol,
    contractType: 'LinearPerpetual',
    status: 'Trading',
    baseCoin: base,
    quoteCoin: 'USDT',
    launchTime: '0',
    deliveryTime: '0',
    deliveryFeeRate: '',
    priceScale: String(decimals(i.tickSize)),
    leverageFilter: { minLeverage: '1', maxLeverage: i.maxLeverage.toFixed(2), leverageStep: '0.01' },
    priceFilter: { minPrice: dec(i.tickSize), maxPrice: '1999999.80', tickSize: dec(i.tickSize) },
    lotSizeFilter: {
      maxOrderQty: '1190.000',
      minOrderQty: dec(i.minQty),
      qtyStep: dec(i.qtyStep),
      postOnlyMaxOrderQty: '1190.000',
      maxMktOrderQty: '500.000',
      minNotionalValue: dec(i.minNotional),
    },
    unifiedMarginTrade: true,
    fundingInterval: i.fundingIntervalMin,
    settleCoin: 'USDT',
    copyTrading: 'both',
    upperFundingRate: '0.00375',
    lowerFundingRate: '-0.00375',
    isPreListing: false,
    preListingInfo: null,
    riskParameters: { priceLimitRatioX: '0.01', priceLimitRatioY: '0.02' },
    symbolType: '',
    displayName: '',
  };
}

async function instrumentsFor(q: URLSearchParams, ctx: Parameters<Handler>[1]): Promise<Instrument[]> {
  const symbol = q.get('symbol');
  if (symbol) knownSymbol(ctx, symbol);
  const all = await listInstruments(ctx.store);
  return symbol ? all.filter((i) => i.symbol === symbol) : all;
}

export const instrumentsInfo: Handler = async (q, ctx) => {
  linearCategory(q);
  return { category: 'linear', list: (await instrumentsFor(q, ctx)).map(instrumentItem), nextPageCursor: '' };
};

export const riskLimit: Handler = async (q, ctx) => {
  linearCategory(q, true);
  const rows = (await instrumentsFor(q, ctx)).flatMap((i) =>
    i.tiers.map((t, k) => ({
      id: k + 1,
      symbol: i.symbol,
      riskLimitValue: dec(t.riskLimitUsdt),
      maintenanceMargin: dec(t.mmr),
      initialMargin: dec(+(1 / t.maxLeverage).toFixed(8)),
      isLowestRisk: k === 0 ? 1 : 0,
      maxLeverage: t.maxLeverage.toFixed(2),
      mmDeduction: k === 0 ? '' : dec(t.mmDeductionUsdt),
    })),
  );
  const cursor = q.get('cursor') ?? '';
  if (cursor !== '' && !/^\d+$/.test(cursor)) throw new ApiError(10001, `params error: cursor '${cursor}' is not one this server issued`);
  const at = cursor === '' ? 0 : Number(cursor);
  const next = at + ctx.riskLimitPageRows;
  return { category: 'linear', list: rows.slice(at, next), nextPageCursor: next < rows.length ? String(next) : '' };
};
