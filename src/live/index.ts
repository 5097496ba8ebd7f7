// Live trading: the session runner (start-up, market feed, engine, venue, journal), real-time
// state, mode guards and what a session prints (LIVE.md §6-7).
export { type CrashInstant, CrashPoint, crashPointFromEnv } from './crash-point';
export { checkLiveOptIn, type Keys, loadKeys, parseMode, type RunMode, redact } from './guards';
export { JournaledVenue } from './journaled-venue';
export { BAR_STALE_MS, RealtimeState, TICKER_STALE_MS } from './realtime-state';
export { type Divergence, describeDivergence, type ReplayReport, replaySession } from './replay';
export { type ExchangeVenue, LiveSession, type SessionOptions, type SessionSummary } from './session';
export { formatLine, type SessionLine } from './session-lines';
