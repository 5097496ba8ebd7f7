// A sparkline of a series in `width` cells (▁..█): the series is cut into `width` buckets and each
// shows its last value, scaled between the minimum and maximum shown. Pure.
const BLOCKS = '▁▂▃▄▅▆▇█';

export function sparkline(series: readonly number[], width: number): string {
  if (series.length === 0 || width <= 0) return '';
  const n = Math.min(width, series.length);
  const pts: number[] = [];
  for (let i = 1; i <= n; i++) pts.push(series[Math.ceil((i * series.length) / n) - 1] as number);
  const lo = Math.min(...pts);
  const hi = Math.max(...pts);
  const span = hi - lo;
  return pts.map((v) => BLOCKS[span > 0 ? Math.round(((v - lo) / span) * (BLOCKS.length - 1)) : 0]).join('');
}
