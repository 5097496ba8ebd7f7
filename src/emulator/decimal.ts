// Number formatting for answers: Bybit sends prices, quantities and money as decimal strings with no
// exponent and no float noise. `decStr(x, d)` rounds to `d` decimals and drops trailing zeros.
export function decStr(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return '0';
  const s = x.toFixed(decimals);
  const t = s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
  return t === '-0' ? '0' : t;
}

/** USDT amounts: 8 decimals (the core's ledger unit is 1e-8 USDT). */
export function usdt(x: number): string {
  return decStr(x, 8);
}

/** Decimals of a grid step (0.1 → 1, 0.001 → 3). */
export function stepDecimals(step: number): number {
  const s = String(step);
  if (s.includes('e-')) return Number(s.split('e-')[1]);
  return s.includes('.') ? (s.split('.')[1] as string).length : 0;
}
