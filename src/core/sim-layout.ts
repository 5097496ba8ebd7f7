// The sim's ABI layout as TypeScript constants (record sizes, state fields, reason and enum
// names), checked once against `sim_layout_json` from the core so the two sides cannot drift.
import { CoreError } from '../errors';
import { core, readScratchJson } from './memory';

export const SIM_EVENT_STRIDE = 16;
export const SIM_ORDER_FIELDS = 11;
export const SIM_CONFIG_HEAD = 11;
export const SIM_TIER_FIELDS = 4;

export const SIM_STATE_FIELDS = [
  'positionSide',
  'positionQty',
  'entryPrice',
  'unrealisedPnlUsdt',
  'liqPrice',
  'positionMarginUsdt',
  'maintenanceMarginUsdt',
  'walletUsdt',
  'equityUsdt',
  'availableUsdt',
  'orderMarginUsdt',
  'openOrders',
  'realisedPnlUsdt',
  'feesUsdt',
  'fundingUsdt',
  'markPrice',
  'lastPrice',
  'takeProfitPrice',
  'stopLossPrice',
  'trailingStopPrice',
  'ambiguousBars',
  'ambiguousFills',
  'ambiguousPnlUsdt',
  'bankruptcyPrice',
  'positionValueUsdt',
  'bars',
] as const;
export type SimStateField = (typeof SIM_STATE_FIELDS)[number];

/** The column run's record (core-rs/src/sim/signal_run.rs): its inputs, then what it keeps and reports. */
export const SIM_RUN_FIELDS = [
  'sizingKind',
  'sizingValue',
  'qtyStep',
  'qtyStepNum',
  'qtyStepPow',
  'tickSize',
  'tickNum',
  'tickPow',
  'minQty',
  'minNotionalUsdt',
  'maxNotionalUsdt',
  'leverage',
  'costRateLong',
  'costRateShort',
  'takerFeeRate',
  'maxOrdersPerMinute',
  'stopKind',
  'stopValue',
  'stopMult',
  'takeKind',
  'takeValue',
  'takeMult',
  'feesUsdt',
  'fundingUsdt',
  'fills',
  'ambiguousFills',
  'fundingIndex',
  'rows',
  'trades',
  'bailBar',
  'openEntryTsMs',
  'recentCount',
  'recent0',
  'recent1',
  'recent2',
  'recent3',
  'recent4',
  'recent5',
  'recent6',
  'recent7',
] as const;
export type SimRunField = (typeof SIM_RUN_FIELDS)[number];
/**
 * Signal flags of one 1m bar (the column run): the emits in EMIT_BIT order (1..32) when flat, the
 * same shifted by SIM_SIGNAL_SIDE_SHIFT when long and by twice that when short, then the exec close.
 */
export const SIM_SIGNAL_SIDE_SHIFT = 6;
export const SIM_SIGNAL_EXEC_CLOSE = 1 << (3 * SIM_SIGNAL_SIDE_SHIFT);

export const SIM_EVENT_KINDS = ['fill', 'rejected', 'funding', 'liquidation', 'triggered', 'cancelled', 'trade_closed'] as const;
export const SIM_FILL_REASONS = ['entry', 'exit', 'take_profit', 'stop_loss', 'trailing', 'liquidation'] as const;
export type SimFillReason = (typeof SIM_FILL_REASONS)[number];
export const SIM_TRIGGER_SOURCES = ['stop', 'take_profit', 'stop_loss', 'trailing'] as const;
export type SimTriggerSource = (typeof SIM_TRIGGER_SOURCES)[number];

/** Rejection and cancel reasons by id (1-based), with the Bybit retCode each maps to. */
export const SIM_REASONS = [
  'QTY_INVALID',
  'QTY_BELOW_MIN',
  'PRICE_INVALID',
  'NOTIONAL_BELOW_MIN',
  'REDUCE_ONLY_NO_POSITION',
  'INSUFFICIENT_AVAILABLE_BALANCE',
  'EC_POST_ONLY_WILL_TAKE_LIQUIDITY',
  'TRIGGER_EXPECT_RISING',
  'TRIGGER_EXPECT_FALLING',
  'ORDER_NOT_FOUND',
  'RISK_LIMIT_EXCEEDED',
  'TPSL_INVALID',
  'TPSL_NO_POSITION',
  'TOO_MANY_CONDITIONAL',
  'NO_REFERENCE_PRICE',
  'USER_CANCEL',
  'POSITION_CLOSED',
] as const;
export type SimReason = (typeof SIM_REASONS)[number];

interface CoreLayout {
  eventStride: number;
  stateLen: number;
  orderFields: number;
  configHead: number;
  tierFields: number;
  runLen: number;
  signalSideShift: number;
  signalExecClose: number;
  stateFields: string[];
  runFields: string[];
  eventKinds: string[];
  fillReasons: string[];
  triggerSources: string[];
  reasons: { id: number; name: string; retCode: number; doc: string }[];
}

let checked = false;

/** Throws a CoreError naming the first field where the TypeScript layout and the core differ. */
export function checkSimLayout(): void {
  if (checked) return;
  const got = readScratchJson<CoreLayout>(() => core().sim_layout_json());
  const expected: Record<string, unknown> = {
    eventStride: SIM_EVENT_STRIDE,
    stateLen: SIM_STATE_FIELDS.length,
    orderFields: SIM_ORDER_FIELDS,
    configHead: SIM_CONFIG_HEAD,
    tierFields: SIM_TIER_FIELDS,
    runLen: SIM_RUN_FIELDS.length,
    signalSideShift: SIM_SIGNAL_SIDE_SHIFT,
    signalExecClose: SIM_SIGNAL_EXEC_CLOSE,
    stateFields: SIM_STATE_FIELDS,
    runFields: SIM_RUN_FIELDS,
    eventKinds: SIM_EVENT_KINDS,
    fillReasons: SIM_FILL_REASONS,
    triggerSources: SIM_TRIGGER_SOURCES,
    reasons: SIM_REASONS,
  };
  const actual: Record<string, unknown> = { ...got, reasons: got.reasons.map((r) => r.name) };
  for (const [key, want] of Object.entries(expected)) {
    if (JSON.stringify(actual[key]) !== JSON.stringify(want)) {
      throw new CoreError(
        'CORE',
        `sim layout drift at ${key}: core has ${JSON.stringify(actual[key])}, src/core/sim-layout.ts has ${JSON.stringify(want)}`,
      );
    }
  }
  checked = true;
}
