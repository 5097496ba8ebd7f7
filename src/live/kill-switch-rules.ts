// When a session moves its own kill switch down to REDUCING (LIVE.md §7; the daily loss limit is
// the engine's), and how each reason reads in the session's output. A person moves it up again.
/** Minutes in a row with stale data (entries stopped) that move the kill switch to REDUCING. */
export const STALE_BARS_TO_REDUCE = 5;
/** Definite rejects in a row (no accept between) that move the kill switch to REDUCING. */
export const REJECTS_TO_REDUCE = 3;
export const REDUCING_WHY: Record<string, string> = {
  daily_loss_limit: 'daily loss limit passed',
  reducing_stale_data: `stale data for ${STALE_BARS_TO_REDUCE} minutes in a row`,
  reducing_rejects: `${REJECTS_TO_REDUCE} orders rejected in a row`,
};
