// `trade walkforward`: check the options, folds and variants, open the symbol's market, run it.

import { withSymbolMarket } from '../data';
import { TradeError } from '../errors';
import { durationInput } from '../research/inputs';
import { makePlan, type Plan } from '../research/plan';
import { runWalkForward, type WalkForwardOutcome } from '../research/walkforward';
import { commonResearchInput, researchRunOptions, type SweepInput } from './sweep';

export interface WalkForwardInput extends SweepInput {
  train?: string;
  test?: string;
  step?: string;
  anchored: boolean;
}

export async function walkForward(input: WalkForwardInput): Promise<WalkForwardOutcome & { plan: Plan }> {
  const common = await commonResearchInput(input);
  const trainMs = durationInput(input.train, '--train');
  const testMs = durationInput(input.test, '--test');
  if (trainMs === undefined || testMs === undefined)
    throw new TradeError('USAGE', 'trade walkforward: --train and --test are required (e.g. --train 90d --test 30d)');
  const stepMs = durationInput(input.step, '--step') ?? testMs;
  const plan = makePlan(input);
  const outcome = await withSymbolMarket(input.dbPath, common.symbol ?? plan.base.play.symbol, (market) =>
    runWalkForward(market, plan, { ...researchRunOptions(input, common, plan), trainMs, testMs, stepMs, anchored: input.anchored }),
  );
  return { ...outcome, plan };
}
