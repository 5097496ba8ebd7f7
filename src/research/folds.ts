// Walk-forward folds over [fromMs, toMs). Fold k tests [testFromMs, testFromMs + testMs) right
// after its training window, which ends where the test starts (no bar in both):
//   rolling:  train [fromMs + k·step, fromMs + k·step + train)
//   anchored: train [fromMs, fromMs + train + k·step)
// Folds continue while the whole test window fits before toMs; step defaults to the test length,
// so test windows tile the span without overlap.

import { isoMs } from '../domain';
import { TradeError } from '../errors';

export interface Fold {
  index: number;
  trainFromMs: number;
  trainToMs: number;
  testFromMs: number;
  testToMs: number;
}

export interface FoldSpec {
  fromMs: number;
  toMs: number;
  trainMs: number;
  testMs: number;
  stepMs: number;
  anchored: boolean;
}

export function walkForwardFolds(s: FoldSpec): Fold[] {
  const folds: Fold[] = [];
  for (let k = 0; ; k++) {
    const trainToMs = s.fromMs + s.trainMs + k * s.stepMs;
    const testToMs = trainToMs + s.testMs;
    if (testToMs > s.toMs) break;
    const trainFromMs = s.anchored ? s.fromMs : s.fromMs + k * s.stepMs;
    folds.push({ index: k, trainFromMs, trainToMs, testFromMs: trainToMs, testToMs });
  }
  if (folds.length === 0)
    throw new TradeError(
      'USAGE',
      `walkforward: the window ${isoMs(s.fromMs)} .. ${isoMs(s.toMs)} is shorter than --train plus --test (${(s.trainMs + s.testMs) / 86_400_000} days); expected a longer window or shorter --train/--test`,
    );
  return folds;
}
