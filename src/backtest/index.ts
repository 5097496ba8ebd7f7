// Backtest: runner, gates, metrics, artifacts, hashing.
export { equityColumns, type Manifest, verifyArtifacts, writeArtifacts } from './artifacts';
export { coverageGate, fundingGate } from './gates';
export { hashCanonical } from './hash';
export { computeMetrics, type Metrics } from './metrics';
export { fastResample } from './resampler';
export {
  type BacktestOptions,
  type BacktestOutcome,
  engineHash,
  type FeaturePipelineName,
  type IntrabarMode,
  playWarmStartMs,
  playWarmup,
  preRunManifest,
  recordRun,
  resolveWindow,
  runBacktest,
  runInputHash,
} from './run';
export { BACKTEST_RUN_ID, type Simulation, type SimulationOptions, simulate } from './simulate';
