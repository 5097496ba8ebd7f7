// One instrument from Bybit V5 (or the emulator), checked: instruments-info and every risk-limit
// tier through BybitMarketClient, with positive grids and limits, tiers strictly ascending by risk
// limit, MMR in (0, 1) and deduction >= 0. `trade data instruments --sync` and the live runner's
// start-up (BybitVenue.readInstrument) both read instruments through here.
import type { Instrument } from '../domain';
import { VenueError } from '../errors';
import type { BybitMarketClient } from './market-client';
import type { InstrumentSpec, RiskTierRow } from './market-parse';

function specProblems(s: InstrumentSpec): string[] {
  const out: string[] = [];
  const positive = ['tickSize', 'qtyStep', 'minQty', 'maxLeverage', 'fundingIntervalMin'] as const;
  for (const k of positive) if (!(s[k] > 0)) out.push(`${k} ${s[k]} must be > 0`);
  if (!(s.minNotional >= 0)) out.push(`minNotional ${s.minNotional} must be >= 0`);
  if (!Number.isInteger(s.fundingIntervalMin)) out.push(`fundingInterval ${s.fundingIntervalMin} must be whole minutes`);
  return out;
}

function tierProblems(tiers: readonly RiskTierRow[]): string[] {
  if (tiers.length === 0) return ['no risk-limit tiers'];
  const out: string[] = [];
  tiers.forEach((t, i) => {
    const at = `tier id ${t.id}`;
    if (!(t.mmr > 0 && t.mmr < 1)) out.push(`${at}: maintenanceMargin ${t.mmr} must be a decimal fraction in (0, 1)`);
    if (!(t.riskLimitUsdt > 0)) out.push(`${at}: riskLimitValue ${t.riskLimitUsdt} must be > 0`);
    if (!(t.maxLeverage > 0)) out.push(`${at}: maxLeverage ${t.maxLeverage} must be > 0`);
    if (!(t.mmDeductionUsdt >= 0)) out.push(`${at}: mmDeduction ${t.mmDeductionUsdt} must be >= 0`);
    const prev = tiers[i - 1];
    if (prev && !(t.riskLimitUsdt > prev.riskLimitUsdt))
      out.push(`${at}: riskLimitValue ${t.riskLimitUsdt} must be above tier id ${prev.id}'s ${prev.riskLimitUsdt} (tiers ascending)`);
  });
  return out;
}

export async function fetchInstrument(client: BybitMarketClient, symbol: string): Promise<Instrument> {
  const spec = await client.instrument(symbol);
  const bad = specProblems(spec);
  if (bad.length > 0) throw new VenueError('VENUE_BAD_RESPONSE', `${spec.label}: ${symbol}: ${bad.join('; ')}`, { endpoint: spec.label });
  const risk = await client.riskTiers(symbol);
  const tiers = [...risk.tiers].sort((a, b) => a.id - b.id);
  const badTiers = tierProblems(tiers);
  if (badTiers.length > 0)
    throw new VenueError('VENUE_BAD_RESPONSE', `${risk.label}: ${symbol}: ${badTiers.join('; ')}`, { endpoint: risk.label });
  return {
    symbol,
    tickSize: spec.tickSize,
    qtyStep: spec.qtyStep,
    minQty: spec.minQty,
    minNotional: spec.minNotional,
    maxLeverage: spec.maxLeverage,
    fundingIntervalMin: spec.fundingIntervalMin,
    tiers: tiers.map(({ riskLimitUsdt, maxLeverage, mmr, mmDeductionUsdt }) => ({ riskLimitUsdt, maxLeverage, mmr, mmDeductionUsdt })),
    source: `bybit:${client.baseUrl} instruments-info + risk-limit (${risk.pages} page${risk.pages === 1 ? '' : 's'})`,
  };
}
