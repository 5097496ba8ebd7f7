// Text of `trade audit` reports: one pass/fail line per check with its figures, then the detail
// that explains a failure (the first differing bar, the input and both values).
import { isoMs } from '../domain';
import type { AuditReport, AuditResult } from './audit';

/** Both texts cut to a window around their first differing character (long command lists). */
function aroundDifference(a: string, b: string, width = 40): [string, string] {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - width);
  const cut = (t: string) => `${from > 0 ? '…' : ''}${t.slice(from, i + width)}${t.length > i + width ? '…' : ''}`;
  return [cut(a), cut(b)];
}

const mark = (pass: boolean) => (pass ? 'pass' : 'FAIL');
const window = (r: { fromMs: number; toMs: number }) => `${isoMs(r.fromMs)} .. ${isoMs(r.toMs)}`;

function lines(r: AuditReport): string[] {
  if (r.check === 'lookahead') {
    const bad = r.cuts.filter((c) => c.difference).length;
    const head = `${mark(r.pass)} lookahead: ${r.cuts.length} truncations of ${r.decisions} decisions (${window(r)}), ${bad} with a difference${r.plantedPeek ? ` [planted peek: ${r.plantedPeek}]` : ''}`;
    if (!r.first) return [head];
    const f = r.first;
    return [
      head,
      `  first differing bar ${f.bar} (exec bar ${f.execBar} of the window): ${f.field} = ${f.a} on the full data, ${f.b} on data cut after it`,
    ];
  }
  if (r.check === 'warmup') {
    const head = `${mark(r.pass)} warmup: declared ${r.declaredWarmup1m} 1m bars, decisions stable from ${r.stableFromWarmup1m} (reference ${r.referenceWarmup1m}; ${window(r)})`;
    const rows = r.steps.map((s) => {
      const gap = s.largestGap
        ? `largest input gap ${s.largestGap.relativePct.toPrecision(3)}% (${s.largestGap.field} at ${s.largestGap.bar})`
        : 'inputs identical';
      const first = s.firstDifference
        ? `; first difference ${s.firstDifference.bar} ${s.firstDifference.field}: ${s.firstDifference.a} vs ${s.firstDifference.b}`
        : '';
      const c = s.firstChange;
      const [ca, cb] = c ? aroundDifference(c.a, c.b) : ['', ''];
      const change = c ? ` (first ${c.bar} ${c.field}: ${ca} vs ${cb})` : '';
      return `  warm-up ${s.warmup1m}: ${s.changedDecisions} decisions changed${change}, ${gap}${first}`;
    });
    return [head, ...rows];
  }
  if (r.check === 'coverage') {
    const unfired = r.cases.filter((c) => c.fired === 0).map((c) => c.name);
    const reasons =
      Object.entries(r.exitReasons)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none';
    return [
      `info coverage: ${r.cases.length - unfired.length} of ${r.cases.length} rule cases decided at least once${unfired.length > 0 ? `; never: ${unfired.join(', ')}` : ''}`,
      `  cases: ${r.cases.map((c) => `${c.name} ×${c.fired}`).join(', ')}`,
      `  exit reasons: ${reasons}`,
      `  operators: ${r.operators.join(' ')}`,
      `  features: ${r.features.join(', ') || 'none'}; orders: ${r.orderTypes.join(', ')}; stops: ${r.stops.join(', ') || 'none'}`,
    ];
  }
  return [
    `${mark(r.pass)} determinism: two runs, ${r.decisions} decisions and ${r.trades} trades, sha256 ${r.hashes[0].slice(0, 16)} ${r.pass ? '==' : '!='} ${r.hashes[1].slice(0, 16)}`,
  ];
}

export function formatAudit(r: AuditResult): string {
  return [`audit ${r.play} on ${r.symbol}: ${r.pass ? 'pass' : 'FAIL'}`, ...r.reports.flatMap(lines)].join('\n');
}
