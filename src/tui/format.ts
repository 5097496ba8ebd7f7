// How the dashboard writes numbers, ages and times: fixed decimals for USDT, a sign on PnL, an
// em dash for what is not known, ages as 12s / 3m / 2h. Pure.

export const DASH = '—';

export function usdt(v: number | undefined | null): string {
  return v === undefined || v === null || !Number.isFinite(v) ? DASH : v.toFixed(2);
}

export function signedUsdt(v: number | undefined | null): string {
  if (v === undefined || v === null || !Number.isFinite(v)) return DASH;
  return `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(2)}`;
}

/** A price as the venue quotes it (up to 8 decimals, no trailing zeros). */
export function price(v: number | undefined | null): string {
  if (v === undefined || v === null || !Number.isFinite(v)) return DASH;
  return String(Math.round(v * 1e8) / 1e8);
}

/** A feature value: 6 significant digits. */
export function value(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return DASH;
  return Math.abs(v) >= 1e6 || Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

export function age(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return DASH;
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  return `${Math.floor(s / 3600)}h`;
}
