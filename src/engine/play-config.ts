// Maps a validated Play (and the instrument it trades) to the EngineConfig: sizing plan, lot rules,
// the entry order's type, offset, time in force and expiry. One place, so every mode builds the
// engine the same way.
import type { Instrument } from '../domain';
import { TradeError } from '../errors';
import type { Play } from '../play';
import type { EngineConfig } from './play-engine';
import type { SizingPlan } from './sizing';

/** risk.max_orders_per_minute when the Play leaves it out. */
export const DEFAULT_MAX_ORDERS_PER_MINUTE = 20;

const TIF = { gtc: 'GTC', ioc: 'IOC', fok: 'FOK', post_only: 'PostOnly' } as const;

export function engineConfig(play: Play, instrument: Instrument, runId: string): EngineConfig {
  const entry = play.execution.entry;
  return {
    runId,
    evaluateEvery: play.execution.evaluate === 'every_1m' ? '1m_close' : 'exec_close',
    sizing: sizingPlan(play.risk.sizing),
    leverage: play.risk.leverage,
    maxNotionalUsdt: play.risk.max_notional_usdt,
    rules: {
      qtyStep: instrument.qtyStep,
      minQty: instrument.minQty,
      minNotionalUsdt: instrument.minNotional,
      tickSize: instrument.tickSize,
    },
    limitOffsetPct: entry.type === 'limit' ? (entry.offset_pct ?? 0) : undefined,
    timeInForce: entry.time_in_force ? TIF[entry.time_in_force] : 'GTC',
    entryExpireBars: entry.type === 'limit' ? entry.expire_bars : undefined,
    dailyLossLimitPct: play.risk.daily_loss_limit_pct,
    maxOrdersPerMinute: play.risk.max_orders_per_minute ?? DEFAULT_MAX_ORDERS_PER_MINUTE,
    takerFeeRate: play.account.taker_fee_rate,
  };
}

function sizingPlan(s: Play['risk']['sizing']): SizingPlan {
  if (s.risk_pct !== undefined) return { kind: 'risk_pct', pct: s.risk_pct };
  if (s.notional_usdt !== undefined) return { kind: 'notional', usdt: s.notional_usdt };
  if (s.equity_pct !== undefined) return { kind: 'equity_pct', pct: s.equity_pct };
  if (s.qty !== undefined) return { kind: 'fixed_qty', qty: s.qty };
  throw new TradeError('PLAY_INVALID', 'risk.sizing needs one of risk_pct, notional_usdt, equity_pct, qty');
}
