// Backtest: runner, gates, metrics, artifacts, hashing.
export { equityColumns, type Manifest, verifyArtifacts, writeArtifacts } from './artifacts';
export { computeMetrics, type Metrics } from './metrics';
export { type BacktestOptions, type BacktestOutcome, type FeaturePipelineName, type IntrabarMode, runBacktest } from './run';
export { BACKTEST_RUN_ID, type Simulation, type SimulationOptions, simulate } from './simulate';
